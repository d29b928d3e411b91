"""Every export read back by the tools and schemas that consume it, on a graph with grants
(edges with keys, amounts, dates), multi-line and hostile text, not only the seed map."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import frictionless
import igraph
import jsonschema
import networkx as nx
import pytest
from lxml import etree

from assetgraph.exports import write_export
from assetgraph.exports.hsds import GSS_URI, OUR_ID, hsds_id
from assetgraph.exports.rows import edge_id, xml_text
from assetgraph.graphmodel import AssetGraph, Edge, Place, Provenance, Service, Theme
from assetgraph.graphmodel.vocabulary import NodeKind
from assetgraph.loaders import SEED, load
from assetgraph.loaders.build import build_graph

from .helpers import org

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
FIXTURES = Path(__file__).parent / "fixtures"
C0 = "".join(chr(c) for c in range(32))
FORMULAS = ['=HYPERLINK("http://evil.example","click")', '=WEBSERVICE("http://evil.example")', "+1+2", "@SUM(A1)"]
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "lines": 'First line\nsecond line\r\nthird, with a comma and a "quote"',
    "controls": f"Every C0 control: [{C0}] end",
    "emoji": "Peer support 🧑‍🤝‍🧑 café",
    "rtl": "مركز صحي مجتمعي \u202eevil\u202c",
}
#: what no XML 1.0 document may hold, even escaped
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _grants_graph() -> AssetGraph:
    """A funder giving two grants (one pair, two keys) to a group whose every text field is
    hostile, the group running a service that serves a council (GSS code) at a venue, both
    addressing themes; a negative number among the attributes."""
    src = [Provenance(source="test")]
    g = AssetGraph("grants & <hostile> text")
    g.add_node(
        org(
            "Annual Giving Trust",
            sector="funder",
            description=FORMULAS[0],
            identifiers={"org_id": "360G-givingtrust:org-1", "openreferral fife": "b5d1e6c0-0d3a-4a8e-9f1e-1"},
        )
    )
    g.add_node(
        org(
            "<script>alert(1)</script> Community Group",
            description=HOSTILE["lines"] + " " + HOSTILE["controls"],
            aliases=[HOSTILE["attribute"]],
            url="https://group.example/",
            attributes={"balance": -5, "motto": FORMULAS[1], "key with space": HOSTILE["emoji"]},
            identifiers={"charity_number": "SC012345"},
        )
    )
    g.add_node(org(HOSTILE["rtl"], description=FORMULAS[2]))
    g.add_node(Service(name="Drop-in café", eligibility=HOSTILE["lines"], cost=FORMULAS[3], provenance=src))
    g.add_node(Place(name="Fife", level="local_authority", code="S12000047", provenance=src))
    g.add_node(Place(name="Kirkcaldy Hub", latitude=56.11, longitude=-3.16, provenance=src))
    g.add_node(Theme(name="Food insecurity", description=HOSTILE["script"], provenance=src))
    g.add_node(Theme(name="Loneliness", provenance=src))
    group, funder = "organisation:script-alert-1-script-community-group", "organisation:annual-giving-trust"
    for key, amount, day in (("360G-trust-1", 5000.0, "2024-04-01"), ("360G-trust-2", 250.5, "2025-01-31")):
        g.add_edge(
            Edge(
                source=funder,
                relation="FUNDS",
                target=group,
                key=key,
                amount=amount,
                currency="GBP",
                award_date=day,
                programme=FORMULAS[1],
                description=HOSTILE["lines"],
                provenance=src,
            )
        )
    ties = [
        (group, "RUNS", "service:drop-in-cafe"),
        ("service:drop-in-cafe", "SERVES", "place:fife"),
        ("service:drop-in-cafe", "LOCATED_IN", "place:kirkcaldy-hub"),
        ("service:drop-in-cafe", "ADDRESSES", "theme:food-insecurity"),
        (group, "ADDRESSES", "theme:loneliness"),
        (group, "PARTNERS_WITH", next(n.id for n in g.nodes() if n.name == HOSTILE["rtl"])),
    ]
    for source, relation, target in ties:
        g.add_edge(Edge(source=source, relation=relation, target=target, provenance=src))
    return g


@pytest.fixture(scope="module")
def grants() -> AssetGraph:
    return _grants_graph()


@pytest.fixture(scope="module")
def seed() -> AssetGraph:
    return load(SEED)


GRAPHS = ["seed", "grants"]


@pytest.fixture(params=GRAPHS)
def graph(request: pytest.FixtureRequest) -> AssetGraph:
    return request.getfixturevalue(request.param)


def test_the_grants_graph_holds_what_the_readers_must_survive(grants):
    funds = list(grants.edges("FUNDS"))
    assert len(funds) == 2 and len({e.key for e in funds}) == 2 and len({edge_id(e) for e in funds}) == 2
    texts = " ".join(
        v if isinstance(v, str) else " ".join(map(str, v.values())) if isinstance(v, dict) else " ".join(map(str, v))
        for n in grants.nodes()
        for v in n.model_dump(mode="json", exclude={"provenance"}).values()
        if isinstance(v, str | dict | list)
    )
    assert all(marker in texts for marker in ("\x03", "\n", "<script>", "=HYPERLINK", "🧑", "\u202e"))


def test_gexf_passes_the_gexf_13_schema_and_reads_back_in_networkx(graph, tmp_path):
    out = tmp_path / "out.gexf"
    write_export(graph, "gexf", out)
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf-1.3" / "gexf.rng")))
    document = etree.parse(str(out))
    assert schema.validate(document), schema.error_log
    root = document.getroot()
    assert root.nsmap == {None: "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    assert root.find("{http://gexf.net/1.3}graph").get("name") is None
    read = nx.read_gexf(out)
    assert read.number_of_nodes() == len(graph) and read.number_of_edges() == graph.number_of_edges()
    for node in graph.nodes():
        assert read.nodes[node.id]["label"] == xml_text(node.name)
        if node.description:
            assert read.nodes[node.id]["description"] == xml_text(node.description)
    by_id = {data["id"]: data for *_, data in read.edges(data=True)}
    for edge in graph.edges():
        data = by_id[edge_id(edge)]
        assert data["relation"] == edge.relation.value and data.get("amount") == edge.amount


def test_graphml_reads_back_in_networkx_and_igraph_with_name_token_keys(graph, tmp_path):
    out = tmp_path / "out.graphml"
    write_export(graph, "graphml", out)
    keys = etree.parse(str(out)).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    # GraphML's XSD types a key's attr.name as an XML name token and its id as a document-wide ID
    assert all(re.fullmatch(r"[\w.\-:]+", k.get("attr.name")) for k in keys)
    assert len({k.get("id") for k in keys}) == len(keys)
    read = nx.read_graphml(out)
    assert read.number_of_nodes() == len(graph) and read.number_of_edges() == graph.number_of_edges()
    loaded = igraph.Graph.Read_GraphML(str(out))
    assert loaded.vcount() == len(graph) and loaded.ecount() == graph.number_of_edges()
    labels = dict(zip(loaded.vs["id"], loaded.vs["label"], strict=True))
    assert all(labels[n.id] == xml_text(n.name) for n in graph.nodes())
    funds = sorted((e.key, e.amount) for e in graph.edges("FUNDS"))
    if funds:
        found = zip(loaded.es["edge_key"], loaded.es["amount"], loaded.es["relation"], strict=True)
        assert sorted((k, a) for k, a, r in found if r == "FUNDS") == funds


def test_the_graph_s_own_values_survive_graphml(grants, tmp_path):
    write_export(grants, "graphml", tmp_path / "g.graphml")
    read = nx.read_graphml(tmp_path / "g.graphml")
    group = read.nodes["organisation:script-alert-1-script-community-group"]
    assert group["attributes.balance"] == -5 and group["attributes.key_with_space"] == HOSTILE["emoji"]
    assert group["description"] == xml_text(HOSTILE["lines"] + " " + HOSTILE["controls"])


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "kumu-xlsx"])
def test_xml_based_exports_leave_out_every_character_xml_cannot_hold(grants, tmp_path, fmt):
    import zipfile

    out = tmp_path / f"out.{fmt}"
    write_export(grants, fmt, out)
    parts = (
        [zipfile.ZipFile(out).read(n).decode("utf-8") for n in zipfile.ZipFile(out).namelist()]
        if fmt == "kumu-xlsx"
        else [out.read_text(encoding="utf-8")]
    )
    text = "".join(parts)
    escaped = {int(n, 16) if x else int(n) for x, n in re.findall(r"&#(x?)([0-9a-fA-F]+);", text)}
    assert not NOT_XML.search(text) and not {c for c in escaped if NOT_XML.match(chr(c))}
    assert "Every C0 control: [" in text and "] end" in text


def test_kumu_json_has_the_blueprint_shape_with_tag_lists_and_stable_connection_ids(graph, tmp_path):
    write_export(graph, "kumu-json", tmp_path / "a.json")
    write_export(graph, "kumu-json", tmp_path / "b.json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert all(isinstance(e["label"], str) and isinstance(e["type"], str) for e in data["elements"])
    assert all(isinstance(e["tags"], list) and all(isinstance(t, str) for t in e["tags"]) for e in data["elements"])
    connections = data["connections"]
    assert {c["id"] for c in connections} == {edge_id(e) for e in graph.edges()} and len(connections) == len(
        {c["id"] for c in connections}
    )
    assert all({"from", "to", "type", "direction"} <= set(c) for c in connections)
    assert {c["direction"] for c in connections} <= {"directed", "mutual"}


def test_kumu_json_keeps_tags_apart(grants, tmp_path):
    write_export(grants, "kumu-json", tmp_path / "k.json")
    elements = {e["id"]: e for e in json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))["elements"]}
    assert elements["organisation:annual-giving-trust"]["tags"] == ["funder"]
    assert elements["place:fife"]["tags"] == ["local_authority"]


def test_kumu_xlsx_has_no_formula_cell_and_keeps_numbers_numbers(grants, tmp_path):
    from openpyxl import load_workbook

    write_export(grants, "kumu-xlsx", tmp_path / "k.xlsx")
    book = load_workbook(tmp_path / "k.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type != "f" for cell in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert all(not NOT_XML.search(t) for t in texts)
    assert set(FORMULAS) <= set(texts) and xml_text(HOSTILE["lines"]) in texts
    header = [c.value for c in book["Elements"][1]]
    balance = [row[header.index("attributes.balance")] for row in book["Elements"].iter_rows(min_row=2)]
    assert [c.value for c in balance if c.value is not None] == [-5] and all(
        c.data_type == "n" for c in balance if c.value is not None
    )
    connections = list(book["Connections"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in connections) == sorted(edge_id(e) for e in grants.edges())


def test_plain_csv_neutralises_formulas_keeps_numbers_and_line_breaks(grants, tmp_path):
    write_export(grants, "csv", tmp_path / "csv")
    nodes = list(csv.DictReader((tmp_path / "csv" / "nodes.csv").open(encoding="utf-8", newline="")))
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open(encoding="utf-8", newline="")))
    cells = [v for row in nodes + edges for v in row.values() if v]
    assert not [v for v in cells if v[0] in "=+@\t\r" or (v[0] == "-" and not re.fullmatch(r"-[\d.]+", v))]
    assert {"'" + f for f in FORMULAS} <= set(cells)
    group = next(n for n in nodes if n["id"] == "organisation:script-alert-1-script-community-group")
    assert group["attributes.balance"] == "-5" and group["description"] == HOSTILE["lines"] + " " + HOSTILE["controls"]
    funds = sorted((e for e in edges if e["relation"] == "FUNDS"), key=lambda e: e["key"])
    assert [(e["key"], float(e["amount"]), e["award_date"]) for e in funds] == [
        ("360G-trust-1", 5000.0, "2024-04-01"),
        ("360G-trust-2", 250.5, "2025-01-31"),
    ]
    assert all(e["description"] == HOSTILE["lines"] for e in funds)


def test_neo4j_csvs_hold_multi_line_text_as_written_and_the_script_reads_it(grants, tmp_path):
    write_export(grants, "neo4j", tmp_path / "neo4j")
    folder = tmp_path / "neo4j"
    funds = list(csv.reader((folder / "edges_FUNDS.csv").open(encoding="utf-8", newline="")))
    header = funds[0]
    described = header.index("description:string")
    assert [r[described] for r in funds[1:]] == [HOSTILE["lines"]] * 2
    assert sorted(r[header.index("key:string")] for r in funds[1:]) == ["360G-trust-1", "360G-trust-2"]
    nodes = list(csv.reader((folder / "nodes_organisation.csv").open(encoding="utf-8", newline="")))
    # machine-read: a value is written as it is, a formula-looking one too
    assert FORMULAS[0] in [c for row in nodes for c in row]
    assert "--multiline-fields=true" in (folder / "import.sh").read_text(encoding="utf-8").split()


def _hsds_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {
        r["name"]: list(csv.DictReader((folder / r["path"]).open(encoding="utf-8", newline="")))
        for r in package["resources"]
    }


def _as_json(tables: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, object]]]:
    """The tables' rows as the JSON objects the spec's schema describes: blank cells left out,
    number fields as numbers (types from the spec's own data package)."""
    spec = json.loads((FIXTURES / "hsds3-datapackage.json").read_text(encoding="utf-8"))
    numbers = {
        (r["name"], f["name"]) for r in spec["resources"] for f in r["schema"]["fields"] if f["type"] == "number"
    }
    return {
        name: [{k: float(v) if (name, k) in numbers else v for k, v in row.items() if v != ""} for row in rows]
        for name, rows in tables.items()
    }


def _hsds_validator():
    """The HSDS 3 tabular JSON schema's validator, its formats checked (``uri`` too: without
    rfc3987 jsonschema passes any text as a URI)."""
    schema = json.loads((SCHEMAS / "hsds-3.0" / "tabular.json").read_text(encoding="utf-8"))
    for table in schema["properties"].values():
        table["items"]["required"] += table["items"].get("tabular_required", [])
    checker = jsonschema.FormatChecker()
    assert {"uri", "email", "uuid"} <= set(checker.checkers)
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def test_hsds_rows_are_valid_against_the_hsds3_json_schema_with_uuid_formats(graph, tmp_path):
    validator = _hsds_validator()
    write_export(graph, "hsds", tmp_path / "hsds")
    instance = _as_json(_hsds_tables(tmp_path / "hsds"))
    assert set(instance) <= set(validator.schema["properties"]) and instance["organization"]
    assert [e.message for e in validator.iter_errors(instance)] == []
    broken = json.loads(json.dumps(instance))
    broken["organization"][0]["id"] = "organisation:chex"
    assert any("uuid" in e.message for e in validator.iter_errors(broken))


def test_hsds_web_addresses_and_e_mails_are_written_as_the_schema_s_formats_or_left_out_and_counted(tmp_path):
    """Directories give web addresses without a scheme (``www.example.org``): HSDS's
    ``format: uri`` needs one, so they go out as https; what is no address at all is left out
    and counted in the export's summary."""
    validator = _hsds_validator()
    g = AssetGraph("addresses")
    g.add_node(org("Hub", url="www.hub.example/cafe menu", email="mailto:hello@hub.example"))
    g.add_node(org("Group", url="see our Facebook page", email="call us"))
    g.add_node(
        Service(name="Cafe", url="hub.example/cafe", email="cafe@hub.example.", provenance=[Provenance(source="t")])
    )
    g.add_edge(
        Edge(source="organisation:hub", relation="RUNS", target="service:cafe", provenance=[Provenance(source="t")])
    )
    done = write_export(g, "hsds", tmp_path / "hsds")
    tables = _hsds_tables(tmp_path / "hsds")
    assert [e.message for e in validator.iter_errors(_as_json(tables))] == []
    websites = {o["name"]: (o["website"], o["email"]) for o in tables["organization"]}
    assert websites == {"Hub": ("https://www.hub.example/cafe%20menu", "hello@hub.example"), "Group": ("", "")}
    assert [(s["url"], s["email"]) for s in tables["service"]] == [("https://hub.example/cafe", "")]
    assert done.left_out == {"organization.email": 1, "organization.website": 1, "service.email": 1}
    assert "Left out, as the format cannot take them: 1 organization.email" in done.tables()[0].heading


def test_hsds_package_is_valid_against_the_specs_data_package_in_frictionless(graph, tmp_path):
    write_export(graph, "hsds", tmp_path / "hsds")
    ours = json.loads((tmp_path / "hsds" / "datapackage.json").read_text(encoding="utf-8"))
    spec = {r["name"]: r for r in json.loads((FIXTURES / "hsds3-datapackage.json").read_text())["resources"]}
    written = {r["name"] for r in ours["resources"]}
    resources = []
    for name in written:
        resource = dict(spec[name])
        resource["schema"] = dict(resource["schema"])
        # a reference to a table the package does not hold (service -> program) cannot be checked
        resource["schema"]["foreignKeys"] = [
            k for k in resource["schema"].get("foreignKeys", []) if k["reference"]["resource"] in written
        ]
        resources.append(resource)
    descriptor = tmp_path / "hsds" / "spec-datapackage.json"
    descriptor.write_text(json.dumps({"name": "hsds", "resources": resources}), encoding="utf-8")
    report = frictionless.validate(str(descriptor))
    errors = [(e.type, getattr(e, "note", "")) for task in report.tasks for e in task.errors]
    assert report.valid, errors[:10]
    organisations = tmp_path / "hsds" / "organizations.csv"
    lines = organisations.read_text(encoding="utf-8").split("\n", 2)
    organisations.write_text("\n".join([lines[0], "organisation:chex" + lines[1][36:], lines[2]]), encoding="utf-8")
    assert not frictionless.validate(str(descriptor)).valid


def test_hsds_ids_are_uuids_derived_from_ours_and_the_same_on_every_export(grants, tmp_path):
    write_export(grants, "hsds", tmp_path / "a")
    write_export(grants, "hsds", tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    tables = _hsds_tables(tmp_path / "a")
    group = "organisation:script-alert-1-script-community-group"
    ours = {
        r["identifier"]: r["organization_id"]
        for r in tables["organization_identifier"]
        if r["identifier_type"] == OUR_ID
    }
    assert ours[group] == hsds_id(group) and set(ours) == {n.id for n in grants.nodes("organisation")}
    registered = {
        (r["organization_id"], r["identifier_scheme"], r["identifier"]) for r in tables["organization_identifier"]
    }
    funder = hsds_id("organisation:annual-giving-trust")
    assert {
        (hsds_id(group), "GB-SC", "GB-SC-SC012345"),
        (funder, "360G-givingtrust", "360G-givingtrust:org-1"),
        (funder, "", "b5d1e6c0-0d3a-4a8e-9f1e-1"),
    } <= registered
    areas = tables["service_area"]
    assert [(a["name"], a["uri"]) for a in areas] == [("Fife", GSS_URI + "S12000047")]


def _addresses(graph: AssetGraph) -> set[tuple[str, str]]:
    return {(graph.node(s).name, graph.node(t).name) for s, t in graph.ends("ADDRESSES")}


def _carried(graph: AssetGraph) -> set[tuple[str, str]]:
    """The ADDRESSES ties HSDS can carry: from organisations, and from services an
    organisation runs (a service needs its organisation)."""
    run = {t for s, t in graph.ends("RUNS") if graph.kind_of(s) is NodeKind.ORGANISATION}
    return {
        (graph.node(s).name, graph.node(t).name)
        for s, t in graph.ends("ADDRESSES")
        if graph.kind_of(s) is NodeKind.ORGANISATION or (graph.kind_of(s) is NodeKind.SERVICE and s in run)
    }


def test_hsds_round_trip_keeps_every_addresses_tie_and_theme_the_spec_can_carry(graph, tmp_path):
    write_export(graph, "hsds", tmp_path / "hsds")
    reread = load(str(tmp_path / "hsds"), infer=False)  # what the package carries, nothing read anew
    assert _addresses(reread) == _carried(graph) and _carried(graph)
    assert {t.name for t in reread.nodes("theme")} == {theme for _, theme in _carried(graph)}
    exported = {s.name for s in reread.nodes("service")}
    served = {
        (graph.node(s).name, graph.node(p).code) for s, p in graph.ends("SERVES") if graph.node(s).name in exported
    }
    assert {(reread.node(s).name, reread.node(p).code) for s, p in reread.ends("SERVES")} == served


def test_what_hsds_cannot_carry_is_named(seed, tmp_path):
    """HSDS 3 lists organisations and the services they run: ADDRESSES ties from initiatives
    and partnerships (no HSDS table holds them), and from a service no organisation runs (a
    service needs its organisation), are not carried; every other one is."""
    write_export(seed, "hsds", tmp_path / "hsds")
    kept = _addresses(load(str(tmp_path / "hsds")))
    lost = {(s, t) for s, t in seed.ends("ADDRESSES") if (seed.node(s).name, seed.node(t).name) not in kept}
    assert {seed.kind_of(s) for s, _ in lost} == {NodeKind.INITIATIVE, NodeKind.PARTNERSHIP, NodeKind.SERVICE}
    run = {t for _, t in seed.ends("RUNS")}
    assert all(s not in run for s, _ in lost if seed.kind_of(s) is NodeKind.SERVICE)


def test_an_hsds_package_built_with_the_graph_it_came_from_merges_into_the_same_nodes(graph, tmp_path):
    write_export(graph, "hsds", tmp_path / "hsds")
    package = load(str(tmp_path / "hsds"), infer=False)
    merged = build_graph([("graph", graph), (str(tmp_path / "hsds"), package)], infer=False)
    assert len(merged) == len(graph)
    assert {(s, t) for s, t in merged.ends("ADDRESSES")} == {(s, t) for s, t in graph.ends("ADDRESSES")}


def test_csv_formula_quoting_is_for_spreadsheets_only(grants):
    from assetgraph.exports.formats import export_files

    plain = export_files(grants, "csv")
    package = export_files(grants, "hsds")
    assert isinstance(plain, dict) and isinstance(package, dict)
    assert "'" + FORMULAS[2] in plain["nodes.csv"].decode("utf-8")
    organisations = list(csv.DictReader(io.StringIO(package["organizations.csv"].decode("utf-8"))))
    assert FORMULAS[2] in {o["description"] for o in organisations}


def test_assetgraph_build_of_an_exported_package_gives_back_every_carried_tie_with_nothing_to_review(
    run, seed, tmp_path
):
    assert run("export", SEED, "--to", "hsds", "-o", tmp_path / "hsds").exit_code == 0
    done = run(
        "build", tmp_path / "hsds", "-o", tmp_path / "back.json", "--report", tmp_path / "review.csv", "--no-infer"
    )
    assert done.exit_code == 0, done.output
    back = load(str(tmp_path / "back.json"))
    assert _addresses(back) == _carried(seed) and _carried(seed)
    assert {t.name for t in back.nodes("theme")} == {theme for _, theme in _carried(seed)}
    review = list(csv.DictReader((tmp_path / "review.csv").open(encoding="utf-8")))
    assert review == []


def test_grants_read_by_the_360giving_loader_go_out_to_gephi_and_come_back(write, tmp_path):
    """Every 360Giving grant is an edge with a key; two from one funder to one recipient
    stay two edges through GEXF and GraphML."""
    funder = {"id": "GB-CHC-1000001", "name": "Annual Giving Trust"}
    recipient = {"id": "GB-SC-SC012345", "name": "Kirkcaldy Food Share"}
    grants = [
        {
            "id": f"360G-agt-{n}",
            "title": f"Grant {n}",
            "description": 'Line one\nline two: =HYPERLINK("x")',
            "currency": "GBP",
            "amountAwarded": amount,
            "awardDate": "2024-04-01",
            "fundingOrganization": [funder],
            "recipientOrganization": [recipient],
        }
        for n, amount in ((1, 5000), (2, 250.5))
    ]
    source = write("grants.json", json.dumps({"grants": grants}))
    graph = load(str(source))
    funds = list(graph.edges("FUNDS"))
    assert len(funds) == 2 and len({e.key for e in funds}) == 2
    write_export(graph, "gexf", tmp_path / "g.gexf")
    write_export(graph, "graphml", tmp_path / "g.graphml")
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf-1.3" / "gexf.rng")))
    assert schema.validate(etree.parse(str(tmp_path / "g.gexf"))), schema.error_log
    for read in (nx.read_gexf(tmp_path / "g.gexf"), nx.read_graphml(tmp_path / "g.graphml")):
        found = sorted((d["edge_key"], d["amount"]) for *_, d in read.edges(data=True) if d["relation"] == "FUNDS")
        assert found == sorted((e.key, e.amount) for e in funds)
