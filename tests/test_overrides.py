"""Overrides a coordinator keeps (issue 25, item 6): same, not_same, serves, sector and theme
entries by id or name, applied with provenance "override", and the build's review CSV rows
pasted in as they are."""

from __future__ import annotations

import csv
import io

import pytest

from assetgraph.errors import InputError
from assetgraph.graphmodel import load_graph
from assetgraph.loaders import BuildReport, load
from assetgraph.loaders.overrides import read_overrides

MAP = """
places:
  - {name: Riverside Ward, level: neighbourhood}
organisations:
  - {name: Riverside Community Centre, url: "https://riverside.example.org"}
  - {name: Eastfield Borough Council}
  - {name: Hub}
services:
  - {name: Lunch Club, description: "A hot meal and company on Tuesdays."}
relationships:
  - {from: Riverside Community Centre, relation: RUNS, to: Lunch Club}
"""
OTHER = """
organisations:
  - {name: Riverside Community Centre Trust, description: "The centre's charity."}
  - {name: Hub, description: "Another hub, across town."}
relationships:
  - {from: Riverside Community Centre Trust, relation: PARTNERS_WITH, to: Eastfield Borough Council}
"""


@pytest.fixture
def sources(write):
    return write("map.yaml", MAP), write("other.yaml", OTHER)


def _overrides(write, text: str):
    return write("overrides.yaml", text)


def _override_provenance(node_or_edge):
    return [p for p in node_or_edge.provenance if p.source == "override"]


def test_without_overrides_the_trust_is_a_near_miss_and_the_hubs_merge(sources):
    report = BuildReport()
    g = load(*sources, report=report)
    assert [(m.name, m.into_name) for m in report.near_misses] == [
        ("Riverside Community Centre Trust", "Riverside Community Centre")
    ]
    assert len(g.lookup("Hub", "organisation")) == 1


def test_same_joins_two_nodes_moving_their_ties(sources, write):
    path = _overrides(write, "same:\n  - [Riverside Community Centre, Riverside Community Centre Trust]\n")
    g = load(*sources, overrides=path)
    centre = g.find("Riverside Community Centre Trust", "organisation")
    assert centre.id == "organisation:riverside-community-centre"
    assert centre.description == "The centre's charity." and "Riverside Community Centre Trust" in centre.aliases
    (said,) = _override_provenance(centre)
    assert said.locator == f"{path} same[0]"
    ties = {(e.relation.value, ({e.source, e.target} - {centre.id}).pop()) for e in g.edges(node=centre.id)}
    assert ties == {("RUNS", "service:lunch-club"), ("PARTNERS_WITH", "organisation:eastfield-borough-council")}
    assert not g.lookup("organisation:riverside-community-centre-trust") - {centre.id}


def test_review_csv_rows_paste_in_as_they_are(run, sources, write, tmp_path):
    report = tmp_path / "review.csv"
    assert run("build", *sources, "-o", tmp_path / "g.json", "--report", report).exit_code == 0
    lines = report.read_text(encoding="utf-8").splitlines()
    near = [line for line in lines if line.startswith("near_miss,")]
    assert len(near) == 1
    block = "\n".join("    " + line for line in [lines[0], *near])
    path = _overrides(write, f"same: |\n{block}\n")
    result = run("build", *sources, "-o", tmp_path / "g2.json", "--overrides", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    g = load_graph(tmp_path / "g2.json")
    assert g.find("Riverside Community Centre Trust", "organisation").id == "organisation:riverside-community-centre"
    (row,) = csv.DictReader(io.StringIO(lines[0] + "\n" + near[0]))
    one = _overrides(write, "same:\n  - " + repr(near[0]).replace("\\'", "''") + "\n  - " + str(dict(row)) + "\n")
    assert [e.fields for e in read_overrides(one).entries] == [
        {"a": "organisation:riverside-community-centre", "b": "Riverside Community Centre Trust"}
    ] * 2


def test_not_same_keeps_two_records_apart_and_lists_them_for_review(sources, write):
    report = BuildReport()
    g = load(*sources, overrides=_overrides(write, "not_same:\n  - [Hub, Hub]\n"), report=report)
    hubs = sorted(g.lookup("Hub", "organisation"))
    assert hubs == ["organisation:hub", "organisation:hub-2"]
    assert g.node("organisation:hub-2").description == "Another hub, across town."
    (apart,) = [m for m in report.near_misses if m.name == "Hub"]
    assert apart.into == "organisation:hub"
    assert apart.reason.endswith("overrides.yaml not_same[0] says they are two bodies")


def test_serves_sector_and_theme_are_stated_with_their_entry(sources, write):
    text = """
    serves:
      - {node: Lunch Club, place: Riverside Ward}
    sector:
      - {node: organisation:eastfield-borough-council, sector: third sector}
    theme:
      - [Lunch Club, loneliness and isolation]
    """
    g = load(*sources, overrides=_overrides(write, text))
    (serves,) = [e for e in g.edges("SERVES") if e.source == "service:lunch-club"]
    assert serves.target == "place:riverside-ward" and _override_provenance(serves)[0].locator.endswith("serves[0]")
    council = g.find("Eastfield Borough Council", "organisation")
    assert council.sector.value == "third_sector"
    assert _override_provenance(council)[0].locator.endswith("sector[0]")
    assert not [p for p in council.provenance if p.inferred]
    themes = [e for e in g.edges("ADDRESSES") if e.source == "service:lunch-club"]
    loneliness = g.find("loneliness and isolation", "theme").id
    assert [e.target for e in themes if _override_provenance(e)] == [loneliness]
    assert len({e.target for e in themes}) == len(themes)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("same:\n  - [Hub, Nobody Here]\n", "same[0], field b", "no node named 'Nobody Here'"),
        ("sector:\n  - {node: Hub, sector: charity}\n", "sector[0], field sector", "unknown sector 'charity'"),
        ("theme:\n  - {node: Hub, topic: food}\n", "theme[0], field topic", "unknown field"),
        ("serves:\n  - [Hub]\n", "serves[0]", "two items"),
        ("same:\n  - [Hub, Hub]\nmerge:\n  - [a, b]\n", "merge", "unknown section"),
        ("serves:\n  - {node: Hub, place: Atlantis}\n", "serves[0], field place", "Atlantis"),
        ("theme:\n  - {node: Riverside Ward, theme: food}\n", "theme[0], field node", "ADDRESSES"),
    ],
)
def test_a_bad_entry_names_the_file_the_entry_and_the_field(sources, write, text, where, message):
    path = _overrides(write, text)
    with pytest.raises(InputError) as caught:
        load(*sources, overrides=path)
    assert str(caught.value).startswith(f"{path}, {where}") and message in str(caught.value)


def test_the_cli_reports_a_bad_override_without_a_traceback(run, sources, write, tmp_path):
    path = _overrides(write, "same:\n  - [Hub, Nobody Here]\n")
    result = run("build", *sources, "-o", tmp_path / "g.json", "--overrides", path)
    assert result.exit_code == 1 and "same[0], field b" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "g.json").exists()
