"""Need themes from names and descriptions (issue 25, item 2): the vocabulary, the rule
classifier, and the build adding inferred themes beside the stated ones."""

from __future__ import annotations

import json

import pytest

from assetgraph.graphmodel import AssetGraph, Organisation, Provenance, Service
from assetgraph.loaders import load
from assetgraph.loaders.need_themes import infer_need_themes
from assetgraph.needs import classify, lemmas, load_needs

from .publisher_shapes import grants

#: the needs the issue names, which the vocabulary must hold under these names
ISSUE_NEEDS = [
    "food",
    "loneliness and isolation",
    "mental health",
    "physical activity",
    "smoking",
    "alcohol and drugs",
    "money and debt",
    "housing and homelessness",
    "carers",
    "long-term conditions",
    "older people",
    "children and families",
    "disability",
    "employment",
]


def _found(name: str, description: str) -> dict[str, list[str]]:
    return {h.need: h.words for h in classify([name, description])}


# -- the vocabulary ---------------------------------------------------------------------------


def test_the_vocabulary_loads_with_every_need_the_issue_names_defined_and_cued():
    needs = load_needs()
    assert set(ISSUE_NEEDS) <= set(needs.names)
    assert len(needs.names) == len(set(needs.names))
    for need in needs.needs:
        assert need.definition and need.cue_lemmas, need.name
        assert all(phrase for phrase in need.cue_lemmas + need.not_cue_lemmas), need.name


def test_the_crosswalk_maps_a_publishers_audience_to_its_need():
    needs = load_needs()
    assert needs.crosswalked("Homeless ") == ["housing and homelessness"]
    assert needs.crosswalked("Long Term Health Conditions") == ["long-term conditions"]
    assert needs.crosswalked("Art") == []


def test_cues_are_matched_as_lemmas_whatever_the_plural():
    assert lemmas("Food Banks for families' children") == ["food", "bank", "for", "family", "child"]
    assert _found("Foodbanks", "Food parcel and food bank.")["food"] == ["Foodbanks", "Food parcel", "food bank"]


# -- the classifier ---------------------------------------------------------------------------


def test_a_description_triggers_its_need_and_keeps_the_words_that_did():
    hits = classify(["Riverside Pantry", "Low cost groceries and emergency food parcels for anyone struggling."])
    assert [h.need for h in hits] == ["food"]
    assert hits[0].words == ["Pantry", "Low cost groceries", "food parcels"]
    assert "food" in hits[0].explained()


def test_several_needs_are_found_when_each_is_the_records_point():
    found = _found("Carers' coffee morning", "A social group for unpaid carers to meet new people.")
    assert set(found) == {"carers", "loneliness and isolation"}


@pytest.mark.parametrize(
    "name, description",
    [
        ("The Grill", "Our kitchen holds a food hygiene rating of 5 and staff have food safety training."),
        ("Community Hall", "This is not a food bank; ask at the library for other help."),
        ("Book Club", "Monthly reading group at the library. Benefits of reading for everyone."),
    ],
)
def test_an_unrelated_sense_or_a_negation_triggers_nothing(name, description):
    assert _found(name, description) == {}


def test_a_passing_mention_in_a_description_is_not_enough():
    # one mention of food in the description of a games session: not food help
    assert "food" not in _found("Games Night", "Board games every Friday, with food.")
    # the same word twice, or in the name, is
    assert "food" in _found("Games Night", "Board games and free food; we share food after.")
    assert "food" in _found("Food Share", "Every Friday.")


def test_one_sure_cue_in_a_description_is_enough_where_a_plain_cue_is_not():
    vocabulary = load_needs()
    sure, plain = vocabulary.get("loneliness and isolation"), vocabulary.get("food")
    assert "meeting new people" in sure.sure_cues and "food" in plain.cues
    hits = classify(["Silver Singers", "A choir for all abilities: enjoy meeting new people, with food."])
    assert [(h.need, h.words) for h in hits] == [("loneliness and isolation", ["meeting new people"])]
    assert "sure cue" in hits[0].rule
    # not after a negation, like any cue
    assert classify(["Silver Singers", "A choir; not meeting new people, just singing."]) == []


