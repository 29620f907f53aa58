"""The command line starts light: no model or data library is imported for `--help`."""

from __future__ import annotations

import subprocess
import sys

from storyfold.cli.evaluate import EVAL_WORDS, SYSTEMS

HEAVY = ("numpy", "spacy", "wordllama", "lightgbm", "sklearn", "trafilatura", "torch", "thinc")


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
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout.rpartition("LOADED=")[2].strip()
    assert "Usage" in done.stdout
    assert loaded == "", f"--help imported {loaded}"


def test_eval_defaults_match_the_library() -> None:
    from storyfold.eval import SYSTEM_NAMES
    from storyfold.eval.run import DEFAULT_WORDS

    assert SYSTEMS.split(",") == list(SYSTEM_NAMES)
    assert EVAL_WORDS == DEFAULT_WORDS
