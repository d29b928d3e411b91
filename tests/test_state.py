"""State that stays true (issue 11): after any sequence of adds, updates and removes, with
questions asked in between, every question answers as it would on the same graph built afresh;
what the graph hands out cannot be changed behind its back.

The property test draws sequences of operations on a small pool of organisations, places and
themes (names reused on purpose, so that renames, merges and removals meet the name index),
asking the three questions after some of them so that their cached projections exist when the
graph changes.
The fresh graph is the final state written as a graph file and read back.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assetgraph.errors import AssetGraphError, ModelError
from assetgraph.graphmodel import AssetGraph, Organisation, Place, Theme
from assetgraph.graphmodel.storage import graph_from_dict, graph_to_dict
from assetgraph.loaders import SEED, load
from assetgraph.queries.connectors import connectors
from assetgraph.queries.gaps import gaps
from assetgraph.queries.pathways import pathways

from .helpers import SRC, edge

SECTORS = ["public", "third_sector", "community_led", "academic"]
ORGS = [f"org:{i}" for i in range(6)]
PLACES = ["place:town", "place:county"]
THEMES = ["theme:smoking", "theme:food"]


def _base() -> AssetGraph:
    g = AssetGraph("state")
    g.add_node(Place(id="county", name="County", level="local_authority", provenance=SRC))
    g.add_node(Place(id="town", name="Town", level="neighbourhood", provenance=SRC))
    g.add_edge(edge("place:town", "WITHIN", "place:county"))
    for theme in ("Smoking", "Food"):
        g.add_node(Theme(name=theme, provenance=SRC))
    for i, sector in enumerate(SECTORS):
        g.add_node(Organisation(id=f"o{i}", name=f"Org {i}", sector=sector, provenance=SRC))
    for a, relation, b in [(0, "PARTNERS_WITH", 1), (1, "PARTNERS_WITH", 2), (2, "SIGNPOSTS_TO", 3)]:
        g.add_edge(edge(_org_id(a), relation, _org_id(b)))
    g.add_edge(edge(_org_id(2), "LOCATED_IN", "place:town"))
    g.add_edge(edge(_org_id(3), "ADDRESSES", "theme:smoking"))
    g.add_edge(edge(_org_id(3), "SERVES", "place:county"))
    return g


ops = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 5), st.sampled_from(SECTORS)),
    st.tuples(st.just("update"), st.integers(0, 5), st.sampled_from(SECTORS)),
    st.tuples(st.just("rename"), st.integers(0, 5), st.integers(0, 9)),
    st.tuples(st.just("remove"), st.integers(0, 5)),
    st.tuples(st.just("tie"), st.integers(0, 5), st.integers(0, 5), st.sampled_from(["PARTNERS_WITH", "SIGNPOSTS_TO"])),
    st.tuples(st.just("place"), st.integers(0, 5), st.sampled_from(PLACES), st.sampled_from(["SERVES", "LOCATED_IN"])),
    st.tuples(st.just("address"), st.integers(0, 5), st.sampled_from(THEMES)),
    st.tuples(
        st.just("untie"), st.integers(0, 5), st.integers(0, 5), st.sampled_from(["PARTNERS_WITH", "SIGNPOSTS_TO"])
    ),
    st.tuples(
        st.just("trust"),
        st.sampled_from([(0, "PARTNERS_WITH", 1), (1, "PARTNERS_WITH", 2), (2, "SIGNPOSTS_TO", 3)]),
        st.floats(0, 1),
    ),
)


def _org_id(i: int) -> str:
    return f"organisation:o{i}"


def _apply(g: AssetGraph, op: tuple) -> None:
    """One operation; one that the graph refuses (an unknown node, a tie to itself) changes
    nothing, as the model promises."""
    name, *args = op
    try:
        if name == "add" and _org_id(args[0]) not in g:
            g.add_node(Organisation(id=f"o{args[0]}", name=f"Org {args[0]}", sector=args[1], provenance=SRC))
        elif name == "update":
            g.update_node(_org_id(args[0]), sector=args[1])
        elif name == "rename":
            g.update_node(_org_id(args[0]), name=f"Body {args[1]}", aliases=[f"B{args[1]}"])
        elif name == "remove":
            g.remove_node(_org_id(args[0]))
        elif name in ("tie", "untie"):
            a, b, relation = _org_id(args[0]), _org_id(args[1]), args[2]
            if name == "tie":
                g.add_edge(edge(a, relation, b))
            else:
                g.remove_edge(a, b, relation)
        elif name == "place":
            g.add_edge(edge(_org_id(args[0]), args[2], args[1]))
        elif name == "address":
            g.add_edge(edge(_org_id(args[0]), "ADDRESSES", args[1]))
        elif name == "trust":
            (a, relation, b), trust = args
            g.update_edge(_org_id(a), _org_id(b), relation, trust=trust)
    except (AssetGraphError, ValidationError):
        pass


def _outcome(question):
    try:
        return question()
    except AssetGraphError as exc:
        return type(exc).__name__, str(exc)


def _answers(g: AssetGraph) -> list:
    found = [
        _outcome(lambda: connectors(g, top=None)),
        _outcome(lambda: connectors(g, between="place", top=None)),
        _outcome(lambda: gaps(g)),
        _outcome(lambda: gaps(g, kinds=["coverage"], place="County", level="neighbourhood")),
        _outcome(lambda: pathways(g, resident_of="Town", need="smoking", k=2)),
        sorted((n.id, n.name) for n in g.nodes()),
        {name: sorted(g.lookup(name)) for name in ["Org 0", "Org 1", "Body 1", "B1", "Town"]},
    ]
    first = next((o for o in g.nodes("organisation")), None)
    if first is not None:
        found.append(_outcome(lambda: pathways(g, start=first.id, need="food", k=2)))
    return found


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ops, st.booleans()), max_size=20))
def test_any_sequence_of_changes_answers_as_a_fresh_graph(sequence):
    """Each operation may be followed by the questions (``ask``), so that cached projections
    exist when the next change comes; the answers at the end must be a fresh graph's."""
    g = _base()
    for op, ask in sequence:
        _apply(g, op)
        if ask:
            _answers(g)
    fresh = graph_from_dict(graph_to_dict(g), "fresh")
    assert _answers(g) == _answers(fresh)


