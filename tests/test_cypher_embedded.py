"""The embedded Cypher engine: readable errors, bounded work, and no answer that Neo4j would
give differently (issue 10); a time and a memory limit on every query (issue 23). What Neo4j
refuses is in test_cypher_safety."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assetgraph.errors import QueryError, TimeLimit
from assetgraph.graphmodel import AssetGraph, Place
from assetgraph.graphmodel.storage import save_graph
from assetgraph.loaders import SEED, load
from assetgraph.neo4jdb.cypher import MAX_HOPS, MAX_TERMS, Limits, embedded_cypher

from .helpers import SRC, edge


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


def test_lowercase_aggregates_work_as_neo4j_accepts_them(seed):
    upper = embedded_cypher(seed, "MATCH (o:Organisation) RETURN COUNT(o)")
    lower = embedded_cypher(seed, "MATCH (o:Organisation) RETURN count(o)")
    assert lower.rows == upper.rows == [[sum(1 for _ in seed.nodes("organisation"))]]
    quoted = embedded_cypher(seed, 'MATCH (o:Organisation) WHERE o.name = "count(o)" RETURN o.name')
    assert quoted.rows == []


@pytest.mark.parametrize(
    "query, message",
    [
        (
            "MATCH (o:Organisation RETURN o",
            "cannot read the query at line 1, column 23 (at 'RETURN o'); expected ')', '{', '|'",
        ),
        ("MATCH (o:Organisation) RETURN o.name, foo(", "cannot read the query at line 1, column 42 (at '('); expected"),
        ("MATCH (a)--(b) RETURN COUNT(a)", "undirected relationship at column 10"),
        ("MATCH (a)-[:SERVES]-(b) RETURN COUNT(a)", "undirected relationship"),
        ("MATCH (a)-[*]->(b) RETURN COUNT(a)", f"upper bound of at most {MAX_HOPS}"),
        ("MATCH (a)-[*2..]->(b) RETURN COUNT(a)", "upper bound"),
        (f"MATCH (a)-[*1..{MAX_HOPS + 1}]->(b) RETURN COUNT(a)", "upper bound"),
        ("MATCH (o:Organisation) RETURN o.name LIMIT -1", "LIMIT must not be negative"),
        ("MATCH (o:Organisation) RETURN o.name SKIP -2", "SKIP must not be negative"),
        ("MATCH (a) MATCH (b) MATCH (c) MATCH (d) RETURN COUNT(a)", "one MATCH pattern"),
        ('LOAD CSV FROM "file:///etc/passwd" AS line RETURN line', "line 1, column 1 (at 'LOAD CSV FROM"),
        ("CALL apoc.load.json('https://example.org') YIELD value RETURN value", "line 1, column 1 (at 'CALL apoc"),
    ],
)
def test_refusals_are_one_readable_line(seed, query, message):
    with pytest.raises(QueryError) as caught:
        embedded_cypher(seed, query)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_bounded_queries_still_run(seed):
    hops = embedded_cypher(seed, f"MATCH (a:Place)-[:WITHIN*1..{MAX_HOPS}]->(b:Place) RETURN COUNT(a)")
    assert hops.rows[0][0] > 0
    terms = " OR ".join(f'o.name = "x{i}"' for i in range(MAX_TERMS))
    assert embedded_cypher(seed, f'MATCH (o:Organisation) WHERE o.name = "CHEX" OR {terms} RETURN o.name').rows == [
        ["CHEX"]
    ]


def test_a_huge_where_is_refused_at_once_not_parsed_for_a_minute(seed):
    terms = " OR ".join(f'o.name = "x{i}"' for i in range(200))
    started = time.perf_counter()
    with pytest.raises(QueryError, match=f"199 AND/OR operators; the embedded engine takes at most {MAX_TERMS}"):
        embedded_cypher(seed, f"MATCH (o:Organisation) WHERE {terms} RETURN o.name")
    assert time.perf_counter() - started < 1
    with pytest.raises(QueryError, match="characters long"):
        embedded_cypher(seed, 'MATCH (o) WHERE o.name = "' + "x" * 5000 + '" RETURN o.name')


def test_cli_cypher_errors_are_one_line_with_exit_1(run):
    result = run("cypher", "MATCH (o:Organisation RETURN o", "--graph", SEED)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0 and "line 1, column 23" in result.stderr


# -- limits ---------------------------------------------------------------------------------------

#: every pair of places within one hub: 200 x 199 rows, a few seconds and some 50 MB for grand-cypher
PAIRS = "MATCH (a)-->(b)<--(c) RETURN a.name, c.name"


def _star(wards: int) -> AssetGraph:
    """``wards`` neighbourhoods within one nation."""
    g = AssetGraph("star")
    g.add_node(Place(name="Hub", level="nation", provenance=SRC))
    for i in range(wards):
        g.add_node(Place(name=f"Ward {i}", level="neighbourhood", provenance=SRC))
        g.add_edge(edge(f"Ward {i}", "WITHIN", "Hub"))
    return g


@pytest.fixture(scope="module")
def star() -> AssetGraph:
    return _star(200)


@pytest.fixture(scope="module")
def big_star() -> AssetGraph:
    """A star whose pairs (a million rows) outgrow any memory a long test run leaves free in the
    process: the memory limit caps new address space, and a forked child reuses its parent's
    free heap first, so a query that needs only a few megabytes may never reach the cap."""
    return _star(1000)


def test_a_query_past_its_time_limit_is_stopped(star):
    started = time.perf_counter()
    with pytest.raises(TimeLimit) as caught:
        embedded_cypher(star, PAIRS, Limits(seconds=0.5))
    assert str(caught.value) == "the query ran past its time limit of 0.5 s and was stopped"
    assert time.perf_counter() - started < 30


def _fresh(*args: str | Path) -> subprocess.CompletedProcess:
    """The CLI in a process of its own. The memory cap limits NEW address space, and a query
    forked from a long test run first reuses that run's free heap, which may hold the whole
    answer; a fresh process starts from the heap a user's command has."""
    command = [sys.executable, "-c", "from assetgraph.cli import main; main()", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_a_query_past_its_memory_limit_is_stopped_and_the_limit_can_be_raised(star, big_star, tmp_path):
    path = tmp_path / "star.json"
    save_graph(big_star, path)
    stopped = _fresh("cypher", PAIRS, "--graph", path, "--max-memory", "10", "--format", "json")
    assert stopped.returncode == 1
    assert json.loads(stopped.stderr) == {
        "error": "the query was stopped: it needed more than its memory limit of 10 MB; raise it with --max-memory MB",
        "kind": "query",
        "location": None,
    }
    rows = embedded_cypher(star, PAIRS, Limits(seconds=120, megabytes=2048)).rows
    assert len(rows) == 200 * 199 and ["Ward 0", "Ward 1"] in rows


def test_errors_inside_the_limited_run_come_back_as_they_are(seed):
    with pytest.raises(QueryError, match="cannot read the query at line 1, column 23"):
        embedded_cypher(seed, "MATCH (o:Organisation RETURN o", Limits(seconds=5))


def test_cli_limits_are_one_line_with_exit_1(run, big_star, tmp_path):
    path = tmp_path / "star.json"
    save_graph(big_star, path)
    slow = run("cypher", PAIRS, "--graph", path, "--timeout", "0.5")
    assert slow.exit_code == 1 and slow.stderr.strip() == (
        "Error: the query ran past its time limit of 0.5 s and was stopped; raise it with --timeout SECONDS"
    )
    big = _fresh("cypher", PAIRS, "--graph", path, "--max-memory", "10")
    assert big.returncode == 1 and "memory limit of 10 MB; raise it with --max-memory MB" in big.stderr
    assert "\n" not in big.stderr.strip() and "Traceback" not in big.stdout + big.stderr
    small = run("cypher", 'MATCH (p:Place) WHERE p.name = "Hub" RETURN p.level', "--graph", path, "--max-memory", "64")
    assert small.exit_code == 0 and "nation" in small.stdout
    assert run("cypher", PAIRS, "--graph", path, "--timeout", "0").exit_code == 2


@pytest.mark.parametrize("timeout", ["nan", "inf", "1e10"])
def test_a_limit_past_the_clock_is_a_usage_error_in_json_too(run, timeout):
    result = run("cypher", "MATCH (o) RETURN COUNT(o)", "--graph", "@seed", "--timeout", timeout, "--format", "json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--timeout" in json.loads(result.stderr)["error"]


@pytest.mark.parametrize("limits", [{"seconds": float("nan")}, {"seconds": 1e10}, {"megabytes": 2**40}])
def test_the_library_refuses_limits_past_the_clock_or_the_memory_cap(limits):
    with pytest.raises(ValueError):
        Limits(**limits)
