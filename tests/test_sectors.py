"""Sector and scale inferred where a source leaves them out (issue 25, item 1)."""

from __future__ import annotations

import json

import pytest

from assetgraph.graphmodel import AssetGraph, Organisation, Place, Provenance, Service
from assetgraph.graphmodel.edges import Edge
from assetgraph.loaders import BuildReport, load
from assetgraph.loaders.report import BuildSummary
from assetgraph.loaders.sectors import infer_scale, infer_sector, infer_sectors
from assetgraph.queries.connectors import connectors

from .publisher_shapes import grants, recipients

PROV = [Provenance(source="feed.json")]


def _org(name: str, **fields) -> Organisation:
    return Organisation(name=name, provenance=PROV, **fields)


@pytest.mark.parametrize(
    ("org", "sector", "rule", "evidence"),
    [
        (_org("Oikos", identifiers={"org_id": "GB-CHC-1090123"}), "third_sector", "org-id prefix", "GB-CHC-1090123"),
        (_org("Dunlop", identifiers={"GB-SC": "GB-SC-SC0123"}), "third_sector", "org-id prefix", "GB-SC-SC0123"),
        (
            _org("Riverside Walks CIC", identifiers={"GB-COH": "GB-COH-08253562"}),
            "third_sector",
            "org-id prefix",
            "GB-COH-08253562 and CIC",
        ),
        (_org("Leeds", identifiers={"org_id": "GB-LAE-LDS"}), "public", "org-id prefix", "GB-LAE-LDS"),
        (_org("Hull Uni", identifiers={"org_id": "GB-EDU-133795"}), "academic", "org-id prefix", "GB-EDU-133795"),
        (_org("Oak", identifiers={"charity_number": "1148"}), "third_sector", "register number", "charity number 1148"),
        (
            _org("Oasis", description="Registered charity no. 1148085."),
            "third_sector",
            "register number",
            "Registered charity no. 1148085",
        ),
        (_org("Barton Upon Humber Town Council"), "public", "name words", "Town Council"),
        (_org("NHS Humber Care Partnership"), "public", "name words", "NHS"),
        (_org("Northern Lincolnshire Health Foundation Trust"), "public", "name words", "Health Foundation Trust"),
        (_org("University of Hull"), "academic", "name words", "University"),
        (_org("Riverside Arts CIC"), "third_sector", "name words", "CIC"),
        (_org("Westcliff Residents Association"), "community_led", "name words", "Residents"),
        (_org("Friends of Baysgarth Park"), "community_led", "name words", "Friends of"),
        (_org("Goxhill Bowling Club"), "community_led", "name words", "Club"),
        (_org("Daisy Homecare Ltd"), "private", "name words", "Ltd"),
        (_org("Sue Wakefield Fitness"), "private", "name words", "Fitness"),
        (_org("Community Foundation for Calderdale"), "funder", "name words", "Community Foundation"),
        (_org("Action Station", url="https://www.nlincs.gov.uk/jobs/"), "public", "web domain", "www.nlincs.gov.uk"),
        (_org("Beat", description="We are the UK's eating charity."), "third_sector", "description words", None),
    ],
)
def test_each_rule_gives_its_sector_with_the_words_that_triggered_it(org, sector, rule, evidence):
    found = infer_sector(org)
    assert (found.value, found.rule) == (sector, rule)
    if evidence:
        assert found.evidence == evidence


@pytest.mark.parametrize(
    "org",
    [
        _org("Friends of the Earth Birmingham"),
        _org("Scunthorpe Hub", identifiers={"GB-COH": "GB-COH-08253562"}),
        _org("Oasis", identifiers={"charity_number": "no"}),
    ],
)
def test_nothing_is_inferred_where_no_rule_applies(org):
    assert infer_sector(org) is None


def test_a_limited_company_that_calls_itself_a_charity_is_third_sector_not_private():
    found = infer_sector(_org("Oasis Charity Ltd"))
    assert (found.value, found.rule, found.evidence) == ("third_sector", "name words", "Charity")


def test_a_community_body_is_community_led_even_when_it_is_a_registered_charity():
    found = infer_sector(_org("Widecombe Village Hall", identifiers={"charity_number": "1182621"}))
    assert (found.value, found.rule, found.evidence) == ("community_led", "name words", "Village Hall")


def test_a_stated_sector_is_never_overwritten_and_a_second_run_changes_nothing():
    g = AssetGraph()
    g.add_node(_org("Goxhill Bowling Club", sector="private"))
    g.add_node(_org("Brigg Gardening Club"))
    assert sum(infer_sectors(g).sectors.values()) == 1
    assert g.find("Goxhill Bowling Club").sector.value == "private"
    assert not any(p.inferred for p in g.find("Goxhill Bowling Club").provenance)
    brigg = g.find("Brigg Gardening Club")
    assert brigg.sector.value == "community_led"
    assert [p.locator for p in brigg.provenance if p.inferred] == ["sector inferred by rule: name words"]
    assert sum(infer_sectors(g).sectors.values()) == 0
    assert len(g.find("Brigg Gardening Club").provenance) == len(brigg.provenance)


