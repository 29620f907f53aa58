"""Running a snippet in a fresh interpreter: what a cold process imports can only be seen
from outside it."""

from __future__ import annotations

import subprocess
import sys


def run_python(code: str) -> str:
    """Run ``code`` with this interpreter in a new process; its stdout, or a failed test
    showing the end of its stderr."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
