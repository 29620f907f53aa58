"""`storyfold eval multinews` run as a user runs it: a real process on a file we wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "multinews_tiny.jsonl"
STORYFOLD = Path(sys.executable).with_name("storyfold")
SYSTEMS = ["storyfold", "storyfold-standalone", "lead", "lexrank", "textrank", "centroid"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [str(STORYFOLD), "eval", "multinews", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def table_rows(stdout: str) -> dict[str, list[str]]:
    lines = stdout.strip().splitlines()
    header = ["system", "R1", "R2", "RLsum", "clusters/s", "cpu", "c/s", "peak", "MB", "words"]
    assert lines[0].split() == header
    return {line.split()[0]: line.split()[1:] for line in lines[1:-1]}


def test_all_systems_table_and_json(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    done = run(TINY, "--json", out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = table_rows(done.stdout)
    assert list(rows) == SYSTEMS
    assert done.stdout.strip().splitlines()[-1].startswith(f"4 clusters from {TINY}, 230-word")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "storyfold.eval/1"
    assert (data["clusters"], data["words"], data["limit"], data["skipped"]) == (4, 230, None, [])
    assert data["systems"] == SYSTEMS
    assert data["rouge_seconds"] > 0 and data["rouge_cpu_seconds"] > 0
    settings = {r["name"]: r["settings"] for r in data["results"]}
    assert settings["storyfold"]["embedder"] == "wordllama"
    assert settings["lexrank"]["library"].startswith("sumy ")
    for result in data["results"]:
        row = rows[result["name"]]
        # The table and the JSON give the same figures.
        assert [float(x) for x in row[:3]] == pytest.approx(
            [result[k] for k in ("rouge1", "rouge2", "rougeLsum")], abs=0.0051
        )
        assert 20 < result["rouge1"] < 100 and 0 < result["rouge2"] < result["rouge1"]
        assert result["clusters"] == 4 and result["seconds"] > 0
        assert result["clusters_per_second"] > 0 and result["peak_mb"] > 10
        assert result["words"] <= 230


def test_bad_lines_are_reported_and_the_rest_scored(tmp_path: Path) -> None:
    lines = TINY.read_text(encoding="utf-8").splitlines()
    mixed = tmp_path / "mixed.jsonl"
    no_summary = json.dumps({"id": "x", "documents": ["A report with no reference."]})
    mixed.write_text("\n".join([lines[0], "{not json", lines[1], no_summary]) + "\n")
    out = tmp_path / "eval.json"
    done = run(mixed, "--systems", "lead,centroid", "--words", "50", "--json", out)
    assert done.returncode == 0, done.stderr
    assert f"skipped {mixed}:2: not valid JSON" in done.stderr
    assert f'skipped {mixed}:4: no "summary" field' in done.stderr
    assert list(table_rows(done.stdout)) == ["lead", "centroid"]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["clusters"] == 2
    assert [s["input"] for s in data["skipped"]] == [f"{mixed}:2", f"{mixed}:4"]
    assert all(s["reason"] for s in data["skipped"])
    assert all(r["words"] == 50 for r in data["results"])


def test_limit_and_gzip(tmp_path: Path) -> None:
    import gzip

    packed = tmp_path / "tiny.jsonl.gz"
    packed.write_bytes(gzip.compress(TINY.read_bytes()))
    out = tmp_path / "eval.json"
    done = run(packed, "--limit", "2", "--systems", "lead", "--json", out)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["clusters"], data["limit"]) == (2, 2)


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run(tmp_path / "missing.jsonl")
    assert done.returncode == 2
    assert done.stderr.strip() == f"storyfold: error: {tmp_path / 'missing.jsonl'}: no such file"
    done = run(TINY, "--systems", "lead,bogus")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("storyfold: error: --systems: unknown system 'bogus'")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("[1, 2]\n")
    done = run(junk)
    assert done.returncode == 2
    assert f"skipped {junk}:1: a Multi-News line must be a JSON object" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("storyfold: error: ")
    assert "Traceback" not in done.stderr


def test_a_badly_encoded_line_is_skipped_and_a_bad_gzip_is_an_error(tmp_path: Path) -> None:
    mixed = tmp_path / "latin1.jsonl"
    good = TINY.read_bytes().splitlines()[0]
    latin = '{"documents": ["Caf\xe9 news."], "summary": "S."}\n'.encode("latin-1")
    mixed.write_bytes(latin + good)
    done = run(mixed, "--systems", "lead")
    assert done.returncode == 0, done.stderr
    assert f"skipped {mixed}:1: not UTF-8 text" in done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith(f"1 clusters from {mixed}")
    fake = tmp_path / "plain.jsonl.gz"
    fake.write_bytes(TINY.read_bytes())
    done = run(fake, "--systems", "lead")
    assert done.returncode == 2
    assert done.stderr.strip().startswith(f"storyfold: error: {fake}: cannot read: Not a gzipped")
