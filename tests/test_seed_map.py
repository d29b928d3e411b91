"""The bundled seed map: what the three source documents name, with their evidence."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from assetgraph.graphmodel import NodeKind, PlaceLevel, Relation, graph_to_dict
from assetgraph.loaders import SEED, load, seed_path
from assetgraph.needs.vocabulary import VOCABULARY_SOURCE

from .seed_quotes import RECORD, SEEDS_DIR, check_documents, seed_quotes


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


NAMED = {
    NodeKind.ORGANISATION: [
        "Public Health Scotland",
        "CHEX",
        "SCDC",
        "The Ripple Project",
        "Public Health Wales",
        "Cardiff MIND",
        "FareShare",
        "ECLP Communities First",
        "Welsh Government",
        # the learning event's appendix
        "Aberdeen City Health & Social Care Partnership",
        "Edinburgh Community Health Forum",
        "Edinburgh Futures Institute",
        "The University of Edinburgh",
        "Fife Council",
        "Fife Health Charity",
        "First Step",
        "Glasgow HSCP",
        "Glasgow Life",
        "Heriot-Watt University",
        "Improvement Service",
        "NHS Borders",
        "NHS GGC",
        "NHS Grampian",
        "NHS Tayside",
        "Perth and Kinross HSCP",
        "Police Scotland",
        "Sniffer",
        "Terrence Higgins Trust Scotland",
        "The Corner",
    ],
    NodeKind.INITIATIVE: [
        "Communities First",
        "Health Champions",
        "The Daily Mile",
        "Mental Health Cafes",
        "Mental Health and Safeguarding Champions Network",
        "PHS and CHEX Learning Event",
    ],
    NodeKind.SERVICE: ["Stop Smoking Wales", "Screening Services", "Breakfast clubs"],
    NodeKind.PARTNERSHIP: ["Bay Health and Care Partners", "PHS and CHEX partnership"],
    NodeKind.PLACE: [
        "Scotland",
        "Wales",
        "England",
        "Cardiff",
        "East Cardiff",
        "Llanedeyrn",
        "Pentwyn",
        "Morecambe Bay",
        "Edinburgh",
        "Fife",
    ],
    NodeKind.THEME: ["Smoking", "Mental health", "Nutrition", "Screening", "Physical activity", "Food insecurity"],
    NodeKind.PERSON: ["Paul Johnston", "Susan Paxton"],
}
APPENDIX = NAMED[NodeKind.ORGANISATION][9:] + ["Public Health Scotland", "SCDC", "CHEX"]


@pytest.mark.parametrize("kind, name", [(k, n) for k, names in NAMED.items() for n in names])
def test_named_entities_are_present_with_their_kind(seed, kind, name):
    assert seed.find(name, kind).kind == kind


def test_every_organisation_has_sector_and_scale(seed):
    missing = [o.name for o in seed.nodes(NodeKind.ORGANISATION) if o.sector is None or o.scale is None]
    assert missing == []


def _has(seed, source, relation, target, **attrs):
    s, t = seed.find(source).id, seed.find(target).id
    found = [e for e in seed.edges(relation, node=s) if {e.source, e.target} == {s, t}]
    return any(all(getattr(e, k) == v for k, v in attrs.items()) for e in found) and found


@pytest.mark.parametrize(
    "source, relation, target, attrs",
    [
        ("Paul Johnston", "ROLE_IN", "Public Health Scotland", {"role": "CEO"}),
        ("Susan Paxton", "ROLE_IN", "SCDC", {"role": "Director"}),
        ("CHEX", "PART_OF", "SCDC", {}),
        ("Public Health Scotland", "PARTNERS_WITH", "CHEX", {}),
        ("The Ripple Project", "MEMBER_OF", "CHEX network", {}),
        ("The Ripple Project", "LOCATED_IN", "Edinburgh", {}),
        ("Welsh Government", "RUNS", "Communities First", {}),
        ("ECLP Communities First", "RUNS", "Health Champions", {}),
        ("ECLP Communities First", "SERVES", "Pentwyn", {}),
        ("Health Champions", "SIGNPOSTS_TO", "Stop Smoking Wales", {}),
        ("Cardiff MIND", "SUPPORTS", "Health Champions", {}),
        ("Stop Smoking Wales", "ADDRESSES", "Smoking", {}),
        ("FareShare", "SUPPORTS", "Breakfast clubs", {}),
        ("Bay Health and Care Partners", "SERVES", "Morecambe Bay", {}),
        ("Pentwyn", "WITHIN", "Cardiff", {}),
    ],
)
def test_relations_the_text_supports_are_present(seed, source, relation, target, attrs):
    assert _has(seed, source, Relation(relation), target, **attrs)


def test_every_appendix_organisation_attended_the_learning_event(seed):
    event = seed.find("PHS and CHEX Learning Event").id
    members = {e.source for e in seed.edges(Relation.MEMBER_OF, node=event)}
    assert {seed.find(n).id for n in APPENDIX} <= members


def test_every_edge_has_provenance_and_seed_claims_quote_their_document(seed):
    documents = {"seeds/000_bf15c1b611e96b6c.txt", "seeds/002_c72fd6689a081667.txt", "seeds/004_02358d7bdd43bd78.txt"}
    for item in (*seed.nodes(), *seed.edges()):
        assert item.provenance
        for p in item.provenance:
            if p.locator in documents:
                assert p.snippet, item
            elif p.source == VOCABULARY_SOURCE or (p.inferred and "need rule" in (p.locator or "")):
                assert item.kind == NodeKind.THEME if p.source == VOCABULARY_SOURCE else p.snippet, item
            else:
                assert p.source.startswith("UK statistical geography"), item
    inferred = [e for e in seed.edges() if all(p.inferred for p in e.provenance)]
    stated = [e for e in seed.edges() if not any(p.inferred for p in e.provenance)]
    assert inferred and stated
    assert _has(seed, "CHEX", Relation.PART_OF, "SCDC")[0].provenance[0].inferred


def test_places_form_a_hierarchy_up_to_the_united_kingdom(seed):
    within = seed.view([Relation.WITHIN]).subgraph(n.id for n in seed.nodes(NodeKind.PLACE))
    assert nx.is_directed_acyclic_graph(within)
    uk = seed.find("United Kingdom").id
    order = list(PlaceLevel)
    for place in seed.nodes(NodeKind.PLACE):
        assert place.id == uk or nx.has_path(within, place.id, uk), place.name
    for child, parent, _ in within.edges(keys=True):
        assert order.index(seed.node(child).level) >= order.index(seed.node(parent).level)


def test_no_contact_details_of_people(seed):
    text = seed_path().read_text(encoding="utf-8") + str(graph_to_dict(seed))
    assert not re.search(r"\b0\d{4} ?\d{6}\b", text), "a phone number"
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an e-mail address"
    assert all(p.email is None and p.phone is None for p in seed.nodes(NodeKind.PERSON))


def test_every_quote_was_found_in_its_document(seed):
    """Every quote is in the record ``tests/seed_quotes.py`` made against the seed documents;
    where those documents are at hand (``../shared/seeds``, not in a clone of the repository
    alone), the record is checked against them once more."""
    saved = json.loads(RECORD.read_text(encoding="utf-8"))
    recorded = {(doc, quote) for doc, quote, _ in saved["quotes"]}
    quotes = seed_quotes(seed)
    assert len(quotes) > 100
    assert quotes - recorded == set(), "quotes never checked against their document: run python tests/seed_quotes.py"
    if SEEDS_DIR.is_dir():
        assert check_documents(seed) == saved
