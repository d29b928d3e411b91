"""Our own input formats: one YAML/JSON document, a CSV folder, an XLSX workbook; merging sources."""

from __future__ import annotations

import json

import pytest

from assetgraph.errors import InputError
from assetgraph.graphmodel import NodeKind, Relation
from assetgraph.loaders import BuildReport, detect_format, load, read_source

from .helpers import write_workbook

YAML_MAP = """
name: Fife network
documents:
  plan: {title: "Fife health plan", url: "https://example.org/plan"}
organisations:
  - name: Fife Council
    aliases: [FC]
    sector: public
    scale: local
    identifiers: {gss: S12000047}
    source: plan
    quote: "Fife Council will lead"
  - {name: Cottage Family Centre, sector: community_led, scale: neighbourhood}
places:
  - {name: Fife, level: local_authority, code: S12000047, population: 371910}
themes:
  - {name: Food insecurity}
relationships:
  - {from: FC, relation: serves, to: Fife}
  - {from: Cottage Family Centre, relation: PARTNERS_WITH, to: Fife Council, trust: 0.9,
     evidence: [{source: plan, quote: "working together", inferred: yes}]}
  - {from: Cottage Family Centre, relation: addresses, to: food insecurity}
"""


def test_yaml_document_gives_nodes_edges_and_provenance(write):
    path = write("fife.yaml", YAML_MAP)
    g = load(path)
    assert g.name == "Fife network"
    assert g.count_nodes() == {"organisation": 2, "place": 1, "theme": 1}
    council = g.find("FC")
    assert council.identifiers == {"gss": "S12000047"}
    (prov,) = council.provenance
    assert (prov.source, prov.locator, prov.snippet, prov.via) == (
        "Fife health plan",
        "https://example.org/plan",
        "Fife Council will lead",
        f"{path}, line 5",
    )
    centre = g.find("Cottage Family Centre")
    assert centre.provenance[0].source == str(path) and centre.provenance[0].locator == "line 12"
    (tie,) = g.edges(Relation.PARTNERS_WITH)
    assert tie.trust == 0.9 and tie.provenance[0].inferred and tie.provenance[0].snippet == "working together"
    assert {e.relation for e in g.edges()} == {Relation.SERVES, Relation.PARTNERS_WITH, Relation.ADDRESSES}


def test_json_document_reads_like_yaml(write):
    import yaml

    data = yaml.safe_load(YAML_MAP)
    path = write("fife.json", json.dumps(data, indent="\t"))
    assert detect_format(path) == "document"
    g = load(path)
    assert len(g) == 4 and g.number_of_edges() == 3


CSV_TABLES = {
    "organisations.csv": "id,name,aliases,sector,scale,identifiers.charity_number,attributes.notes\n"
    "fc,Fife Council,FC; Fife Cncl; Fife,public,local,,\n"
    "\n"
    'cfc,Cottage Family Centre,,community_led,neighbourhood,SC030279,"runs a pantry, weekly"\n',
    "places.csv": "name,level,code,population\nFife,local_authority,S12000047,371910\n",
    "relationships.csv": "from,relation,to,from_kind,to_kind,strength,source,quote\n"
    "organisation:cfc,PARTNERS_WITH,Fife Cncl,,,0.5,Minutes 2024-03,agreed to share a worker\n"
    "Fife,serves,Fife,organisation,place,,,\n",
}


def test_csv_folder_with_ids_aliases_dotted_columns_and_kind_hints(write, tmp_path):
    for name, text in CSV_TABLES.items():
        write(f"map/{name}", text)
    write("map/_notes.csv", "anything,at all\n")
    g = load(tmp_path / "map")
    assert len(g) == 3
    centre = g.node("organisation:cfc")
    assert centre.identifiers == {"charity_number": "SC030279"}
    assert centre.attributes == {"notes": "runs a pantry, weekly"}
    assert centre.provenance[0].locator == "row 4"
    (tie,) = g.edges(Relation.PARTNERS_WITH)
    assert tie.strength == 0.5 and tie.provenance[0].source == "Minutes 2024-03"
    assert tie.provenance[0].via == f"{tmp_path / 'map' / 'relationships.csv'}, row 2"
    (serves,) = g.edges(Relation.SERVES)
    assert (serves.source, serves.target) == ("organisation:fc", "place:fife")


def test_xlsx_workbook_with_typed_cells(tmp_path):
    import datetime as dt

    path = write_workbook(
        tmp_path / "map.xlsx",
        {
            "Organisations": [["Name", "Sector"], ["Fife Council", "public"], ["Funder Trust", "funder"]],
            "Initiatives": [["name", "type", "start_date"], ["Food pantry", "project", dt.datetime(2024, 5, 1)]],
            "Relationships": [
                ["from", "relation", "to", "amount", "currency", "award_date"],
                ["Funder Trust", "FUNDS", "Food pantry", 12000, "GBP", dt.datetime(2024, 4, 2)],
            ],
            "_README": [["this sheet is notes"]],
        },
    )
    assert detect_format(path) == "xlsx"
    g = load(path)
    assert str(g.find("Food pantry").start_date) == "2024-05-01"
    (grant,) = g.edges(Relation.FUNDS)
    assert (grant.amount, grant.currency, str(grant.award_date)) == (12000, "GBP", "2024-04-02")
    assert g.find("Fife Council").provenance[0].locator == "sheet Organisations, row 2"


