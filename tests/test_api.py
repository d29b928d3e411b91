"""The Python surface scripts rely on, and the CLI agreeing with it field for field (issue 11)."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

import assetgraph as ag
from assetgraph.loaders import SEED
from assetgraph.needs.vocabulary import VOCABULARY_SOURCE

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_flat_surface_is_complete_documented_and_lazy():
    assert set(ag.__all__) >= {
        "load",
        "save",
        "open_graph",
        "AssetGraph",
        "connectors",
        "gaps",
        "pathways",
        "render_map",
        "write_map",
        "summarise",
        "describe",
    }
    for name in ag.__all__:
        value = getattr(ag, name)
        if inspect.isfunction(value):
            assert ">>>" in (value.__doc__ or ""), f"{name} has no example"
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        ag.nonsense  # noqa: B018


@pytest.mark.parametrize("query", ["connectors", "gaps", "pathways"])
def test_query_options_are_keyword_only_with_the_graph_first(query):
    params = list(inspect.signature(getattr(ag, query)).parameters.values())
    assert params[0].name == "graph" and params[0].kind == inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(p.kind == inspect.Parameter.KEYWORD_ONLY for p in params[1:])
    with pytest.raises(TypeError):
        getattr(ag, query)(ag.load(SEED), "anything")


QUESTIONS = [
    (
        ["connectors", SEED, "--focus", "community_led,public", "--top", "5"],
        lambda g: ag.connectors(g, focus=("community_led", "public"), top=5),
    ),
    (["connectors", SEED, "--between", "scale"], lambda g: ag.connectors(g, between="scale")),
    (
        ["gaps", SEED, "--place", "Morecambe Bay", "--kind", "coverage"],
        lambda g: ag.gaps(g, place="Morecambe Bay", kinds=["coverage"]),
    ),
    (
        ["gaps", SEED, "--kind", "unlinked_community", "-k", "2"],
        lambda g: ag.gaps(g, kinds=["unlinked_community"], k=2),
    ),
    (
        ["pathways", SEED, "--resident-of", "Pentwyn", "--need", "smoking"],
        lambda g: ag.pathways(g, resident_of="Pentwyn", need="smoking"),
    ),
    (["pathways", SEED, "CHEX", "--to", "PHS", "-k", "2"], lambda g: ag.pathways(g, start="CHEX", to="PHS", k=2)),
    (["info", SEED], lambda g: ag.summarise(g)),
    (["show", SEED, "CHEX"], lambda g: ag.describe(g, g.find("CHEX").id)),
]


@pytest.mark.parametrize("args, ask", QUESTIONS, ids=[" ".join(a[:1] + a[2:]) for a, _ in QUESTIONS])
def test_a_script_and_the_cli_agree_field_for_field(run, args, ask):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == ask(ag.load(SEED)).model_dump(mode="json")


ERRORS = [
    (["pathways", SEED, "Nobody", "--to", "PHS"], 1, "node_not_found", None),
    (["show", "{bad}", "x"], 1, "input", "{bad}"),
    (["gaps", SEED, "--level", "county"], 2, "usage", None),
    (["pathways", SEED, "CHEX", "--to", "PHS", "--cost", "HUGS=1"], 2, "usage", None),
    (["connectors", SEED, "--focus", "community_led,nobody"], 1, "query", None),
    (["info", "{missing}"], 2, "usage", None),
]


@pytest.mark.parametrize("args, code, kind, file", ERRORS, ids=[f"{a[0]}-{k}" for a, _, k, _ in ERRORS])
def test_json_errors_have_one_shape_on_stderr(run, write, args, code, kind, file):
    bad = write("bad.yaml", "organisations:\n  - {name: Hub, sector: charity}\n")
    args = [str(a).replace("{bad}", str(bad)).replace("{missing}", str(bad.parent / "missing.json")) for a in args]
    result = run(*args, "--format", "json")
    assert result.exit_code == code and result.stdout == ""
    error = json.loads(result.stderr)
    assert set(error) >= {"error", "kind", "location"} and error["kind"] == kind and error["error"]
    if file:
        assert error["location"] == {"file": str(bad), "where": "line 2", "field": "sector"}
    if kind == "node_not_found":
        assert error["suggestions"] == [] and "Nobody" in error["error"]
    plain = run(*args)
    assert plain.exit_code == code and plain.stderr.strip().splitlines()[-1].startswith("Error: ")


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), re.S)


def test_the_readme_python_blocks_run(tmp_path, monkeypatch):
    blocks = _python_blocks()
    assert len(blocks) >= 2
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_commands_that_write_files_report_through_the_renderer_too(run, tmp_path):
    out, review, page = tmp_path / "g.json", tmp_path / "review.csv", tmp_path / "m.html"
    built = json.loads(run("build", SEED, "-o", out, "--report", review, "--format", "json").output)
    graph = ag.load(out)
    assert (built["output"], built["report"], built["nodes"], built["edges"]) == (
        str(out),
        str(review),
        len(graph),
        graph.number_of_edges(),
    )
    vocabulary = sum(all(p.source == VOCABULARY_SOURCE for p in n.provenance) for n in graph.nodes())
    assert [s["nodes"] for s in built["sources"]] == [len(graph) - vocabulary] and built["skipped"] == []
    drawn = json.loads(run("map", out, "-o", page, "--format", "json").output)
    assert (
        drawn == {"output": str(page), "nodes": len(graph), "edges": drawn["edges"], "folded": 0, "route": None}
        and drawn["edges"] > 0
    )
    shown = run("map", out, "-o", page).output
    assert shown.startswith(f"Wrote {page}: a map of {len(graph):,} nodes and {drawn['edges']:,} relations")
    demo = json.loads(run("demo", "--dir", tmp_path / "demo", "--format", "json").output)
    assert demo["pathways"] == ag.pathways(graph, resident_of="Pentwyn", need="smoking").model_dump(mode="json")
    assert Path(demo["map_file"]).is_file() and demo["summary"]["nodes"] == len(graph)
