"""The three questions, diff and profiles on a council directory plus two funders' grants, in
the publishers' shapes (:mod:`tests.publisher_shapes`), as a new user would run them (issue 24).

Every answer is checked against what the fixture holds: no ranking padded with rows that do not
score, no cell or note that grows with the data, funders told apart from brokers, coverage judged
only where the directory claims to cover, routes that stay in the resident's council.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assetgraph.cli import cli
from assetgraph.geography.postcodes import postcode_place

from .publisher_shapes import HOME, NEIGHBOUR, postcode, write_all

#: the longest text any one cell, note or heading line may hold, whatever the size of the data
CELL_LIMIT = 600


def _run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The directory alone, and the directory with both grant files, built as a user would."""
    folder = tmp_path_factory.mktemp("publishers")
    paths = write_all(folder)
    serves = f"{paths['directory']}={HOME}"
    graphs = {"directory": folder / "directory-graph.json", "both": folder / "both-graph.json"}
    for name, sources in (("directory", [paths["directory"]]), ("both", list(paths.values()))):
        result = _run("build", *sources, "--places", "england", "--serves", serves, "-o", graphs[name])
        assert result.exit_code == 0, result.output
    return {**paths, **graphs}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _questions(built: dict[str, Path]) -> dict[str, list[str]]:
    graph = built["both"]
    resident = postcode(HOME, 1)
    return {
        "connectors": ["connectors", graph, "--top", "10"],
        "gaps": ["gaps", graph],
        "gaps in the home council": ["gaps", graph, "--place", HOME],
        "single points of failure": ["gaps", graph, "--kind", "single_point_of_failure", "--place", HOME],
        "funding dependence": ["gaps", graph, "--kind", "funding_dependence", "--place", HOME],
        "pathways": ["pathways", graph, "--resident-of", resident, "--need", "Mental health", "-k", "12"],
        "diff": ["diff", built["directory"], graph],
    }


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_no_answer_has_an_unbounded_cell(built, fmt):
    for name, args in _questions(built).items():
        result = _run(*args, "--format", fmt)
        assert result.exit_code == 0, (name, result.output)
        if fmt == "json":
            texts = list(_strings(json.loads(result.stdout)))
        elif fmt == "csv":
            texts = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
        else:
            texts = result.stdout.splitlines()
        longest = max(texts, key=len, default="")
        assert len(longest) <= CELL_LIMIT, (name, fmt, longest[:200])


def _json(*args: str | Path) -> dict:
    result = _run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _grants(built: dict[str, Path]) -> list[dict]:
    return [g for role in ("big", "small") for g in json.loads(built[role].read_text())["grants"]]


def test_connectors_rank_no_funder_and_list_each_funder_with_its_files_amounts(built):
    answer = _json("connectors", built["both"], "--top", "10")
    funders = {f["name"]: f for f in answer["funders"]}
    assert all(row["betweenness"] > 0 for row in answer["rows"]) and answer["scored"] == len(answer["rows"])
    assert not funders.keys() & {row["name"] for row in answer["rows"]}
    grants = _grants(built)
    for name in {g["fundingOrganization"][0]["name"] for g in grants}:
        own = [g for g in grants if g["fundingOrganization"][0]["name"] == name]
        assert funders[name]["grants"] == len(own)
        assert funders[name]["amounts"] == {"GBP": sum(g["amountAwarded"] for g in own)}
        assert funders[name]["funds"] == len({g["recipientOrganization"][0]["id"] for g in own})
    if not answer["rows"]:
        assert answer["notes"] or answer["note"]  # an empty ranking says why


def test_coverage_is_judged_only_where_the_directory_claims_to_help(built):
    answer = _json("gaps", built["both"], "--kind", "coverage")
    councils = {postcode_place(r["postalCode"]).code for g in _grants(built) for r in g["recipientOrganization"]}
    judged = {row["place_code"] for row in answer["rows"]}
    assert judged <= {HOME, NEIGHBOUR}
    assert councils - {HOME, NEIGHBOUR}  # the grants reach other councils, which are not judged
    assert any("judged" in note for note in answer["notes"])


def test_funding_dependence_matches_the_grant_files(built):
    answer = _json("gaps", built["both"], "--kind", "funding_dependence", "--since", "2000-01-01")
    funders_of: dict[str, set[str]] = {}
    for grant in _grants(built):
        recipient = grant["recipientOrganization"][0]["name"]
        funders_of.setdefault(recipient, set()).add(grant["fundingOrganization"][0]["name"])
    expected: dict[str, set[str]] = {}
    for recipient, funders in funders_of.items():
        if len(funders) == 1:
            expected.setdefault(next(iter(funders)), set()).add(recipient)
    found: dict[str, set[str]] = {}
    for row in answer["rows"]:
        found.setdefault(row["funder"], set()).update(row["subject_ids"])
    names = {funder: {i.split(":", 1)[0] for i in ids} for funder, ids in found.items()}
    assert names.keys() == expected.keys() and all(kinds == {"organisation"} for kinds in names.values())
    assert {f: len(ids) for f, ids in found.items()} == {f: len(r) for f, r in expected.items()}


def test_single_points_of_failure_do_not_come_from_a_funders_star(built):
    answer = _json("gaps", built["both"], "--kind", "single_point_of_failure", "--place", HOME)
    assert answer["rows"] == [] and answer["notes"]


def test_routes_stay_in_the_council_cite_their_placing_and_never_step_in_place(built):
    resident = postcode(HOME, 1)
    answer = _json("pathways", built["both"], "--resident-of", resident, "--need", "Mental health", "-k", "12")
    assert answer["routes"] and all(route["order_reason"] for route in answer["routes"])
    assert not any(route["outside_council"] for route in answer["routes"])
    next_door = {step["to_name"] for route in answer["routes"] for step in route["steps"]}
    assert "Mental health service 5" not in next_door  # its venue is in the neighbouring council
    destinations = [route["target_name"] for route in answer["routes"]]
    firsts = list(dict.fromkeys(destinations))
    assert destinations[: len(firsts)] == firsts  # every destination once before any second route
    for route in answer["routes"]:
        ids = [None, *(step["to_id"] for step in route["steps"])]
        assert all(a != b for a, b in zip(ids, ids[1:], strict=False))
        assert all(step["runner"] for step in route["steps"] if step["to_kind"] == "service")
        assert "given at build" in route["steps"][0]["cites"] or "LOCATED_IN" in route["steps"][0]["cites"]


def test_diff_counts_what_it_lists_and_opens_no_gap_for_places_the_grants_brought(built):
    answer = _json("diff", built["directory"], built["both"])
    summary = answer["summary"]
    for part, rows in (("nodes", answer["nodes"]), ("ties", answer["ties"])):
        counted = sum(n for changes in summary[part].values() for n in changes.values())
        assert counted == len(rows)
    for change, kinds in summary["nodes"].items():
        for kind, n in kinds.items():
            assert n == sum(row["change"] == change and row["kind"] == kind for row in answer["nodes"])
    opened = [q for q in answer["questions"] if q["question"] == "gaps" and q["change"] == "opened"]
    assert not [q for q in opened if " x " in q["subject"]]  # no coverage gap opened by grants
