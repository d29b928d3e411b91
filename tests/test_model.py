"""The graph model: validation, ids, the allowed triples, merging and look-up by name."""

from __future__ import annotations

import networkx as nx
import pytest
from pydantic import ValidationError

from assetgraph.errors import AmbiguousName, ConflictError, ModelError, NodeNotFound
from assetgraph.graphmodel import (
    AssetGraph,
    Initiative,
    NodeKind,
    Person,
    Place,
    Provenance,
    Relation,
    Service,
    Theme,
    parse_node,
    personal_fields,
)
from assetgraph.graphmodel.vocabulary import ALLOWED, allowed

from .helpers import SRC, edge, org


def test_ids_are_derived_from_kind_and_name():
    assert org("NHS Greater Glasgow & Clyde").id == "organisation:nhs-greater-glasgow-and-clyde"
    assert Place(name="Llanedeyrn", provenance=SRC).id == "place:llanedeyrn"
    assert org("Anything", id="SC012345").id == "organisation:SC012345"
    assert org("Anything", id="organisation:x").id == "organisation:x"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "organisation", "name": "X", "sector": "charity"}, "sector"),
        ({"kind": "organisation", "name": "X", "sectr": "public"}, "sectr"),
        ({"kind": "place", "name": "X", "deprivation_decile": 11}, "deprivation_decile"),
        ({"kind": "place", "name": "X", "population": -5}, "population"),
        ({"kind": "initiative", "name": "X", "start_date": "2024-02-01", "end_date": "2024-01-01"}, "end_date"),
        ({"kind": "organisation", "name": ""}, "name"),
        ({"kind": "organisation", "name": "X", "id": "has space"}, "id"),
    ],
)
def test_invalid_nodes_are_refused_naming_the_field(data, field):
    with pytest.raises(ValidationError) as err:
        parse_node({**data, "provenance": [{"source": "t"}]})
    assert field in str(err.value)


def test_every_node_and_edge_needs_provenance():
    with pytest.raises(ValidationError, match="provenance"):
        parse_node({"kind": "theme", "name": "Smoking", "provenance": []})
    with pytest.raises(ValidationError, match="provenance"):
        edge("a", "RUNS", "b", provenance=[])


def test_relation_specific_attributes_are_refused_elsewhere():
    assert edge("a", "FUNDS", "b", amount=5000, currency="GBP").amount == 5000
    with pytest.raises(ValidationError, match="only FUNDS relations have a amount"):
        edge("a", "RUNS", "b", amount=5)
    with pytest.raises(ValidationError, match="trust"):
        edge("a", "PARTNERS_WITH", "b", trust=1.5)


def test_contact_details_of_people_are_marked_personal():
    assert personal_fields(Person) == {"email", "phone"}
    assert personal_fields(Service) == frozenset()


def _one_of_each() -> AssetGraph:
    g = AssetGraph()
    g.add_node(org("O"))
    g.add_node(Person(name="P", provenance=SRC))
    g.add_node(Initiative(name="I", provenance=SRC))
    g.add_node(Service(name="S", provenance=SRC))
    g.add_node(parse_node({"kind": "partnership", "name": "R", "provenance": [{"source": "t"}]}))
    g.add_node(Place(name="L", provenance=SRC))
    g.add_node(Theme(name="T", provenance=SRC))
    return g


def test_every_triple_is_accepted_exactly_when_the_vocabulary_allows_it():
    g = _one_of_each()
    names = {n.kind: n.name for n in g.nodes()}
    for relation in Relation:
        for skind, sname in names.items():
            for tkind, tname in names.items():
                if sname == tname:
                    with pytest.raises(ModelError, match="itself"):
                        g.add_edge(edge(sname, relation, tname))
                elif allowed(relation, skind, tkind):
                    g.add_edge(edge(sname, relation, tname))
                else:
                    with pytest.raises(ModelError, match="cannot run from"):
                        g.add_edge(edge(sname, relation, tname))
    # one node per kind: a relation from a kind to itself has no pair of distinct nodes
    assert g.number_of_edges() == sum(len(s) * len(t) - len(s & t) for s, t in ALLOWED.values())


def test_symmetric_relations_are_stored_once(small_graph):
    small_graph.add_edge(edge("PHS", "PARTNERS_WITH", "CHEX", strength=0.8))
    ties = list(small_graph.edges(Relation.PARTNERS_WITH))
    assert len(ties) == 1
    assert (ties[0].source, ties[0].target) == ("organisation:chex", "organisation:public-health-scotland")
    assert ties[0].strength == 0.8


