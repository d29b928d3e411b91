"""Merges that don't join strangers, and records that are never silently lost (issue 10).

Same-named bodies in different places are common; an exact name is identity only when nothing
the records hold says otherwise. Fixtures are written here in the publishers' shapes.
"""

from __future__ import annotations

import csv
import json

import pytest

from assetgraph.errors import InputError
from assetgraph.loaders import BuildReport, load, read_source
from assetgraph.loaders.report import report_rows


def _grant(gid, recipient, funder=None, **kw):
    funder = funder or {"id": "GB-CHC-1000001", "name": "Example Trust"}
    return {
        "id": gid,
        "title": f"Grant {gid}",
        "currency": "GBP",
        "amountAwarded": 1000,
        "awardDate": "2020-01-01",
        "fundingOrganization": [funder],
        "recipientOrganization": [recipient],
        **kw,
    }


STRANGERS = [
    _grant(
        "g1",
        {
            "id": "GB-CHC-1050596",
            "name": "The Bridge",
            "charityNumber": "1050596",
            "postalCode": "LE11 1AA",
            "url": "https://www.thebridge-loughborough.org.uk",
        },
    ),
    _grant("g2", {"name": "Citizens Advice", "postalCode": "BS1 4DJ"}),
    _grant("g3", {"name": "Citizens Advice", "postalCode": "LS1 5AA"}),
    _grant("g4", {"name": "Citizens Advice", "postalCode": "LS1 5AB"}),
    _grant("g5", {"name": "Age UK", "url": "https://www.ageuk.org.uk/leeds/"}),
    _grant("g6", {"name": "Age UK", "url": "http://ageuk.org.uk/leeds"}),
    _grant("g7", {"name": "Age UK", "url": "https://ageukluton.org.uk"}),
    _grant("g8", {"id": "GB-CHC-111", "name": "Community Association"}),
    _grant("g9", {"id": "GB-CHC-222", "name": "Community Association"}),
    _grant("g10", {"name": "Action for M.E", "description": "A national charity"}),
]

DIRECTORY = """
organisations:
  - {name: The Bridge, url: "https://thebridge-bristol.org.uk", attributes: {postcode: BS2 0AA}}
  - {name: Action for ME, description: "Support for people with ME"}
services:
  - {name: Sexual assault referral centre}
relationships:
  - {from: The Bridge, relation: RUNS, to: Sexual assault referral centre}
"""


def _built(write, report=None):
    directory = write("directory.yaml", DIRECTORY)
    grants = write("grants.json", json.dumps({"grants": STRANGERS}))
    return load(directory, grants, report=report)


def _named(graph, name):
    return [n for n in graph.nodes("organisation") if n.name == name]


def test_same_named_bodies_in_different_places_stay_apart(write):
    report = BuildReport()
    g = _built(write, report)
    bridges = _named(g, "The Bridge")
    assert len(bridges) == 2
    directory, charity = sorted(bridges, key=lambda n: bool(n.identifiers))
    assert directory.identifiers == {} and charity.identifiers["charity_number"] == "1050596"
    assert [e.target for e in g.edges("FUNDS") if e.key == "g1"] == [charity.id]
    assert [e.source for e in g.edges("RUNS")] == [directory.id]
    # the three Citizens Advice: Bristol alone, the two Leeds postcodes (one district) as one
    advice = sorted(_named(g, "Citizens Advice"), key=lambda n: n.attributes["postcode"])
    assert [n.attributes["postcode"] for n in advice] == ["BS1 4DJ", "LS1 5AA"]
    assert sorted(e.key for e in g.edges("FUNDS") if e.target == advice[1].id) == ["g3", "g4"]
    # Age UK: the same site written two ways is one body; another domain is another
    assert sorted(len([e for e in g.edges("FUNDS") if e.target == n.id]) for n in _named(g, "Age UK")) == [1, 2]
    assert len(_named(g, "Community Association")) == 2


def test_a_blocked_merge_is_a_near_miss_with_its_reason(write):
    report = BuildReport()
    _built(write, report)
    reasons = {(m.name, m.reason) for m in report.near_misses if m.reason}
    assert ("The Bridge", "postcodes in different districts: BS2 0AA and LE11 1AA") in reasons
    assert ("Citizens Advice", "postcodes in different districts: BS1 4DJ and LS1 5AA") in reasons
    assert ("Age UK", "websites on different domains: ageuk.org.uk and ageukluton.org.uk") in reasons
    assert not any("Age UK" == m.name and "leeds" in (m.reason or "") for m in report.near_misses)
    rows = [r for r in report_rows(report) if r[0] == "near_miss" and r[2] == "The Bridge"]
    assert rows and "kept apart: postcodes in different districts" in rows[0][-1]


def test_names_differing_only_by_punctuation_merge_and_disagreements_name_the_node(write):
    report = BuildReport()
    g = _built(write, report)
    action = g.find("Action for ME")
    assert action is g.find("Action for M.E") and len(_named(g, "Action for ME")) == 1
    assert {p.source for p in action.provenance} == {
        str(write("directory.yaml", DIRECTORY)),
        str(write("grants.json", "{}").parent / "grants.json"),
    }
    conflict = [r for r in report_rows(report) if r[0] == "conflict"]
    assert [(r[2], r[3], r[7]) for r in conflict] == [("Action for ME", action.id, "description")]


