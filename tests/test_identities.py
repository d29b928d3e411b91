"""Identities that survive a refresh (issue 25, item 5): a published file's nodes keep the ids and
identifiers its publisher's record ids and its own name give them, whatever the file is called;
and a per-source setting names its source by path or by file name (item 7)."""

from __future__ import annotations

import json
import string
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assetgraph.errors import InputError
from assetgraph.graphmodel import load_graph
from assetgraph.graphmodel.storage import graph_to_dict, save_graph
from assetgraph.loaders import load, read_source
from assetgraph.loaders.source_specs import UnknownSource, assign, source_for
from assetgraph.queries.diff import diff

from .publisher_shapes import directory, grants, recipients

FUNDER = {"id": "GB-CHC-1000001", "name": "Example Trust"}


def _package(folder: Path, name: str | None = "north-demo-directory", body: str = "Hub") -> Path:
    """A small HSDS 3 data package: two organisations (one name, two ids) and a service."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organizations.csv").write_text(f"id,name\no-1,{body}\no-2,{body}\n", encoding="utf-8")
    (folder / "services.csv").write_text("id,organization_id,name\ns-1,o-1,Drop-in\n", encoding="utf-8")
    resources = [{"name": "organization", "path": "organizations.csv"}, {"name": "service", "path": "services.csv"}]
    (folder / "datapackage.json").write_text(
        json.dumps({"resources": resources} | ({"name": name} if name else {})), encoding="utf-8"
    )
    return folder


def _sources(folder: Path, names: tuple[str, str, str]) -> list[Path]:
    """The directory (an ORUK list), a grant file and a data package, saved under ``names``."""
    folder.mkdir(parents=True, exist_ok=True)
    oruk, grant_file = folder / f"{names[0]}.json", folder / f"{names[1]}.json"
    oruk.write_text(json.dumps(directory(services=12, organisations=5)), encoding="utf-8")
    grant_file.write_text(json.dumps(grants(FUNDER, recipients(6, "Big", ["E06000013"]), "ptc")), encoding="utf-8")
    return [oruk, grant_file, _package(folder / names[2])]


def _identities(paths: list[Path]) -> dict:
    """What a graph says about its nodes and ties, less where each file lay."""
    data = graph_to_dict(load(*paths))
    for item in data["nodes"] + data["edges"]:
        item.pop("provenance", None)
    return {"nodes": data["nodes"], "edges": data["edges"]}


@cache
def _baseline() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        return json.dumps(_identities(_sources(Path(tmp), ("services", "grants", "package"))), sort_keys=True)


FILE_NAMES = st.text(string.ascii_letters + string.digits + "-_ é", min_size=1, max_size=24).filter(
    lambda s: s.strip() == s and s not in (".", "..")
)


@settings(max_examples=12, deadline=None)
@given(st.tuples(FILE_NAMES, FILE_NAMES, FILE_NAMES).filter(lambda t: len(set(t)) == 3))
def test_ids_do_not_depend_on_file_names(names):
    with tempfile.TemporaryDirectory() as tmp:
        paths = _sources(Path(tmp) / "saved elsewhere", names)
        assert json.dumps(_identities(paths), sort_keys=True) == _baseline()


def test_record_ids_are_scoped_by_the_feeds_own_name(tmp_path):
    package = read_source(_package(tmp_path / "p"))
    assert package.name == "north-demo-directory"
    ids = [r.data["identifiers"] for r in package.nodes if r.kind.value == "organisation"]
    assert ids == [{"openreferral north-demo-directory": "o-1"}, {"openreferral north-demo-directory": "o-2"}]
    given = read_source(_package(tmp_path / "q"), name="Demo council")
    assert given.nodes[0].data["identifiers"] == {"openreferral Demo council": "o-1"}
    unnamed = read_source(_package(tmp_path / "r", name=None))
    assert unnamed.name is None and unnamed.nodes[0].data["identifiers"] == {"openreferral": "o-1"}


def test_one_organisation_file_goes_by_the_organisations_name(write):
    org = {
        "id": "o-9",
        "name": "Riverside Trust",
        "organization_identifiers": [],
        "services": [{"id": "s-1", "name": "Lunch club"}],
    }
    records = read_source(write("organization_full.json", json.dumps(org)))
    assert records.name == "Riverside Trust"
    assert {"openreferral Riverside Trust": "s-1"} in [r.data.get("identifiers") for r in records.nodes]


def test_a_grant_file_goes_by_its_publishers_prefix_else_its_funders_org_id(write):
    assert read_source(write("x.json", json.dumps(grants(FUNDER, recipients(2, "A", ["E06000013"]), "ptc")))).name == (
        "360G-ptc"
    )
    plain = grants(FUNDER, recipients(2, "A", ["E06000013"]), "ptc")
    for i, grant in enumerate(plain["grants"]):
        grant["id"] = f"grant-{i}"
    assert read_source(write("y.json", json.dumps(plain))).name == "GB-CHC-1000001"


def test_two_directories_that_name_themselves_not_must_be_named(tmp_path):
    a, b = _package(tmp_path / "a", name=None), _package(tmp_path / "b", name=None, body="Lighthouse")
    with pytest.raises(InputError, match="give no name of their own") as caught:
        load(a, b)
    assert str(a) in str(caught.value) and str(b) in str(caught.value)
    g = load(a, b, source_names={str(a): "Council A", str(b): "Council B"})
    assert sorted(o.name for o in g.nodes("organisation")) == ["Hub", "Hub", "Lighthouse", "Lighthouse"]


def test_a_graph_saved_before_keeps_loading_and_matches_by_id(tmp_path):
    new = load(_package(tmp_path / "p"))
    save_graph(new, tmp_path / "new.json")
    text = (tmp_path / "new.json").read_text(encoding="utf-8")
    old_scheme = "openreferral oruk-north-lincolnshire-services"
    (tmp_path / "old.json").write_text(text.replace("openreferral north-demo-directory", old_scheme), "utf-8")
    old = load_graph(tmp_path / "old.json")
    assert [n.identifiers for n in old.nodes("organisation")] == [{old_scheme: "o-1"}, {old_scheme: "o-2"}]
    summary = diff(old, new).summary
    assert summary.nodes == {"changed": {"organisation": 2, "service": 1}} and summary.ties == {}


def test_the_same_feed_under_two_names_diffs_to_no_change(run, tmp_path):
    first = _sources(tmp_path / "may", ("oruk-services", "grants", "package"))
    second = _sources(tmp_path / "june", ("North Lincs download (2)", "360-file", "hsds"))
    for paths, out in ((first, "old.json"), (second, "new.json")):
        result = run("build", *paths, "-o", tmp_path / out, "--source-name", f"{paths[0].name}=north-demo")
        assert result.exit_code == 0, result.stderr
    result = run("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.output)["summary"]
    assert summary["nodes"] == {} and summary["ties"] == {}


def test_a_source_is_named_by_its_path_or_its_file_name():
    sources = ["may/services.json", "./grants.json", "june/services.json"]
    assert source_for("grants.json", sources) == "./grants.json"
    assert source_for("june/services.json", sources) == "june/services.json"
    with pytest.raises(UnknownSource, match=r"several sources \(may/services.json, june/services.json\)"):
        source_for("services.json", sources)
    with pytest.raises(UnknownSource, match="none of the sources"):
        source_for("other.json", sources)
    assert assign(["grants.json=Leeds"], sources, "place") == {"./grants.json": "Leeds"}
    with pytest.raises(UnknownSource, match="is not SOURCE=PLACE"):
        assign(["grants.json"], sources, "place")


def test_serves_takes_a_source_by_its_file_name_and_refuses_one_two_folders_share(run, tmp_path, write):
    town = write("town.yaml", "places:\n  - {name: Demo Town, level: local_authority}\n")
    (may, _, _), (june, _, _) = (
        _sources(tmp_path / "may", ("services", "g", "p")),
        _sources(tmp_path / "june", ("services", "g2", "p2")),
    )
    out = tmp_path / "g.json"
    result = run("build", may, town, "-o", out, "--serves", "services.json=Demo Town")
    assert result.exit_code == 0, result.stderr
    graph = load_graph(out)
    served = {e.source for e in graph.edges("SERVES") if graph.node(e.target).name == "Demo Town"}
    assert served == {s.id for s in graph.nodes("service")} and len(served) == 12
    result = run("build", may, june, town, "-o", out, "--serves", "services.json=Demo Town")
    assert result.exit_code == 2
    assert f"several sources ({may}, {june})" in result.stderr and "--serves" in result.stderr
    result = run("build", may, june, town, "-o", out, "--serves", f"{june}=Demo Town", "--source-name", f"{may}=May")
    assert result.exit_code == 0, result.stderr
