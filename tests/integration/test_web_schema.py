"""schemathesis against /openapi.json of a running server: generated requests, bounded,
must never get a server error nor a response that breaks the published schema.

Run through schemathesis's own command (`st run`), which exits non-zero on any failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.web_site import Site

# Bounded: a couple of dozen examples an operation keeps the run to tens of seconds (POST
# /brief runs the NLP on what it is sent, so it is the slow one).
EXAMPLES = 10
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)
RUN_TIMEOUT_S = 300


def test_api_answers_within_its_schema(web_site: Site, tmp_path: Path) -> None:
    st = Path(sys.executable).with_name("st")
    result = subprocess.run(
        [
            str(st),
            "run",
            web_site.url + "/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            str(EXAMPLES),
            "--phases",
            "examples,coverage,fuzzing",
            "--seed",
            "1",
            "--generation-deterministic",
            "--request-timeout",
            "60",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # It ran every operation of the API (five), not none of them.
    assert "Selected: 5/5" in output and "Tested: 5" in output, output[-3000:]
    # Warnings (such as "the ingest operation always answered 401/403") are allowed;
    # a failure of any check is not, and would also have made the exit status non-zero.
    assert "FAILURES" not in output and "Failures:" not in output, output[-3000:]
