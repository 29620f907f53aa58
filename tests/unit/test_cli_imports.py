"""The command line starts light: no model or data library is imported for `--help`."""

from __future__ import annotations

from pathlib import Path

from storyfold.cli.evaluate import EVAL_WORDS, SYSTEMS
from tests.python_run import run_python
from tests.unit.ferry_story import GAZETTE, POST, WIRE

HEAVY = (
    "numpy",
    "spacy",
    "thinc",
    "wordllama",
    "tokenizers",
    "safetensors",
    "lightgbm",
    "sklearn",
    "trafilatura",
    "jinja2",
    "torch",
    "pyspark",
)


def test_help_imports_no_model_library() -> None:
    code = (
        "import sys\n"
        "from storyfold.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('LOADED=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    stdout = run_python(code)
    loaded = stdout.rpartition("LOADED=")[2].strip()
    assert "Usage" in stdout
    assert loaded == "", f"--help imported {loaded}"


def test_eval_defaults_match_the_library() -> None:
    from storyfold.eval import SYSTEM_NAMES
    from storyfold.eval.run import DEFAULT_WORDS

    assert SYSTEMS.split(",") == list(SYSTEM_NAMES)
    assert EVAL_WORDS == DEFAULT_WORDS


def test_a_brief_of_text_files_in_markdown_loads_no_html_or_cli_library(tmp_path: Path) -> None:
    # trafilatura is for HTML pages, jinja2 for the HTML view, spaCy's own CLI for nothing
    # storyfold does: together about a third of a cold brief's imports.
    for name, text in (("gazette", GAZETTE), ("post", POST), ("wire", WIRE)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    code = (
        "import sys\n"
        "from storyfold.cli import app\n"
        "try:\n"
        f"    app(['brief', {str(tmp_path)!r}, '--format', 'md'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "loaded = ('trafilatura', 'jinja2', 'spacy.cli', 'weasel', 'lightgbm', 'sklearn')\n"
        "print('LOADED=' + ','.join(m for m in loaded if m in sys.modules))\n"
    )
    stdout = run_python(code)
    assert "## Summary" in stdout  # a brief was made
    loaded = stdout.rpartition("LOADED=")[2].strip()
    assert loaded == "", f"the brief imported {loaded}"