def test_stored_nodes_and_edges_are_frozen_and_change_through_the_graph():
    g = load(SEED)
    chex = g.find("CHEX")
    with pytest.raises(ValidationError):
        chex.sector = "public"
    before = connectors(g, top=None)
    g.update_node(chex.id, sector="public", name="CHEX Scotland")
    after = connectors(g, top=None)
    row = next(r for r in after.rows if r.id == chex.id)
    assert row.group == "public" and row.name == "CHEX Scotland" and after != before
    assert g.find("CHEX Scotland").id == chex.id and not g.lookup("CHEX")
    with pytest.raises(ModelError, match="id and kind cannot change"):
        g.update_node(chex.id, id="organisation:other")
    with pytest.raises(ModelError, match="sector"):
        g.update_node(chex.id, sector="charity")


def test_cached_values_handed_out_are_read_only():
    g = load(SEED)
    kinds = g.kinds()
    with pytest.raises(TypeError):
        kinds["organisation:chex"] = "place"  # type: ignore[index]
    with pytest.raises(AttributeError):
        kinds.clear()  # type: ignore[attr-defined]
    assert len(g.kinds()) == len(g)


def test_removing_a_node_forgets_its_names_and_edges():
    g = load(SEED)
    chex = g.find("CHEX")
    touching = len(list(g.edges(node=chex.id)))
    edges = g.number_of_edges()
    assert touching
    g.remove_node(chex.id)
    assert chex.id not in g and not g.lookup("CHEX") and g.number_of_edges() == edges - touching
    with pytest.raises(AssetGraphError):
        g.find("CHEX")
