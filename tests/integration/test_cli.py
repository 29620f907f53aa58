"""The installed command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "harbor-bridge"
STORYFOLD = Path(sys.executable).with_name("storyfold")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [str(STORYFOLD), *map(str, args)], capture_output=True, text=True, timeout=120, env=env
    )


def test_brief_markdown_to_stdout() -> None:
    done = run("brief", EXAMPLE, "--format", "md")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# ")
    assert "## Summary" in done.stdout
    assert "Traceback" not in done.stderr


def test_brief_json_and_html_to_files(tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    done = run("brief", *sorted(EXAMPLE.iterdir()), "--format", "json", "-o", out, "--words", "120")
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "storyfold.brief/1"
    assert data["provenance"]["settings"]["words"] == 120
    assert f"wrote {out}" in done.stderr
    html = tmp_path / "brief.html"
    assert run("brief", EXAMPLE, "-f", "html", "-o", html).returncode == 0
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_bad_inputs_get_one_line_each_and_no_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    done = run("brief", empty, binary, tmp_path / "missing.txt")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert f"skipped {empty}: file is empty" in lines
    assert f"skipped {binary}: binary file, not text" in lines
    assert f"skipped {tmp_path / 'missing.txt'}: no such file or directory" in lines
    assert lines[-1].startswith("storyfold: error: ")
    assert "no usable articles" in lines[-1]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_good_and_bad_inputs_together_still_brief(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = run("brief", EXAMPLE, empty, "-f", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {"input": str(empty), "reason": "file is empty"} in data["provenance"]["skipped"]
    assert f"skipped {empty}: file is empty" in done.stderr


def test_unknown_format_and_bad_size_are_one_line_errors() -> None:
    done = run("brief", EXAMPLE, "--format", "pdf")
    assert done.returncode == 2
    assert "unknown format 'pdf'" in done.stderr and "Traceback" not in done.stderr
    done = run("brief", EXAMPLE, "--max-size", "lots")
    assert done.returncode == 2 and "not a size" in done.stderr


def test_unwritable_output_is_one_line_error(tmp_path: Path) -> None:
    done = run("brief", EXAMPLE, "-o", tmp_path / "no" / "such" / "dir" / "b.md")
    assert done.returncode == 2
    assert "cannot write" in done.stderr and "Traceback" not in done.stderr


def test_version_and_bare_command() -> None:
    import storyfold

    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == storyfold.__version__
    bare = run()
    assert bare.returncode == 2 and "brief" in bare.stdout


def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    import pty

    master, slave = pty.openpty()
    out = tmp_path / "b.json"
    with subprocess.Popen(
        [str(STORYFOLD), "brief", str(EXAMPLE), "-f", "json", "-o", str(out)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    ) as proc:
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=120) == 0
    os.close(master)
    assert b"reading" in seen  # the bar's label
    quiet = run("brief", EXAMPLE, "-f", "json", "-o", tmp_path / "c.json")
    assert "reading" not in quiet.stderr


def test_brief_markdown_shows_quotes_timeline_entities_and_comparison() -> None:
    done = run("brief", EXAMPLE, "--format", "md")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Summary",
        "## Quotes",
        "## Timeline",
        "## Entities",
        "## Comparison",
        "## Sources",
        "## Provenance",
    ]
    quotes = text.split("## Quotes", 1)[1].split("## Timeline", 1)[0]
    assert "### Lena Okafor (Mayor)" in quotes
    timeline = text.split("## Timeline", 1)[1].split("## Entities", 1)[0]
    assert "- **2026-11-03** " in timeline  # the day the bridge closed
    comparison = text.split("## Comparison", 1)[1].split("## Sources", 1)[0]
    # The story's one numeric disagreement, side by side with its sources.
    figures = comparison.split("### Figures that differ", 1)[1].split("### Framing", 1)[0]
    assert "- **vehicles a day**" in figures
    assert "  - about 38,000 — *03_metro_wire*" in figures
    assert "  - about 42,000 — *01_alden_courier*" in figures
    assert figures.count("\n  - ") == 4
    assert "| Outlet | Headline | Lead |" in comparison
    assert "*None: every article is about the same story.*" in comparison


def test_brief_json_has_the_new_sections() -> None:
    done = run("brief", EXAMPLE, "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema"] == "storyfold.brief/1"
    assert data["quotes"] and data["entities"] and data["timeline"]["events"]
    assert len(data["timeline"]["publication"]) == len(data["articles"])
    (numbers,) = data["comparison"]["numbers"]
    assert sorted({c["value"] for c in numbers["claims"]}) == [38000, 42000]
    assert len(data["comparison"]["framing"]) == len(data["articles"])
    assert data["comparison"]["off_topic"] == []