def test_a_need_listed_in_passing_behind_the_records_main_need_is_left_out():
    found = _found(
        "Young Carers Team",
        "Support for young carers who look after someone with a long term health condition or illness. "
        "Young carers meet other young carers in groups for carers.",
    )
    assert "carers" in found
    assert "long-term conditions" not in found


# -- the build --------------------------------------------------------------------------------


def _directory(write):
    organisation = {"id": "o-1", "name": "Victor House", "description": "A safe hub.", "url": "https://x.org/"}
    services = [
        {
            "id": "s-1",
            "name": "Riverside Pantry",
            "description": "<p>Emergency food parcels and a food bank for anyone in need.</p>",
            "organization": organisation,
            "pc_targetAudience": [{"id": "Homeless", "audienceType": "Homeless"}],
        },
        {
            "id": "s-2",
            "name": "Mental health drop in",
            "description": "<p>Counselling and mental health support.</p>",
            "organization": organisation,
            "pc_targetAudience": [{"id": "40440", "audienceType": "Mental Health"}],
        },
        {
            "id": "s-3",
            "name": "Sunday Lunch",
            "description": "<p>Our cafe holds a food hygiene rating of 5.</p>",
            "organization": organisation,
            "pc_targetAudience": [],
        },
    ]
    return write("oruk.json", json.dumps(services))


def test_the_build_adds_inferred_themes_beside_the_stated_ones(write):
    g = load(_directory(write))
    pantry = g.find("Riverside Pantry", "service").id
    edges = {g.node(e.target).name: e for e in g.edges("ADDRESSES", node=pantry) if e.source == pantry}
    assert set(edges) == {"Homeless", "food", "housing and homelessness"}
    assert not edges["Homeless"].provenance[0].inferred
    food = edges["food"].provenance[0]
    assert food.inferred and food.snippet == "Pantry; food parcels; food bank"
    assert "need rule 'food'" in food.locator and food.source.endswith("oruk.json")
    crosswalk = edges["housing and homelessness"].provenance[0]
    assert crosswalk.inferred and "crosswalk from the stated theme 'Homeless'" in crosswalk.locator
    theme = g.find("food", "theme")
    assert theme.taxonomy == "assetgraph needs" and "food poverty" in theme.aliases


def test_a_stated_theme_of_the_needs_name_is_used_and_not_inferred_again(write):
    g = load(_directory(write))
    service = g.find("Mental health drop in", "service").id
    edges = [e for e in g.edges("ADDRESSES", node=service) if e.source == service]
    assert [(g.node(e.target).name, e.provenance[0].inferred) for e in edges] == [("Mental Health", False)]
    assert len(g.lookup("mental health", "theme")) == 1


def test_the_build_infers_no_theme_from_an_unrelated_sense(write):
    g = load(_directory(write))
    lunch = g.find("Sunday Lunch", "service").id
    assert [e for e in g.edges("ADDRESSES", node=lunch)] == []


def test_only_assets_with_a_description_are_read_and_a_second_run_adds_nothing():
    g = AssetGraph()
    prov = [Provenance(source="x.csv")]
    g.add_node(Organisation(name="Scunthorpe Food Bank", provenance=prov))
    g.add_node(Service(name="Walking group", description="Weekly walks and a gentle stroll.", provenance=prov))
    assert infer_need_themes(g) == 1
    assert infer_need_themes(g) == 0
    found = [(e.source, e.target) for e in g.edges("ADDRESSES")]
    assert found == [("service:walking-group", "theme:physical-activity")]


