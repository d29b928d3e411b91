"""The command line, run in-process through CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from assetgraph.cli import cli
from assetgraph.graphmodel import load_graph
from assetgraph.loaders import SEED, load
from assetgraph.queries.connectors import connectors
from assetgraph.queries.pathways import pathways

README = Path(__file__).resolve().parents[1] / "README.md"


def test_demo_builds_the_seed_map_and_says_what_to_try(run, tmp_path):
    result = run("demo", "--dir", tmp_path / "demo")
    assert result.exit_code == 0, result.stderr
    saved = load_graph(tmp_path / "demo" / "seed-map.json")
    seed = load(SEED)
    assert (len(saved), saved.number_of_edges()) == (len(seed), seed.number_of_edges())
    assert f"{len(seed)} nodes, {seed.number_of_edges()} edges" in result.output
    assert "Try next" in result.output and "assetgraph show" in result.output
    route = pathways(seed, resident_of="Pentwyn", need="smoking").routes[0]
    assert all(s.to_name in result.output for s in route.steps)
    best = connectors(seed, between="sector", focus=("community_led", "public"), top=1).rows[0]
    assert best.name in result.output and "Morecambe Bay x Smoking" in result.output


def test_build_merges_sources_and_reports_counts(run, tmp_path, write):
    extra = write(
        "extra.yaml",
        """
        organisations:
          - {name: Community Health Exchange, url: "https://www.chex.org.uk"}
        relationships:
          - {from: CHEX, relation: SERVES, to: Fife}
    """,
    )
    out = tmp_path / "g.json"
    result = run("build", SEED, extra, "-o", out, "--name", "merged")
    assert result.exit_code == 0, result.stderr
    graph = load_graph(out)
    seed = load(SEED)
    assert graph.name == "merged"
    assert len(graph) == len(seed)
    assert graph.number_of_edges() == seed.number_of_edges() + 1
    chex = graph.find("CHEX")
    assert chex.url == "https://www.chex.org.uk" and len(chex.provenance) == 2
    assert f"{len(graph)} nodes, {graph.number_of_edges()} edges from 2 source(s)" in result.output


def test_info_json_counts_match_the_graph(run):
    result = run("info", SEED, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    seed = load(SEED)
    assert data["nodes"] == len(seed) and data["edges"] == seed.number_of_edges()
    assert data["nodes_by_kind"] == dict(seed.count_nodes())
    assert data["edges_by_relation"] == dict(seed.count_edges())
    assert sum(s["items"] for s in data["sources"]) >= data["nodes"] + data["edges"]


def test_info_table_lists_kinds_and_relations(run):
    result = run("info", SEED)
    for word in ("organisation", "SIGNPOSTS_TO", "Sources"):
        assert word in result.output


def test_show_finds_by_alias_and_lists_relations_with_evidence(run):
    result = run("show", SEED, "phs", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["node"]["name"] == "Public Health Scotland"
    ceo = [r for r in data["relations"] if r["relation"] == "ROLE_IN"]
    assert ceo[0]["direction"] == "in" and ceo[0]["other_name"] == "Paul Johnston"
    assert ceo[0]["attributes"] == {"role": "CEO"}
    assert ceo[0]["provenance"][0]["snippet"].startswith("Paul Johnston, CEO")
    table = run("show", SEED, "Public Health Scotland").output
    assert "<- ROLE_IN" in table and "Paul Johnston" in table and "Evidence" in table


def test_show_redacts_contact_details_on_request(run, write):
    src = write("p.yaml", "people:\n  - {name: Helen Green, email: helen@example.org, phone: '07000 000000'}\n")
    assert "helen@example.org" in run("show", src, "Helen Green", "--format", "json").output
    redacted = run("show", src, "Helen Green", "--format", "json", "--redact-personal").output
    assert "helen@example.org" not in redacted and "07000" not in redacted and "Helen Green" in redacted


def test_show_unknown_name_suggests_and_exits_1(run):
    result = run("show", SEED, "Cardif MIND")
    assert result.exit_code == 1
    assert "no node named 'Cardif MIND' (did you mean: Cardiff MIND" in result.stderr


def test_usage_errors_exit_2(run):
    assert run("info", SEED, "--format", "xml").exit_code == 2
    assert run("build", SEED).exit_code == 2
    assert run("nosuchcommand").exit_code == 2


def _commands(group=cli, prefix=()):
    """Every command as its words on the command line, subcommands of groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_command_has_help_and_is_in_the_readme(run, words):
    result = run(*words, "--help")
    assert result.exit_code == 0
    command = cli
    for word in words:
        command = command.commands[word]
    assert len(command.help or "") > 20
    readme = README.read_text(encoding="utf-8")
    shown = r"\s+".join(words)
    assert re.search(rf"assetgraph {shown}\b", readme), f"README does not show `assetgraph {' '.join(words)}`"


