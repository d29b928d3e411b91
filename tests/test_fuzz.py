"""Every input of the hostile corpus (tests/fuzz/corpus.py) ends with exit 1 or 2, one clear
line naming the file and where in it, no traceback, within bounded time and memory, and no
output or temporary file left behind (issue 10)."""

from __future__ import annotations

import csv
import os
import resource
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetgraph.cli import cli

from .fuzz.corpus import Case, cases

CASES = cases()
#: seconds one input may take (the slowest measured here is well under one)
PER_CASE = 5.0


@pytest.fixture(autouse=True)
def _default_csv_field_limit():
    """The CLI runs with the csv module's default field limit; a test reader loaded earlier in
    the session (frictionless's CSV parser) raises that process-wide limit on import."""
    limit = csv.field_size_limit(131072)
    yield
    csv.field_size_limit(limit)


def _write(case: Case, folder: Path) -> set[Path]:
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data == b"<fifo>":
            os.mkfifo(path)
        else:
            path.write_bytes(data)
    return set(folder.rglob("*"))


def _run(case: Case, folder: Path):
    args = [a.replace("{d}", str(folder)) for a in case.args]
    started = time.perf_counter()
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    return result, time.perf_counter() - started


def test_the_corpus_is_large_and_covers_every_format():
    assert len(CASES) >= 250
    prefixes = {c.name.split()[0] for c in CASES}
    assert {"yaml", "json", "csv", "xlsx", "360giving", "openreferral", "graph"} <= prefixes


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_input_ends_cleanly(case, tmp_path):
    before = _write(case, tmp_path)
    result, seconds = _run(case, tmp_path)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (1, 2), result.output
    assert case.code is None or result.exit_code == case.code, result.stderr
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    message = lines[-1]
    assert message.startswith("Error: "), result.stderr
    assert len(message) < 500, "an error echoes a bad value whole"
    if result.exit_code == 1:
        assert len(lines) == 1, result.stderr
    for word in case.expect:
        assert word in (message if result.exit_code == 1 else result.stderr), (word, result.stderr)
    assert seconds < PER_CASE
    assert set(tmp_path.rglob("*")) == before, "an output or temporary file was left behind"


def test_the_whole_corpus_runs_in_well_under_a_minute_and_bounded_memory(tmp_path):
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcomes: dict[int, int] = {}
    for i, case in enumerate(CASES):
        folder = tmp_path / str(i)
        folder.mkdir()
        _write(case, folder)
        result, _ = _run(case, folder)
        outcomes[result.exit_code] = outcomes.get(result.exit_code, 0) + 1
    elapsed = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    print(
        f"\n{len(CASES)} hostile inputs in {elapsed:.1f} s, by exit code {dict(sorted(outcomes.items()))}, peak memory "
        f"+{grown_mb:.0f} MB"
    )
    assert set(outcomes) <= {1, 2}
    assert elapsed < 45
    assert grown_mb < 1024