def test_gaps_and_pathways_answer_for_an_inferred_theme(run, write, tmp_path):
    out, source = tmp_path / "g.json", _directory(write)
    built = run("build", source, "--places", "england", "--serves", f"{source}=North Lincolnshire", "-o", out)
    assert built.exit_code == 0, built.output
    gaps = run("gaps", out, "--theme", "food", "--place", "North Lincolnshire", "--format", "json")
    assert gaps.exit_code == 0, gaps.output
    assert "x food" in gaps.output
    routes = run("pathways", out, "--resident-of", "North Lincolnshire", "--need", "food", "--format", "json")
    assert routes.exit_code == 0, routes.output
    assert "Riverside Pantry" in routes.output


def test_build_no_infer_keeps_only_what_the_sources_state(run, tmp_path):
    import json as _json

    from assetgraph.loaders import load as _load

    services = [
        {"id": "s1", "name": "Community pantry", "description": "Free food parcels and a warm meal",
         "organization": {"id": "o1", "name": "Riverside Residents Association"}},
    ]  # fmt: skip
    source = tmp_path / "oruk.json"
    source.write_text(_json.dumps(services), encoding="utf-8")
    inferred = {}
    for flag in ([], ["--no-infer"]):
        out = tmp_path / f"g{len(flag)}.json"
        assert run("build", source, "-o", out, *flag).exit_code == 0
        g = _load(str(out))
        marks = [p for e in g.edges() for p in e.provenance if p.inferred] + [
            p for n in g.nodes() for p in n.provenance if p.inferred
        ]
        inferred[bool(flag)] = (len(marks), g.find("Riverside Residents Association").sector)
    assert inferred[False][0] > 0 and inferred[False][1] is not None  # a food theme and a sector read
    assert inferred[True] == (0, None)


def test_a_grants_classifications_are_themes_the_recipient_addresses_and_the_crosswalk_reads(write, tmp_path):
    poverty = {"vocabulary": "Charity Commission what", "code": "105", "title": "The Prevention Or Relief Of Poverty"}
    recipient = {"id": "GB-CHC-1000002", "name": "Riverside Pantry Trust"}
    file = grants({"id": "GB-CHC-1000001", "name": "Example Trust"}, [recipient] * 2, "test")
    for grant, classified in zip(file["grants"], ([poverty], [poverty, {"title": "Arts"}]), strict=True):
        grant["classifications"] = classified
    g = load(write("grants.json", json.dumps(file)))
    recipient = g.find("Riverside Pantry Trust", "organisation").id
    addressed = [e for e in g.edges("ADDRESSES", node=recipient) if e.source == recipient]
    names = sorted(g.node(e.target).name for e in addressed)
    assert names.count("The Prevention Or Relief Of Poverty") == 1 and "Arts" in names
    stated = next(e for e in addressed if g.node(e.target).name == "The Prevention Or Relief Of Poverty")
    assert not stated.provenance[0].inferred and stated.provenance[0].locator == "360G-test-0"
    theme = g.find("The Prevention Or Relief Of Poverty", "theme")
    assert (theme.taxonomy, theme.taxonomy_code) == ("Charity Commission what", "105")
    crosswalked = {g.node(e.target).name for e in addressed if e.provenance[0].inferred}
    assert crosswalked and crosswalked == set(load_needs().crosswalked("The Prevention Or Relief Of Poverty"))
    flat = tmp_path / "grants.csv"
    flat.write_text(
        "Identifier,Title,Currency,Amount Awarded,Award Date,Funding Org:Identifier,Funding Org:Name,"
        "Recipient Org:Identifier,Recipient Org:Name,Classifications:Vocabulary,Classifications:Code,"
        "Classifications:Title\n"
        "360G-test-9,Grant,GBP,500,2023-01-01,GB-CHC-1000001,Example Trust,GB-CHC-1000003,Hill Club,"
        "Charity Commission what,105,The Prevention Or Relief Of Poverty\n",
        encoding="utf-8",
    )
    club = load(flat)
    club_id = club.find("Hill Club", "organisation").id
    assert "The Prevention Or Relief Of Poverty" in {
        club.node(e.target).name for e in club.edges("ADDRESSES", node=club_id) if e.source == club_id
    }