def test_a_recipient_named_two_ways_keeps_both_names_and_every_grant(write):
    body = {"id": "GB-CHC-500", "name": "Hope Community Trust"}
    renamed = {"id": "GB-CHC-500", "name": "Hope Trust (Pentwyn)"}
    g = load(write("grants.json", json.dumps({"grants": [_grant("a", body), _grant("b", renamed), _grant("c", body)]})))
    hope = g.find("GB-CHC-500") if "GB-CHC-500" in g else g.find("Hope Community Trust")
    assert hope.aliases == ["Hope Trust (Pentwyn)"]
    assert [p.locator for p in hope.provenance if not p.inferred] == ["a", "b", "c"]
    assert g.find("Hope Trust (Pentwyn)").id == hope.id


def _oruk_services(services):
    return json.dumps(services)


def test_open_referral_records_without_ids_are_kept_by_position(write):
    org = {"id": "o1", "name": "Victor House"}
    services = [
        {"name": "Drop in", "organization": org, "pc_targetAudience": []},
        {"name": "Night shelter", "organization": org, "pc_targetAudience": []},
    ]
    records = read_source(write("dir.json", _oruk_services(services)))
    assert sorted(n.data["name"] for n in records.nodes if n.kind.value == "service") == ["Drop in", "Night shelter"]
    g = load(write("dir2.json", _oruk_services(services)))
    runs = sorted(g.node(e.target).name for e in g.edges("RUNS"))
    assert runs == ["Drop in", "Night shelter"]


def test_a_service_id_repeated_with_another_name_is_reported_and_counts_are_what_is_written(write, run, tmp_path):
    org = {"id": "o1", "name": "Victor House"}
    services = [
        {"id": "s1", "name": "Drop in", "organization": org, "pc_targetAudience": []},
        {"id": "s1", "name": "Night shelter", "organization": org, "pc_targetAudience": []},
        {"id": "s2", "name": "Laundry", "organization": org, "pc_targetAudience": []},
    ]
    path = write("dir.json", _oruk_services(services))
    records = read_source(path)
    assert [s.reason for s in records.skipped] == [
        "service 's1' is given again with another name ('Night shelter', first 'Drop in'); the first is kept"
    ]
    out, review = tmp_path / "g.json", tmp_path / "review.csv"
    result = run("build", path, "-o", out, "--report", review)
    assert result.exit_code == 0, result.output
    g = load(out)
    assert f"{len(g)} nodes, {g.number_of_edges()} relationships, skipped 1" in result.output
    assert f"Wrote {out}: {len(g)} nodes, {g.number_of_edges()} edges" in result.output
    assert any("Night shelter" in r["reason"] for r in csv.DictReader(review.open()))


def test_a_datapackage_descriptor_is_read_as_its_package_and_a_lone_table_gets_a_hint(write, run, tmp_path):
    write("pkg/organization.csv", "id,name\no1,Victor House\n")
    write("pkg/service.csv", "id,name,organization_id\ns1,Drop in,o1\n")
    descriptor = write(
        "pkg/datapackage.json",
        json.dumps(
            {
                "name": "pkg",
                "resources": [
                    {"name": "organization", "path": "organization.csv"},
                    {"name": "service", "path": "service.csv"},
                ],
            }
        ),
    )
    g = load(descriptor)
    assert {n.name for n in g.nodes()} == {"Victor House", "Drop in"}
    lone = run("build", descriptor.parent / "service.csv", "-o", tmp_path / "g.json")
    assert lone.exit_code == 1
    assert "service.csv" in lone.output and "Open Referral data package" in lone.output and "pkg" in lone.output


def test_names_in_any_script_keep_their_own_ids_and_never_meet(write):
    names = ["مركز الجالية", "华人社区中心", "Центр громади"]
    table = write("organisations.csv", "name\n" + "\n".join(names) + "\n")
    themes = write("themes.yaml", "themes:\n  - {name: Здоровье}\n")
    g = load(table, themes)
    assert sorted(n.name for n in g.nodes()) == sorted([*names, "Здоровье"])
    ids = [n.id for n in g.nodes()]
    assert len(set(ids)) == len(ids) == 4 and "organisation:华人社区中心" in ids and "theme:здоровье" in ids
    assert all(i.split(":", 1)[1] for i in ids)
    # a name with no letter or digit names nothing (issue 23): refused, not given a made-up id
    for junk in ("!!!", "???", "***"):
        with pytest.raises(InputError, match="row 2, field name: .* has no letter or digit"):
            load(write("organisations.csv", f"name\n{junk}\n"))
    services = [
        {"id": f"s{i}", "name": name, "organization": {"id": "o1", "name": "مركز الجالية"}, "pc_targetAudience": []}
        for i, name in enumerate(["华人社区中心 clinic", "مركز"])
    ]
    directory = load(write("dir.json", json.dumps(services)))
    assert sorted(n.name for n in directory.nodes("service")) == sorted(s["name"] for s in services)


#: flags of neo4j-admin, which the Neo4j bulk export writes into the import script it ships
NEO4J_ADMIN_FLAGS = {"--overwrite-destination", "--multiline-fields", "--nodes", "--relationships"}


def test_library_messages_name_no_command_line_flag():
    """The CLI adds flag wording at its boundary; the library's own strings never hold it."""
    import ast
    import re
    from pathlib import Path

    import assetgraph

    package = Path(assetgraph.__file__).parent
    found = []
    for path in package.rglob("*.py"):
        if path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                flags = re.findall(r"(?<![\w-])--[a-z][a-z-]+", node.value)
                if flags and not set(flags) <= NEO4J_ADMIN_FLAGS:
                    found.append(f"{path.relative_to(package)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []
