"""assetgraph export: Gephi, Kumu, CSV, Neo4j bulk import and Open Referral, read back."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from assetgraph.cli import EXPORT_FORMATS
from assetgraph.exports import EXPORTS, ExportOptions, write_export
from assetgraph.graphmodel.vocabulary import NodeKind
from assetgraph.loaders import SEED, load

from .test_privacy import PEOPLE_YAML, _leaks, _secrets

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


def test_the_command_line_offers_every_export_format():
    assert set(EXPORT_FORMATS) == set(EXPORTS)


def test_gexf_opens_with_typed_columns_labels_and_grid_positions(seed, tmp_path):
    out = tmp_path / "seed.gexf"
    write_export(seed, "gexf", out)
    root = ElementTree.parse(out).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    ns = {"g": "http://gexf.net/1.3"}
    types = {a.get("title"): a.get("type") for a in root.findall(".//g:attributes[@class='node']/g:attribute", ns)}
    assert types["kind"] == "string" and types["claims"] in ("integer", "long") and types["inferred"] == "boolean"
    read = nx.read_gexf(out)
    assert read.number_of_nodes() == len(seed) and read.number_of_edges() == seed.number_of_edges()
    cardiff = read.nodes["place:cardiff"]
    assert cardiff["label"] == "Cardiff" and cardiff["kind"] == "place" and cardiff["code"] == "W06000015"
    assert cardiff["viz"]["position"]["x"] > 0 and "viz" not in read.nodes["theme:smoking"]
    relations = {d["relation"] for *_, d in read.edges(data=True)}
    assert relations == {e.relation.value for e in seed.edges()}


def test_graphml_declares_its_keys_and_reads_back(seed, tmp_path):
    out = tmp_path / "seed.graphml"
    write_export(seed, "graphml", out)
    read = nx.read_graphml(out)
    assert read.number_of_nodes() == len(seed) and read.number_of_edges() == seed.number_of_edges()
    keys = ElementTree.parse(out).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    declared = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in keys}
    assert declared[("node", "claims")] in ("int", "long") and declared[("node", "label")] == "string"
    assert read.nodes["organisation:public-health-scotland"]["sector"] == "public"


def test_kumu_json_and_xlsx_hold_elements_and_connections_by_id(seed, tmp_path):
    write_export(seed, "kumu-json", tmp_path / "kumu.json")
    data = json.loads((tmp_path / "kumu.json").read_text(encoding="utf-8"))
    ids = {e["id"] for e in data["elements"]}
    assert len(data["elements"]) == len(seed) and ids == {n.id for n in seed.nodes()}
    assert all({"label", "type", "description", "tags"} <= set(e) for e in data["elements"])
    assert len(data["connections"]) == seed.number_of_edges()
    assert all(c["from"] in ids and c["to"] in ids for c in data["connections"])
    assert {c["direction"] for c in data["connections"] if c["type"] == "PARTNERS_WITH"} == {"mutual"}
    from openpyxl import load_workbook

    write_export(seed, "kumu-xlsx", tmp_path / "kumu.xlsx")
    book = load_workbook(tmp_path / "kumu.xlsx", read_only=True)
    assert book.sheetnames == ["Elements", "Connections"]
    header = next(book["Elements"].iter_rows(values_only=True))
    assert header[:5] == ("ID", "Label", "Type", "Description", "Tags")
    assert book["Connections"].max_row == seed.number_of_edges() + 1


def test_plain_csv_reads_back_into_the_same_nodes_and_edges(seed, tmp_path):
    done = write_export(seed, "csv", tmp_path / "csv")
    assert done.files == ["edges.csv", "nodes.csv"]
    nodes = list(csv.DictReader((tmp_path / "csv" / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open(encoding="utf-8")))
    assert {(n["id"], n["name"], n["kind"]) for n in nodes} == {(n.id, n.name, n.kind.value) for n in seed.nodes()}
    assert sorted((e["source"], e["relation"], e["target"]) for e in edges) == sorted(
        (e.source, e.relation.value, e.target) for e in seed.edges()
    )
    assert all(e["sources"] for e in edges)


def test_neo4j_bulk_csvs_have_the_headers_the_import_tool_expects(seed, tmp_path):
    write_export(seed, "neo4j", tmp_path / "neo4j")
    folder = tmp_path / "neo4j"
    nodes, ids = 0, set()
    for path in folder.glob("nodes_*.csv"):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        assert rows[0][:2] == ["id:ID", ":LABEL"] and all(
            re.fullmatch(r"[\w.]+:(string|long|double|boolean)", h) for h in rows[0][2:]
        )
        nodes += len(rows) - 1
        ids |= {r[0] for r in rows[1:]}
    edges = 0
    for path in folder.glob("edges_*.csv"):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        assert rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
        assert all(r[0] in ids and r[1] in ids and r[2] == path.stem.removeprefix("edges_") for r in rows[1:])
        edges += len(rows) - 1
    assert (nodes, edges) == (len(seed), seed.number_of_edges())
    command = (folder / "import.sh").read_text(encoding="utf-8")
    assert command.startswith("neo4j-admin database import full") and "--nodes=Place=nodes_place.csv" in command


def _spec() -> dict:
    return {r["name"]: r for r in json.loads((FIXTURES / "hsds3-datapackage.json").read_text())["resources"]}


def test_the_open_referral_package_is_valid_against_hsds3_and_loads_back(seed, tmp_path):
    write_export(seed, "hsds", tmp_path / "hsds")
    folder = tmp_path / "hsds"
    ours = json.loads((folder / "datapackage.json").read_text())
    spec = _spec()
    tables: dict[str, list[dict[str, str]]] = {}
    for resource in ours["resources"]:
        official = spec[resource["name"]]
        assert resource["path"] == official["path"]
        fields = {f["name"]: f for f in official["schema"]["fields"]}
        rows = list(csv.DictReader((folder / resource["path"]).open(encoding="utf-8")))
        tables[resource["name"]] = rows
        for field in resource["schema"]["fields"]:
            assert field["name"] in fields and field["type"] == fields[field["name"]]["type"]
        required = [f for f, d in fields.items() if d.get("constraints", {}).get("required")]
        for row in rows:
            assert all(row.get(f) for f in required), (resource["name"], row)
            for f, d in fields.items():
                if row.get(f) and d["type"] == "number":
                    float(row[f])
        assert len({r["id"] for r in rows}) == len(rows)
    for resource in ours["resources"]:
        for key in resource["schema"]["foreignKeys"]:
            targets = {r["id"] for r in tables[key["reference"]["resource"]]}
            assert all(not r[key["fields"]] or r[key["fields"]] in targets for r in tables[resource["name"]])
    assert {r["name"] for r in tables["organization"]} == {o.name for o in seed.nodes("organisation")}
    reread = load(str(folder))
    run = {t for s, t in seed.ends("RUNS") if seed.kind_of(s) is NodeKind.ORGANISATION}
    assert {s.name for s in reread.nodes("service")} == {s.name for s in seed.nodes("service") if s.id in run}
    assert {o.name for o in reread.nodes("organisation")} >= {o.name for o in seed.nodes("organisation")}


def test_a_selection_exports_only_what_it_chose(seed, tmp_path):
    from assetgraph.viz.select import within_place

    done = write_export(seed, "csv", tmp_path / "part", ExportOptions(place="Cardiff", kinds=(NodeKind.ORGANISATION,)))
    nodes = list(csv.DictReader((tmp_path / "part" / "nodes.csv").open(encoding="utf-8")))
    chosen = within_place(seed, "Cardiff").nodes
    expected = {seed.node(n).name for n in chosen if seed.kind_of(n) is NodeKind.ORGANISATION}
    assert {n["name"] for n in nodes} == expected and len(expected) >= 2 and done.nodes == len(nodes)
    assert "Public Health Scotland" not in expected
    edges = list(csv.DictReader((tmp_path / "part" / "edges.csv").open(encoding="utf-8")))
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_a_public_export_names_nobody_in_any_format(run, write, tmp_path, fmt):
    source = write("people.yaml", PEOPLE_YAML)
    out = tmp_path / ("public" + ("" if fmt in ("csv", "neo4j", "hsds") else "." + fmt.split("-")[-1]))
    result = run("export", source, "--to", fmt, "-o", out, "--public")
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    if fmt == "kumu-xlsx":
        from openpyxl import load_workbook

        book = load_workbook(out)
        text = "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    else:
        text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    secrets = _secrets(load(source))
    assert _leaks(text, secrets) == [] and "Annual Giving Trust" in text
    opened = run("export", source, "--to", fmt, "-o", tmp_path / ("open-" + out.name))
    assert opened.exit_code == 0
    target = tmp_path / ("open-" + out.name)
    if fmt != "kumu-xlsx":
        plain = "\n".join(
            p.read_text(encoding="utf-8") for p in (sorted(target.iterdir()) if target.is_dir() else [target])
        )
        assert fmt == "hsds" or _leaks(plain, secrets)  # the check would see them unredacted (HSDS holds no people)


def test_export_errors_are_one_line(run, tmp_path):
    bad = run("export", SEED, "--to", "csv", "-o", tmp_path / "x", "--kinds", "organisation,planet")
    assert bad.exit_code == 2 and "unknown kind 'planet'" in bad.output
    both = run("export", SEED, "--to", "csv", "-o", tmp_path / "y", "--around", "CHEX", "--place", "Fife")
    assert both.exit_code == 2
    nowhere = run("export", SEED, "--to", "gexf", "-o", tmp_path / "z.gexf", "--place", "Atlantis")
    assert nowhere.exit_code == 1 and "Atlantis" in nowhere.output and not (tmp_path / "z.gexf").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["export", SEED, "--to", "csv", "--around", ""],
        ["export", SEED, "--to", "csv", "--place", " "],
        ["export", SEED, "--to", "csv", "--kinds", ""],
        ["export", SEED, "--to", "csv", "--kinds", ","],
        ["map", SEED, "--place", ""],
        ["map", SEED, "--around", ""],
        ["gaps", SEED, "--place", ""],
        ["pathways", SEED, "--resident-of", "", "--need", "housing"],
        ["show", SEED, ""],
        ["profile", SEED, ""],
    ],
    ids=lambda args: " ".join(map(str, args[:1] + args[3:])),
)
def test_an_empty_selection_is_a_usage_error_not_the_whole_graph(run, tmp_path, args):
    out = tmp_path / "out"
    result = run(*args, *(["-o", out] if args[0] in ("export", "map") else []))
    assert result.exit_code == 2 and not out.exists(), result.output


@pytest.mark.parametrize("which", ["seed", "grants"])
def test_the_neo4j_export_imports_with_neo4j_admin_from_the_test_servers_jars(seed, tmp_path, which):
    """The real import tool (neo4j-admin database import full, Neo4j 5.26) reads every node and
    relationship, the grants graph's multi-line and hostile text among them."""
    import os
    import subprocess

    from .helpers import unavailable
    from .neo4j_server import ServerUnavailable, prepare
    from .test_export_readers import _grants_graph

    try:
        classpath = prepare()
    except ServerUnavailable as exc:
        unavailable(str(exc))
    graph = seed if which == "seed" else _grants_graph()
    write_export(graph, "neo4j", tmp_path / "csv")
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    command = (tmp_path / "csv" / "import.sh").read_text(encoding="utf-8").replace("\\\n", " ").split()
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    done = subprocess.run(
        ["java", "-cp", classpath, "org.neo4j.cli.AdminTool", *command[1:]],
        cwd=tmp_path / "csv",
        env=os.environ | {"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert re.search(rf"\b{len(graph)} nodes\b", done.stdout) and re.search(
        rf"\b{graph.number_of_edges()} relationships\b", done.stdout
    )
