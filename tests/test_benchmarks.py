"""The benchmark scripts run at a tiny size, so that they never rot: each prints its figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_commands_benchmark_prints_each_figure_beside_its_floor():
    out = _run("commands.py", "seed", "tiny")
    assert re.search(r"assetgraph --help: [\d.]+ s \(python alone [\d.]+ s, python importing click [\d.]+ s\)", out)
    opening = r"open [\d.]+ s, json.load [\d.]+ s \([\d.]+x; medians of 3 runs, ratios [\d.]+-[\d.]+x\)"
    for name in ("seed", "tiny"):
        assert re.search(rf"{name}: [\d,]+ nodes, [\d,]+ edges, .* {opening}", out)
    per_item = r"[\d,]+ B/node, [\d,]+ B/edge"
    memory = rf"memory once open: {per_item}; networkx anchor {per_item} \([\d.]+x, [\d.]+x\)"
    assert len(re.findall(memory, out)) == 2
    # peak memory is read as the process ends: a measured process has some
    assert (
        len(re.findall(r"pathways [\d.]+ s \([\d.]+ s CPU, [1-9][\d,]* MB\); gaps [\d.]+ s \([1-9][\d,]* MB\)", out))
        == 2
    )
    kept = r"with no kept indexes .* [\d.]+ MB beside the file\): pathways [\d.]+ s \([\d.]+ s CPU, [1-9][\d,]* MB\)"
    assert len(re.findall(kept, out)) == 2


def test_loaders_benchmark_prints_records_per_second_and_the_parse_floor():
    out = _run("loaders.py", "--records", "400")
    rows = [line for line in out.splitlines() if re.search(r"\b400\b", line)]
    assert len(rows) == 3 and all(re.search(r"[\d.]+s\s+[\d.]+s\s+[\d.]+s\s+[\d,]+", row) for row in rows)


def test_queries_benchmark_runs_at_the_tiny_size():
    out = _run("queries.py", "tiny", "--queries", "5")
    assert re.search(r"== tiny: [\d,]+ nodes", out) and re.search(r"pathways k=1: p50 [\d.]+ ms", out)
    assert re.search(r"gaps .*: [\d.]+ s cold", out) and re.search(r"igraph exact betweenness .*: [\d.]+ s", out)


def test_extract_benchmark_prints_precision_and_recall_against_a_map(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "report.txt").write_text(
        "Moray Council and the Elgin Food Bank have an established partnership.\n", encoding="utf-8"
    )
    (tmp_path / "map.yaml").write_text(
        "documents:\n  r: {title: Report, file: seeds/report.txt}\n"
        "organisations:\n  - {name: Moray Council, source: r}\n  - {name: Elgin Food Bank, source: r}\n"
        "  - {name: Forres Hub, source: r}\n"
        "relationships:\n  - {from: Moray Council, relation: PARTNERS_WITH, to: Elgin Food Bank, source: r}\n",
        encoding="utf-8",
    )
    out = _run("extract.py", "--seeds", str(seeds), "--map", str(tmp_path / "map.yaml"))
    row = re.search(r"organisation\s+3\s+2\s+0\.67\s+(\d+)\s+2\s+", out)
    assert row, out
    assert re.search(r"related pairs: map 1, found 1, recall 1\.00", out), out