def _served(g: AssetGraph, org: str, *places: str, inferred: bool = False) -> None:
    for place in places:
        edge = Edge(
            source=org, relation="SERVES", target=place, provenance=[{"source": "feed.json", "inferred": inferred}]
        )
        g.add_edge(edge)


def test_scale_comes_from_the_name_then_the_areas_served_then_an_inferred_area():
    g = load("@seed")
    council, other = sorted(p.id for p in g.nodes("place") if getattr(p, "level", None) == "local_authority")[:2]
    for name in ("One Council Body", "Two Council Body", "National Carers Network", "Village Body"):
        g.add_node(_org(name), resolve=False)
    runner = g.find("One Council Body").id
    g.add_node(Service(name="Drop in", provenance=PROV))
    g.add_edge(Edge(source=runner, relation="RUNS", target="service:drop-in", provenance=PROV))
    _served(g, "service:drop-in", council)
    _served(g, g.find("Two Council Body").id, council, other)
    _served(g, g.find("National Carers Network").id, council, inferred=True)
    _served(g, g.find("Village Body").id, council, inferred=True)
    scales = {n: infer_scale(g, g.find(n)) for n in ("One Council Body", "Two Council Body", "National Carers Network")}
    assert {n: (s.value, s.rule) for n, s in scales.items()} == {
        "One Council Body": ("local", "area served"),
        "Two Council Body": ("regional", "area served"),
        "National Carers Network": ("national", "name words"),
    }
    assert scales["One Council Body"].evidence == f"serves {g.node(council).name}"
    village = infer_scale(g, g.find("Village Body"))
    assert (village.value, village.rule) == ("neighbourhood", "name words")


def _places() -> AssetGraph:
    """A graph holding four councils and a health board, as the build loads them."""
    g = AssetGraph()
    for name in ("Bristol, City of", "North Lincolnshire", "Rotherham", "Doncaster", "Hart"):
        g.add_node(Place(name=name, level="local_authority", provenance=PROV), resolve=False)
    board = "NHS Humber and North Yorkshire Integrated Care Board"
    g.add_node(Place(name=board, level="health_board", provenance=PROV), resolve=False)
    return g


@pytest.mark.parametrize(
    ("name", "scale", "evidence"),
    [
        ("Scunthorpe and District Choral Society", "local", "and District"),
        ("Sunderland District Scout Council", "local", "District"),
        ("1st Tongham Scout Group", "neighbourhood", "Scout"),
        ("Brigg Morning WI", "neighbourhood", "WI"),
        ("LITTLEWICK BRANCH BRITISH LEGION", "neighbourhood", "Branch"),
        ("Sutton Hill Community Trust", "neighbourhood", "Community Trust"),
        ("Healthwatch North Lincolnshire", "local", "North Lincolnshire"),
        ("Bristol Refugee Rights", "local", "Bristol"),
        ("Rotherham Doncaster and South Humber NHS Foundation Trust", "regional", "Doncaster, Rotherham"),
        ("NHS Humber and North Yorkshire Care Partnership", "regional", "Humber and North Yorkshire"),
        ("Age UK Calderdale", "local", "a branch: UK Calderdale"),
        ("BRITISH LEGION CHERITON AND MOREHALL", "local", "a branch: British Legion Cheriton"),
        ("British Heart Foundation", "national", "British"),
        ("National Autistic Society", "national", "National"),
        ("Women's Aid Federation England", "national", "Federation"),
    ],
)
def test_a_name_says_its_scale_by_its_words_its_places_or_a_national_bodys_branch(name, scale, evidence):
    g = _places()
    found = infer_scale(g, _org(name))
    assert (found.value, found.rule, found.evidence) == (scale, "name words", evidence)


def test_a_councils_name_is_read_whole_and_in_its_own_case():
    g = _places()
    assert infer_scale(g, _org("White hart Inn")) is None
    assert infer_scale(g, _org("North Lincolnshire Mind")).evidence == "North Lincolnshire"


@pytest.mark.parametrize(
    ("description", "scale", "evidence"),
    [
        ("The Money Advice Trust helps people across the UK to tackle their debts.", "national", "across the UK"),
        ("We are the UK’s eating disorder charity.", "national", "the UK’s"),
        ("The first ever, 24/7, free nationwide texting service.", "national", "nationwide"),
        ("Support for families across the North East.", "regional", "across the North East"),
    ],
)
def test_a_description_says_a_national_or_regional_scale(description, scale, evidence):
    found = infer_scale(AssetGraph(), _org("Helpers", description=description))
    assert (found.value, found.rule, found.evidence) == (scale, "description words", evidence)