def test_connectors_json_and_csv(run):
    data = json.loads(
        run("connectors", SEED, "--focus", "community_led,public", "--top", "3", "--format", "json").output
    )
    assert data["grouping"] == "sector" and data["focus"] == ["community_led", "public"]
    # only the organisations that bridge the focus are ranked, however many --top asks for
    assert len(data["rows"]) == data["scored"] < 3 and "organisation:chex" in [r["id"] for r in data["rows"]]
    assert all(r["focus_pairs"] > 0 for r in data["rows"]) and data["notes"][0].startswith(f"Only {data['scored']} ")
    csv_out = run("connectors", SEED, "--top", "2", "--format", "csv").output.splitlines()
    assert csv_out[0].startswith("rank,name,group,betweenness") and csv_out[0].endswith(",explanation")
    assert len(csv_out) == 3
    bad = run("connectors", SEED, "--focus", "community_led,charity")
    assert bad.exit_code == 1 and "no organisation is in group 'charity'" in bad.stderr


def test_gaps_json_lists_kinds_and_evidence(run):
    data = json.loads(run("gaps", SEED, "--kind", "coverage", "--place", "Morecambe Bay", "--format", "json").output)
    assert data["rows"] and {r["kind"] for r in data["rows"]} == {"coverage"}
    assert all(r["why"] for r in data["rows"])
    table = run("gaps", SEED, "--kind", "cut_off").output
    cut_off = json.loads(run("gaps", SEED, "--kind", "cut_off", "--format", "json").output)["rows"]
    assert "cut_off" in table and any("The King's Fund" in row["subject"] for row in cut_off)
    assert run("gaps", SEED, "--kind", "holes").exit_code == 2


def test_pathways_json_csv_and_table(run):
    args = ("pathways", SEED, "--resident-of", "Pentwyn", "--need", "smoking")
    data = json.loads(run(*args, "--format", "json").output)
    assert data["routes"][0]["target_name"] == "Stop Smoking Wales"
    assert data["routes"][0]["steps"][1]["provenance"][0]["snippet"]
    rows = run(*args, "--format", "csv").output.splitlines()
    assert rows[0] == "rank,cost,hops,reaches,route,order,why,outside council,runner,cites"
    assert "Health Champions" in rows[1]
    assert "Stop Smoking Wales" in run(*args).output


def test_an_empty_table_prints_none_and_still_says_its_note():
    from assetgraph.render import Table, render

    class Answer:
        def tables(self):
            return [Table("Nodes", ["name"], [], heading="From A to B", note="No node changed.")]

    assert render(Answer(), "table") == "From A to B\nNodes: none\nNo node changed.\n"


def test_pathways_usage_and_data_errors(run):
    assert run("pathways", SEED, "--need", "smoking").exit_code == 2
    assert run("pathways", SEED, "CHEX").exit_code == 2
    unknown = run("pathways", SEED, "--resident-of", "Pentwyn", "--need", "smokin")
    assert unknown.exit_code == 1 and "did you mean: Smoking" in unknown.stderr
    bad_cost = run("pathways", SEED, "CHEX", "--to", "PHS", "--cost", "RUNS=free")
    assert bad_cost.exit_code == 2 and "cannot read cost 'RUNS=free'" in bad_cost.stderr


def test_the_command_line_imports_no_heavy_library_before_a_command_needs_it():
    import subprocess
    import sys

    heavy = (
        "networkx",
        "neo4j",
        "grandcypher",
        "scipy",
        "openpyxl",
        "spacy",
        "assetgraph.graphmodel.graph",
        "assetgraph.viz",
    )
    probe = f"import sys, assetgraph.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_console_script_ends_with_the_commands_exit_code_and_all_its_output(tmp_path):
    import subprocess
    import sys

    def script(*args: str) -> subprocess.CompletedProcess:
        code = "import sys; from assetgraph.cli import main; sys.argv = ['assetgraph', *sys.argv[1:]]; main()"
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)

    answer = script("info", SEED, "--format", "json")
    assert answer.returncode == 0 and json.loads(answer.stdout)["nodes"] > 0  # flushed whole before the exit
    assert script("info", SEED, "--bogus").returncode == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    failed = script("info", str(broken))
    assert failed.returncode == 1 and "broken.json" in failed.stderr