def test_same_body_from_two_sources_is_one_node_with_both_provenances(small_graph):
    other = Provenance(source="other.csv", locator="row 2")
    merged = small_graph.add_node(
        org("public health scotland.", url="https://publichealthscotland.scot", provenance=[other])
    )
    assert merged.id == "organisation:public-health-scotland"
    assert merged.url == "https://publichealthscotland.scot"
    assert [p.source for p in merged.provenance] == ["test", "other.csv"]
    assert len(list(small_graph.nodes(NodeKind.ORGANISATION))) == 2


def test_a_body_named_by_its_alias_merges_and_keeps_the_new_name():
    g = AssetGraph()
    g.add_node(org("Scottish Community Development Centre", aliases=["SCDC"]))
    merged = g.add_node(org("SCDC", scale="national"))
    assert merged.name == "Scottish Community Development Centre"
    assert merged.scale == "national"
    assert len(g) == 1


def test_conflicting_attributes_name_the_field_and_the_first_source(small_graph):
    with pytest.raises(ConflictError) as err:
        small_graph.add_node(org("CHEX", sector="public", provenance=[Provenance(source="b.csv")]))
    assert err.value.field == "sector"
    assert "'third_sector'" in err.value.message and "'public'" in err.value.message
    assert "test" in err.value.message


def test_same_edge_twice_merges_provenance_and_parallel_grants_stay_apart(small_graph):
    small_graph.add_edge(edge("PHS", "SERVES", "Scotland", provenance=[Provenance(source="second")]))
    serves = list(small_graph.edges(Relation.SERVES))
    assert len(serves) == 1 and len(serves[0].provenance) == 2
    small_graph.add_node(Initiative(name="Grants", provenance=SRC))
    small_graph.add_edge(edge("PHS", "FUNDS", "Grants", key="g1", amount=10))
    small_graph.add_edge(edge("PHS", "FUNDS", "Grants", key="g2", amount=20))
    assert sorted(e.amount for e in small_graph.edges(Relation.FUNDS)) == [10, 20]


@pytest.mark.parametrize(
    "name", ["Public Health Scotland", "public  health scotland!", "PHS", "phs", "organisation:public-health-scotland"]
)
def test_find_forgives_case_spacing_punctuation_and_acronyms(small_graph, name):
    assert small_graph.find(name).id == "organisation:public-health-scotland"


def test_find_by_kind_and_suggestions_for_unknown_names(small_graph):
    assert small_graph.find("Fife", "place").code == "S12000047"
    with pytest.raises(NodeNotFound) as err:
        small_graph.find("Public Helth Scotland")
    assert err.value.suggestions[0] == "Public Health Scotland"
    with pytest.raises(NodeNotFound):
        small_graph.find("Fife", "organisation")


def test_find_reads_a_places_gss_code_and_an_organisations_org_id(small_graph):
    fife = small_graph.find("Fife", "place")
    assert small_graph.find(fife.code.lower(), "place").id == fife.id == small_graph.find(fife.code).id
    small_graph.add_node(org("Example Trust", identifiers={"org_id": "GB-CHC-1000001"}))
    assert small_graph.find("gb-chc-1000001").name == "Example Trust"
    with pytest.raises(NodeNotFound):
        small_graph.find(fife.code, "organisation")


def test_an_acronym_shared_by_two_bodies_is_ambiguous():
    g = AssetGraph()
    g.add_node(org("Public Health Scotland"))
    g.add_node(org("Perth Housing Society"))
    with pytest.raises(AmbiguousName) as err:
        g.find("PHS")
    assert len(err.value.candidates) == 2


def test_edges_to_unknown_nodes_are_refused(small_graph):
    with pytest.raises(ModelError) as err:
        small_graph.add_edge(edge("CHEX", "SERVES", "Fyfe"))
    assert err.value.field == "target"
    assert "Fife" in err.value.message


def test_views_by_relation_keep_every_node_and_only_those_edges(small_graph):
    view = small_graph.view([Relation.WITHIN])
    assert view.number_of_nodes() == len(small_graph)
    assert [(u, v) for u, v, _ in view.edges(keys=True)] == [("place:fife", "place:scotland")]
    assert small_graph.count_edges() == {"PARTNERS_WITH": 1, "WITHIN": 1, "SERVES": 1}
    with pytest.raises(nx.NetworkXError):
        small_graph.nx.add_node("x")