def test_a_bodys_own_words_outrank_the_directorys_area_and_a_network_member_is_not_national():
    g = _places()
    area = g.find("North Lincolnshire").id
    for name, text in (
        ("Family Help", "We support families experiencing poverty across the country."),
        ("Rural Action", "As one of 38 Rural Community Councils across the country, we help villages."),
    ):
        g.add_node(_org(name, description=text), resolve=False)
        _served(g, g.find(name).id, area, inferred=True)
    national = infer_scale(g, g.find("Family Help"))
    assert (national.value, national.rule) == ("national", "description words")
    member = infer_scale(g, g.find("Rural Action"))
    assert (member.value, member.rule) == ("local", "inferred area served")
    assert member.evidence == "serves North Lincolnshire"


def test_a_grants_small_area_says_neighbourhood_only_of_a_community_led_body():
    g = AssetGraph()
    g.add_node(Place(name="Oxford 008B", level="small_area", provenance=PROV), resolve=False)
    for name in ("Oxford Homeless Pathways", "Jericho Allotment Society"):
        g.add_node(_org(name, sector="third_sector"), resolve=False)
        _served(g, g.find(name).id, "place:oxford-008b", inferred=True)
    town = infer_scale(g, g.find("Oxford Homeless Pathways"))
    assert (town.value, town.rule) == ("local", "inferred area served")
    assert town.evidence == "serves Oxford 008B, widened: not community-led"
    near = infer_scale(g, g.find("Jericho Allotment Society"), sector="community_led")
    assert (near.value, near.evidence) == ("neighbourhood", "serves Oxford 008B")


def test_the_build_writes_each_scale_with_its_rule_and_words_and_keeps_a_stated_one():
    g = _places()
    area = g.find("North Lincolnshire").id
    g.add_node(_org("Crowle Bowls Club"), resolve=False)
    g.add_node(_org("Beat", description="We are the UK's eating disorder charity.", scale="local"), resolve=False)
    for name in ("Crowle Bowls Club", "Beat"):
        _served(g, g.find(name).id, area, inferred=True)
    counts = infer_sectors(g)
    assert dict(counts.scales) == {"inferred area served": 1}
    club = g.find("Crowle Bowls Club")
    [prov] = [p for p in club.provenance if p.inferred and p.locator.startswith("scale")]
    assert (club.scale.value, prov.locator, prov.snippet) == (
        "local",
        "scale inferred by rule: inferred area served",
        "serves North Lincolnshire",
    )
    assert g.find("Beat").scale.value == "local"
    assert not any(p.locator.startswith("scale") for p in g.find("Beat").provenance if p.inferred)


def _grant_file(write):
    funder = {"id": "GB-CHC-1000000", "name": "Riverside Fund"}
    people = recipients(3, "RV", ["E06000013"])
    people.append({"id": "360G-rv-org-9", "name": "Crowle Bowls Club", "postalCode": people[0]["postalCode"]})
    return write("grants.json", json.dumps(grants(funder, people, "rv")))


def test_the_build_infers_sectors_counts_them_by_rule_and_leaves_the_funders_stated_value(write):
    report = BuildReport()
    g = load(_grant_file(write), report=report)
    assert g.find("Riverside Fund").sector.value == "funder"
    assert not any(p.inferred for p in g.find("Riverside Fund").provenance)
    recipient = g.find("RV Recipient 1")
    assert recipient.sector.value == "third_sector"
    [inferred] = [p for p in recipient.provenance if p.inferred]
    assert inferred.snippet == "GB-CHC-RV0001" and inferred.source.endswith("grants.json")
    assert g.find("Crowle Bowls Club").sector.value == "community_led"
    assert dict(report.sector_scale.sectors) == {"org-id prefix": 3, "name words": 1}
    summary = BuildSummary.of(report, g, "g.json", None, 1)
    assert summary.sectors_inferred == {"org-id prefix": 3, "name words": 1}
    assert "inferred a sector for 4 organisations: 3 by org-id prefix, 1 by name words" in summary.tables()[0].heading


def test_a_body_whose_only_ties_are_grants_it_gives_is_a_funder():
    g = AssetGraph()
    for name in ("Giver", "Taker", "Both"):
        g.add_node(_org(name), resolve=False)
    g.add_edge(Edge(source="organisation:giver", relation="FUNDS", target="organisation:taker", provenance=PROV))
    g.add_edge(Edge(source="organisation:both", relation="FUNDS", target="organisation:taker", provenance=PROV))
    g.add_edge(Edge(source="organisation:giver", relation="FUNDS", target="organisation:both", provenance=PROV))
    infer_sectors(g)
    giver = g.node("organisation:giver")
    assert giver.sector.value == "funder"
    assert [p.snippet for p in giver.provenance if p.inferred] == ["only gives grants (2)"]
    for receiver in ("organisation:both", "organisation:taker"):
        assert [p.locator for p in g.node(receiver).provenance if p.inferred] == [
            "sector inferred by rule: grant recipient"
        ]


