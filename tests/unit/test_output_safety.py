"""Markdown and terminal output from untrusted text: only http(s) becomes a link, and no
escape sequence or control character is written, whatever field it arrives in."""

from __future__ import annotations

from dataclasses import replace

from storyfold.render.markdown import render_markdown
from storyfold.text.controls import one_line, quoted_name, strip_controls
from tests.brief_factory import make_brief

OSC = "\x1b]0;pwned\x07"
CSI = "\x1b[2J"


def test_markdown_links_only_web_urls() -> None:
    brief = make_brief()
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd"):
        info = replace(brief.articles[0], url=url)
        text = render_markdown(replace(brief, articles=(info, *brief.articles[1:])))
        assert f"<{url}>" not in text
        assert url.split(":")[0] in text  # still shown, as text
    info = replace(brief.articles[0], url="https://example.org/a")
    text = render_markdown(replace(brief, articles=(info, *brief.articles[1:])))
    assert "<https://example.org/a>" in text


def test_markdown_strips_escape_sequences_from_every_field() -> None:
    brief = make_brief(title=f"Title {OSC}here{CSI}")
    info = replace(brief.articles[0], outlet=f"Out{OSC}let", title=f"T\x9b31m{OSC}")
    text = render_markdown(replace(brief, articles=(info, *brief.articles[1:])))
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "pwned" not in text
    assert "# Title here" in text


def test_strip_controls_keeps_text_and_line_breaks() -> None:
    assert strip_controls(f"a{OSC}b\tc\nd\x00e\u202ef") == "ab\tc\ndef"
    assert one_line("a\nb\r\nc\x1b[0m") == "a b  c"


def test_quoted_name_escapes_only_names_that_need_it() -> None:
    assert quoted_name("plain/file name.txt") == "plain/file name.txt"
    assert quoted_name("x\nskipped y: forged") == repr("x\nskipped y: forged")
    assert quoted_name(f"a{OSC}") == repr(f"a{OSC}")