def test_sources_merge_the_same_body_into_one_node_with_both_provenances(write, tmp_path):
    yaml_path = write("fife.yaml", YAML_MAP)
    for name, text in CSV_TABLES.items():
        write(f"map/{name}", text)
    g = load(yaml_path, tmp_path / "map")
    council = g.find("Fife Council")
    assert [p.source for p in council.provenance] == ["Fife health plan", str(tmp_path / "map" / "organisations.csv")]
    assert set(council.aliases) >= {"FC", "Fife Cncl"}
    assert len(list(g.nodes(NodeKind.ORGANISATION))) == 2
    # the partnership claimed by both sources is one edge with two pieces of evidence
    (tie,) = g.edges(Relation.PARTNERS_WITH)
    assert len(tie.provenance) == 2


def test_a_relationship_may_name_a_node_from_another_source(write):
    a = write("a.yaml", "organisations:\n  - {name: CHEX}\n")
    b = write(
        "b.yaml", "organisations:\n  - {name: SCDC}\nrelationships:\n  - {from: CHEX, relation: PART_OF, to: SCDC}\n"
    )
    assert load(a, b).number_of_edges() == 1


def test_read_source_keeps_records_and_lines(write):
    records = read_source(write("fife.yaml", YAML_MAP))
    assert [r.location.where for r in records.nodes] == ["line 5", "line 12", "line 14", "line 16"]
    assert records.edges[0].source == "FC"


@pytest.mark.parametrize("name", ["x.txt", "x.geojson"])
def test_unknown_suffix_is_refused(write, name):
    from assetgraph.errors import InputError

    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format(write(name, "hello"))


def test_the_relation_and_kind_hints_settle_a_name_two_kinds_share(write):
    base = """
    organisations: [{name: Health Champions}, {name: ECLP}]
    initiatives: [{name: Health Champions}]
    services: [{name: Stop Smoking Wales}]
    relationships:
      - {from: ECLP, relation: RUNS, to: Health Champions}
    """
    g = load(write("a.yaml", base))
    (runs,) = g.edges(Relation.RUNS)
    assert runs.target == "initiative:health-champions"
    signposts = "  - {from: Health Champions, relation: SIGNPOSTS_TO, to: Stop Smoking Wales%s}\n"
    from assetgraph.errors import InputError

    with pytest.raises(InputError, match="fits several nodes"):
        load(write("b.yaml", base + signposts % ""))
    g = load(write("c.yaml", base + signposts % ", from_kind: initiative"))
    (tie,) = g.edges(Relation.SIGNPOSTS_TO)
    assert tie.source == "initiative:health-champions"


FUNDING = """
organisations:
  - {name: Trust, sector: funder}
  - {name: Hub}
relationships:
  - {from: Trust, relation: FUNDS, to: Hub, amount: %s, currency: GBP}
"""


def test_two_sources_disagreeing_on_a_relationship_keep_the_first_value_and_list_it(write, run, tmp_path):
    first, second = write("a.yaml", FUNDING % 5), write("b.yaml", FUNDING % 6)
    report = BuildReport()
    g = load(first, second, report=report)
    (grant,) = g.edges("FUNDS")
    assert grant.amount == 5.0 and len(grant.provenance) == 2
    (row,) = report.conflicts
    assert (row.node, row.name) == ("organisation:trust FUNDS organisation:hub", "Trust FUNDS Hub")
    assert (row.conflict.field, row.conflict.kept, row.conflict.dropped) == ("amount", 5.0, 6.0)
    assert row.conflict.kept_from.startswith(str(first)) and row.conflict.dropped_from.startswith(str(second))
    saved = [tmp_path / "a.json", tmp_path / "b.json"]
    for source, graph_file in zip((first, second), saved, strict=True):
        assert run("build", source, "-o", graph_file).exit_code == 0
    result = run("build", *saved, "-o", tmp_path / "ab.json", "--report", tmp_path / "review.csv")
    assert result.exit_code == 0 and "1 disagreements" in result.output
    assert ",amount,5.0,6.0," in (tmp_path / "review.csv").read_text()


def test_one_curated_source_contradicting_itself_on_a_relationship_is_an_error(write):
    path = write("a.yaml", FUNDING % 5 + "  - {from: Trust, relation: FUNDS, to: Hub, amount: 6}\n")
    with pytest.raises(InputError, match="a.yaml, line 6, field amount: is 5.0 .* but 6.0 here"):
        load(path)
