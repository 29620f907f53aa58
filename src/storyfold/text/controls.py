"""Text made safe to print to a terminal or write into Markdown, and names made safe to
quote in a message.

Article text, titles, outlet names and file names are untrusted: an escape sequence (ESC,
OSC ``ESC ]``, CSI, C1 controls) can retitle a terminal, hide text or write a live link,
and a newline in a file name can forge a line of a report.
"""

from __future__ import annotations

import re

# C0 controls other than tab and line breaks, DEL, C1 controls, and the Unicode
# direction overrides and isolates that can make text read in a different order
# than it is stored.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# A whole escape sequence, so that the printable parameters of an OSC or CSI sequence
# ("]0;new title") do not stay behind once the ESC byte is gone.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|\x1b[@-_]"  # other two-byte escapes
)


def strip_controls(text: str, keep_newlines: bool = True) -> str:
    """``text`` without escape sequences and control characters (tabs, and with
    ``keep_newlines`` line breaks, stay)."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    if keep_newlines:
        return _CONTROLS.sub("", text)
    return _ALL_CONTROLS.sub(" ", text.replace("\t", " "))


def one_line(text: str) -> str:
    """``text`` for a single line of output: controls removed, line breaks as spaces."""
    return strip_controls(text, keep_newlines=False)


def quoted_name(name: str) -> str:
    """A file name or other input as a message shows it: unchanged when every character is
    printable, else ``repr``-style escaped and quoted, so that no name can break or forge
    a line of output."""
    if name.isprintable() and not _ALL_CONTROLS.search(name):
        return name
    return repr(name)