def test_the_sector_note_counts_only_the_bodies_still_without_one(write):
    g = load(_grant_file(write))
    result = connectors(g, between="sector")
    lacking = sum(1 for n in g.nodes("organisation") if n.sector is None)
    assert lacking == 0
    assert not any("no sector" in n for n in result.notes)
    g.add_node(_org("Unreadable Name"), resolve=False)
    partner = g.find("RV Recipient 1").id
    g.add_edge(Edge(source="organisation:unreadable-name", relation="PARTNERS_WITH", target=partner, provenance=PROV))
    notes = connectors(g, between="sector").notes
    assert any(n.startswith("1 of ") and "no sector recorded" in n for n in notes), notes


@pytest.mark.parametrize(
    ("org", "services", "sector", "rule", "evidence"),
    [
        (
            _org("Crowle Entertainers", description="We are a community based drama group for ages 8 to 88."),
            (),
            "community_led",
            "description words",
            "We are a community based drama group",
        ),
        (_org("Emogic", description="I'm Lilli, a healer."), (), "private", "description words", "I'm"),
        (_org("Farm Foods", description="Over a million customers."), (), "private", "description words", "customers"),
        (_org("Fishermen", description="A non-profit for anglers."), (), "third_sector", "description words", None),
        (
            _org("Just Checking", description="We're a specialist-led company."),
            (),
            "private",
            "description words",
            "We're a specialist-led company",
        ),
        (
            _org("Veterans Breakfast"),
            ("Scunthorpe Breakfast. We are a group of veterans and serving members.",),
            "community_led",
            "services run",
            None,
        ),
        (_org("Versus", url="www.versusarthritis.org"), (), "third_sector", "web domain", "versusarthritis.org"),
        (
            _org("Bonby Village", url="https://e-voice.org.uk/bonby/"),
            ("Bar Bonby. A donation to the Village Hall Committee's funds.",),
            "community_led",
            "services run",
            "Village Hall Committee",
        ),
    ],
)
def test_description_words_read_the_body_and_then_the_services_it_runs(org, services, sector, rule, evidence):
    found = infer_sector(org, services=services)
    assert (found.value, found.rule) == (sector, rule)
    if evidence:
        assert found.evidence == evidence


def test_a_pub_funded_by_a_community_pub_programme_is_community_led_though_its_name_says_ltd():
    pub = _org("Chequers Inn Ash Society Ltd", identifiers={"company_number": "RS007406"})
    found = infer_sector(pub, programmes=["More Than a Pub (MTP)"])
    assert (found.value, found.rule, found.evidence) == ("community_led", "grant programme", "Pub")
    assert infer_sector(pub, programmes=["Trade Up (TU)"]).value != "community_led"


def test_a_registered_society_is_third_sector_not_a_private_company():
    found = infer_sector(_org("Projekts Mcr Limited", identifiers={"company_number": "IP29726R"}))
    assert (found.value, found.rule) == ("third_sector", "register number")
    assert found.evidence == "registered society IP29726R"
    assert infer_sector(_org("Projekts Mcr Limited", identifiers={"company_number": "09152423"})).value == "private"


def test_a_grant_makers_name_outranks_its_charity_number_and_a_club_word():
    foundation = _org("Community Foundation for Calderdale", identifiers={"charity_number": "1002722"})
    assert (infer_sector(foundation).value, infer_sector(foundation).rule) == ("funder", "name words")
    assert infer_sector(_org("Rotary Club of Heathrow Trust Fund")).value == "funder"


def test_a_grant_recipient_with_no_other_mark_is_third_sector_and_its_programmes_are_read_in_the_graph():
    g = AssetGraph()
    for name in ("Giver", "Monkey Park", "Railway Inn"):
        g.add_node(_org(name), resolve=False)
    for taker, programme in (("monkey-park", "Trade Up (TU)"), ("railway-inn", "More Than a Pub (MTP)")):
        edge = Edge(
            source="organisation:giver",
            relation="FUNDS",
            target=f"organisation:{taker}",
            programme=programme,
            provenance=PROV,
        )
        g.add_edge(edge)
    assert infer_sector(_org("Monkey Park")) is None
    counts = infer_sectors(g)
    assert dict(counts.sectors) == {"funder": 1, "grant recipient": 1, "grant programme": 1}
    monkey = g.node("organisation:monkey-park")
    assert monkey.sector.value == "third_sector"
    assert [p.snippet for p in monkey.provenance if p.inferred] == ["receives 1 grants"]
    assert g.node("organisation:railway-inn").sector.value == "community_led"
