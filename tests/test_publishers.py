"""Loaders for what the field publishes: UK places with deprivation, 360Giving, Open Referral,
and the entity resolution that joins them. Fixtures are written here, in the publishers' own
shapes and with their quirks; none is copied from ../shared/data."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from assetgraph.errors import InputError, ModelError, QueryError
from assetgraph.geography.places import bundled_places_path, derive_places
from assetgraph.graphmodel import AssetGraph, NodeKind, Organisation, Place
from assetgraph.graphmodel.storage import graph_to_dict, save_graph
from assetgraph.loaders import BuildReport, detect_format, load, read_source
from assetgraph.loaders.build import FUZZY_MERGE, FUZZY_NEAR
from assetgraph.loaders.bundled_places import read_bundled_places
from assetgraph.queries.gaps import gaps

from .helpers import SRC, write_workbook

# -- places with deprivation --------------------------------------------------------------------

GEOGRAPHY = {
    "scotland_simd2020_dz11_ranks_deciles.csv": 'dz11_code,IMD_decile,IMD_rank\nS01000001,1,"1,204"\n'
    "S01000002,10,6975.0\n",
    "scotland_simd2020v2_indicators.csv": 'Data_Zone,Total_population,Income_rate\nS01000001,"1,020",8%\n'
    "S01000002,*,*\n",
    "lookup_scotland_dz11_iz11_council20.csv": "dz11_name,dz11_code,iz11_name,iz11_code,ltla20_name,ltla20_code\n"
    "Town Centre - 01,S01000001,Town Centre,S02000001,Fife,S12000047\nTown Centre - 01,S01000002,Town "
    "Centre,S02000002,Fife,S12000047\n",
    "wales_wimd2019_lsoa11.csv": "lsoa11_code,IMD_decile,IMD_rank\nW01000001,5,885\n",
    "lookup_ew_lsoa11_ltla21.csv": "lsoa11_name,lsoa11_code,ltla21_name,ltla21_code\nCardiff "
    "001A,W01000001,Cardiff,W06000015\nLeeds 001A,E01000010,Leeds,E08000035\n",
    "england_imd2019_lsoa11_file1.csv": "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local "
    "Authority District name (2019),"
    "Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\n"
    'E01000010,Leeds 001A,E08000035,Leeds,"29,199",9\nE01000011,Leeds 001B,E08000035,Leeds,3,1\nE01000012,Split '
    "001A,E06000099,Split,4,1\n",
    "lookup_england_lsoa11_subicb22_icb22_ltla22.csv": "lsoa11_name,lsoa11_code,sicbl22_name,sicbl22_code,"
    "sicbl22_code_h,icb22_name,icb22_code,icb22_code_h,ltla22_name,ltla22_code\n"
    "Leeds 001A,E01000010,x,E38000001,01,West Yorkshire ICB,E54000054,QWO,Leeds,E08000035\n"
    "Leeds 001B,E01000011,x,E38000001,01,West Yorkshire ICB,E54000054,QWO,Leeds,E08000035\n"
    "Split 001A,E01000012,x,E38000002,02,North ICB,E54000001,QAA,Split,E06000099\n"
    "Split 001B,E01000013,x,E38000003,03,South ICB,E54000002,QBB,Split,E06000099\n",
}


def _geography(write):
    for name, text in GEOGRAPHY.items():
        write(f"geo/{name}", text)
    return write("geo/README", "fixture").parent


def test_geography_tables_with_their_quirks_become_places(write):
    rows = {r.code: r for r in derive_places(_geography(write))}
    dz = rows["S01000001"]
    assert (dz.rank, dz.decile, dz.population, dz.index, dz.within) == (1204, 1, 1020, "SIMD 2020", ("S02000001",))
    assert rows["S01000002"].population is None and rows["S01000002"].rank == 6975
    assert dz.rates == {"income_rate": 0.08} and rows["S01000002"].rates == {}
    assert rows["S02000001"].within == ("S12000047",) and rows["S12000047"].within == ("S92000003",)
    assert rows["E01000010"].rank == 29199 and rows["E01000010"].within == ("E08000035",)
    assert rows["E08000035"].within == ("E54000054", "E92000001")
    assert rows["E01000012"].within == ("E06000099", "E54000001") and rows["E06000099"].within == ("E92000001",)
    assert rows["W01000001"].within == ("W06000015",) and "E01000010" in rows
    assert rows["K02000001"].level == "country"


@pytest.mark.parametrize(
    "table, bad, field",
    [
        ("england_imd2019_lsoa11_file1.csv", ('"29,199"', "twenty"), "Index of Multiple Deprivation (IMD) Rank"),
        ("scotland_simd2020v2_indicators.csv", ('"1,020"', "10.5"), "Total_population"),
        ("scotland_simd2020v2_indicators.csv", ("8%", "eight"), "Income_rate"),
    ],
)
def test_a_bad_number_names_the_file_row_and_column(write, table, bad, field):
    folder = _geography(write)
    write(f"geo/{table}", GEOGRAPHY[table].replace(*bad))
    with pytest.raises(InputError) as err:
        derive_places(folder)
    assert table in str(err.value) and "row 2" in str(err.value) and field in str(err.value)


def _bundled_rows(nation):
    text = gzip.decompress(bundled_places_path().read_bytes()).decode("utf-8")
    return [
        r
        for r in csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
        if r["nation"] == nation
    ]


def test_bundled_places_carry_the_attribution_and_load_per_nation():
    head = gzip.decompress(bundled_places_path().read_bytes())[:400].decode("utf-8")
    assert "Open Government Licence" in head
    wales = _bundled_rows("wales")
    g = load(places=["wales"])
    assert len(g) == len(wales) + 1  # and the United Kingdom
    cardiff = g.node("place:w06000015")
    assert cardiff.level == "local_authority" and cardiff.code == "W06000015"
    small = [r for r in wales if r["level"] == "small_area"]
    assert sum(1 for p in g.nodes("place") if p.level == "small_area") == len(small)
    assert all(p.deprivation_index == "WIMD 2019" for p in g.nodes("place") if p.level == "small_area")
    with pytest.raises(QueryError, match="unknown nation 'narnia'"):
        read_bundled_places(["narnia"])


def test_seed_places_resolve_to_bundled_ones_by_code_and_coverage_ranks_by_deprivation():
    g = load("@seed", places=["wales"])
    cardiff = g.find("Cardiff", "place")
    assert cardiff.code == "W06000015" and len({p.source for p in cardiff.provenance}) == 2
    in_cardiff = [r for r in _bundled_rows("wales") if r["within"] == "W06000015" and r["level"] == "small_area"]
    found = gaps(g, kinds=["coverage"], place="Cardiff", level="small_area", themes=["smoking"])
    assert len({r.place for r in found.rows}) == len(in_cardiff)
    deciles = [r.need["decile"] for r in found.rows if r.status == found.rows[0].status]
    assert deciles == sorted(deciles) and deciles[0] == min(int(r["decile"]) for r in in_cardiff)


def test_same_named_places_with_different_codes_stay_apart(write):
    folder = _geography(write)
    rows = derive_places(folder)
    assert sum(r.name == "Town Centre - 01" for r in rows) == 2
    g = load(places=["scotland"])
    named = [p for p in g.nodes("place") if p.name.startswith("Town Centre - ")]
    assert len({p.code for p in named}) == len(named)


# -- 360Giving ----------------------------------------------------------------------------------


def _grant(gid, funder, recipient, amount=500, date="2019-04-01", **kw):
    return {
        "id": gid,
        "title": kw.pop("title", "A grant"),
        "currency": "GBP",
        "amountAwarded": amount,
        "awardDate": date,
        "fundingOrganization": [funder],
        "recipientOrganization": [recipient],
        **kw,
    }


TRUST = {"id": "GB-CHC-1000001", "name": "Example Trust"}
CAFE = {"id": "GB-COH-123", "name": "Cafe CIC", "companyNumber": "00000123"}


def test_360giving_json_grants_become_funds_relations_with_their_terms(write):
    path = write(
        "grants.json",
        json.dumps(
            {
                "grants": [
                    _grant(
                        "360G-x-1",
                        TRUST,
                        CAFE,
                        1250.5,
                        "27/09/2013",
                        grantProgramme=[{"title": "Main"}],
                        beneficiaryLocation=[{"geoCode": "W01000001", "geoCodeType": "LSOA", "name": "Cardiff 001A"}],
                    ),
                    _grant(
                        "360G-x-2", TRUST, CAFE, "£1,000", "2015-06-01T00:00:00+00:00", title="Â£1,000 for the cafÃ©"
                    ),
                    _grant("", TRUST, CAFE),
                    _grant("360G-x-4", TRUST, CAFE, "lots"),
                    _grant("360G-x-5", TRUST, {"id": "GB-CHC-9", "name": " "}),
                ]
            }
        ),
    )
    assert detect_format(path) == "360giving"
    report = BuildReport()
    g = load(path, places=["wales"], report=report)
    funds = sorted(g.edges("FUNDS"), key=lambda e: e.key)
    assert [(e.key, e.amount, e.currency, str(e.award_date), e.programme) for e in funds] == [
        ("360G-x-1", 1250.5, "GBP", "2013-09-27", "Main"),
        ("360G-x-2", 1000.0, "GBP", "2015-06-01", None),
        ("360G-x-4", None, "GBP", "2019-04-01", None),
    ]
    assert funds[1].provenance[0].snippet == "£1,000 for the café"
    assert g.node(funds[0].source).sector == "funder" and g.node(funds[0].target).identifiers["GB-COH"] == "GB-COH-123"
    served = [e.target for e in g.edges("SERVES") if e.source == funds[0].target]
    assert served == ["place:w01000001"] and g.node("place:w01000001").deprivation_index == "WIMD 2019"
    reasons = {str(s.location.field): s.reason for s in report.skipped}
    assert reasons == {
        "id": "the grant has no identifier",
        "amountAwarded": "'lots' is not an amount; the grant is kept without its amount",
        "recipient.name": "the recipient has no name",
    }
    with pytest.raises(InputError, match="grants\\[2\\], field id: the grant has no identifier .*strict build"):
        load(path, strict=True)


def test_360giving_flattened_csv_and_xlsx_read_like_json(write, tmp_path):
    header = [
        "Identifier",
        "Title",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Recipient Org:Charity Number",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Grant Programme:Title",
    ]
    rows = [
        [
            "360G-y-1",
            "Lunch club",
            "GB-CHC-1000001",
            "Example Trust",
            "360G-y:org-7",
            "Lunch Club",
            "1070468",
            "GBP",
            "2,500",
            "26/03/2001 00:00",
            "Food",
        ]
    ]
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    csv_path = write("grants.csv", text.getvalue())
    xlsx_path = write_workbook(tmp_path / "grants.xlsx", {"grants": [header, *rows]})
    for path in (csv_path, xlsx_path):
        assert detect_format(path) == "360giving"
        g = load(path)
        (e,) = g.edges("FUNDS")
        assert (e.amount, str(e.award_date), e.programme) == (2500.0, "2001-03-26", "Food")
        assert g.node(e.target).identifiers == {"360G-y": "360G-y:org-7", "charity_number": "1070468"}


def test_one_body_in_two_grant_files_is_one_node_by_its_numbers(write):
    a = write(
        "a.json", json.dumps({"grants": [_grant("360G-a-1", TRUST, {"id": "GB-CHC-1070468", "name": "Discover"})]})
    )
    b = write(
        "b.json",
        json.dumps(
            {
                "grants": [
                    _grant(
                        "360G-b-1",
                        {"id": "GB-CHC-2", "name": "Other Fund"},
                        {"id": "360G-b:org-1", "name": "Discover Children's Story Centre", "charityNumber": "1070468"},
                    )
                ]
            }
        ),
    )
    report = BuildReport()
    g = load(a, b, report=report)
    (discover,) = [o for o in g.nodes("organisation") if "charity_number" in o.identifiers]
    assert discover.name == "Discover" and "Discover Children's Story Centre" in discover.aliases
    assert {e.source for e in g.edges("FUNDS") if e.target == discover.id} == {
        "organisation:gb-chc-1000001",
        "organisation:gb-chc-2",
    }
    assert [m.rule for m in report.merges if m.into == discover.id] == ["identifier"]


# -- Open Referral ------------------------------------------------------------------------------

ORG = {"id": "o-1", "name": "Victor House", "description": "Safe hub", "url": "https://example.org/"}


def _stated(edges):
    """The edges a source states (need themes read from descriptions are inferred beside them)."""
    return [e for e in edges if not all(p.inferred for p in e.provenance)]


def _oruk(services):
    return json.dumps(services)


def test_oruk_list_services_with_html_audiences_and_an_empty_name(write):
    path = write(
        "oruk.json",
        _oruk(
            [
                {
                    "id": "s-1",
                    "name": '"We are with You" WAWY',
                    "description": "<p>Drug &amp; Alcohol&nbsp;help</p><p>Drop in</p>",
                    "organization": ORG,
                    "pc_targetAudience": [
                        {"id": "Homeless", "audienceType": "Homeless "},
                        {"id": "45526", "audienceType": "Parents>Grandparents"},
                    ],
                },
                {"id": "s-2", "name": "", "organization": ORG, "pc_targetAudience": []},
                {
                    "id": "s-3",
                    "name": "Art Club",
                    "organization": {"id": "o-2", "name": "Hall A"},
                    "pc_targetAudience": [{"id": "Homeless", "audienceType": "Homeless"}],
                },
                {
                    "id": "s-4",
                    "name": "Art Club",
                    "organization": {"id": "o-3", "name": "Hall B"},
                    "pc_targetAudience": [],
                },
            ]
        ),
    )
    assert detect_format(path) == "openreferral"
    report = BuildReport()
    g = load(path, report=report)
    wawy = g.find('"We are with You" WAWY', "service")
    assert wawy.description == "Drug & Alcohol help\nDrop in"
    assert {e.target for e in g.edges("RUNS")} >= {wawy.id}
    themes = {e.target: g.node(e.target) for e in _stated(g.edges("ADDRESSES", node=wawy.id))}
    assert sorted(t.name for t in themes.values()) == ["Grandparents", "Homeless"]
    inferred = {g.node(e.target).name for e in g.edges("ADDRESSES", node=wawy.id)} - {"Grandparents", "Homeless"}
    assert "alcohol and drugs" in inferred  # read from "Drug & Alcohol help", beside the stated audiences
    assert g.find("Parents>Grandparents", "theme").name == "Grandparents"
    assert len([e for e in _stated(g.edges("ADDRESSES")) if g.node(e.target).name == "Homeless"]) == 2
    assert len([s for s in g.nodes("service") if s.name == "Art Club"]) == 2
    assert [(str(s.location.field), s.reason) for s in report.skipped] == [("name", "service s-2 has no name")]


def test_oruk_record_dates_are_kept_for_recency_and_a_bad_one_is_left_out_with_notice(write):
    services = [
        {
            "id": "s-1",
            "name": "Knit and natter",
            "organization": ORG,
            "assured_date": "2024-12-10",
            "pc_metadata": {"date_created": "2023-01-01", "date_modified": "2025-02-03T10:00:00Z"},
        },
        {"id": "s-2", "name": "Lunch club", "organization": ORG, "assured_date": "10/12/2024"},
    ]
    report = BuildReport()
    g = load(write("oruk.json", _oruk(services)), report=report)
    knit, lunch = g.find("Knit and natter", "service"), g.find("Lunch club", "service")
    assert knit.attributes["assured_date"] == "2024-12-10" and knit.attributes["date_modified"] == "2025-02-03"
    assert "date_created" not in knit.attributes and "assured_date" not in lunch.attributes
    (skip,) = report.skipped
    assert str(skip.location.field) == "assured_date" and "'10/12/2024' is not a date" in skip.reason


def _package(write):
    tables = {
        "organizations.csv": "id,name,alternate_name,description,email,website,parent_organization_id\n"
        "org-1,Cafe CIC,,<b>Community</b> cafe,info@example.org,http://example.org,org-9\n"
        "org-2,Parent Org,,,,,\n",
        "organization_identifiers.csv": "id,organization_id,identifier_scheme,identifier_type,identifier\n"
        "i-1,org-1,GB-COH,Company number,123\n",
        "programs.csv": "id,organization_id,name,alternate_name,description\np-1,org-1,Wellbeing,,\n",
        "services.csv": "id,organization_id,program_id,name,alternate_name,description,url,email,status,"
        "application_process,fees_description,eligibility_description,minimum_age,maximum_age\n"
        "sv-1,org-1,p-1,Counselling,,Talk to us,,,active,Self-referral,Free,,18,\n"
        "sv-2,org-404,,Orphan,,,,,active,,,,,\n",
        "locations.csv": "id,location_type,name,latitude,longitude\nl-1,physical,Civic Centre,51.48,-3.18\n",
        "service_at_location.csv": "id,service_id,location_id,description\nsl-1,sv-1,l-1,\nsl-2,sv-1,l-404,\n",
        "service_areas.csv": "id,service_id,name,description,extent,extent_type,uri\nsa-1,sv-1,Cardiff,,,,https://statistics.data.gov.uk/id/statistical-geography/W06000015\n",
        "contacts.csv": "id,organization_id,service_id,name,title,department,email\nc-1,org-1,,Ann "
        "Persona,Manager,Reception,ann@example.org\n",
        "phones.csv": "id,contact_id,number\nph-1,c-1,01234 567890\n",
        "taxonomy_terms.csv": "id,code,name,description,parent_id,taxonomy\nt-1,MH,Mental health,,,demo\n",
        "attributes.csv": "id,link_id,taxonomy_term_id,link_type,link_entity,value\na-1,sv-1,t-1,,service,\n",
        "funding.csv": "id,organization_id,service_id,source\nf-1,,sv-1,Example Trust\nf-2,,sv-1,This service is "
        "funded partly by the council. And by grants.\n",
    }
    names = {
        "organizations.csv": "organization",
        "organization_identifiers.csv": "organization_identifier",
        "programs.csv": "program",
        "services.csv": "service",
        "locations.csv": "location",
        "service_at_location.csv": "service_at_location",
        "service_areas.csv": "service_area",
        "contacts.csv": "contact",
        "phones.csv": "phone",
        "taxonomy_terms.csv": "taxonomy_term",
        "attributes.csv": "attribute",
        "funding.csv": "funding",
    }
    resources = [{"name": names[name], "path": name} for name in tables]
    for name, text in tables.items():
        write(f"hsds/{name}", text)
    return write("hsds/datapackage.json", json.dumps({"name": "demo", "resources": resources})).parent


def test_hsds_data_package_maps_every_table_and_reports_dangling_references(write, tmp_path):
    folder = _package(write)
    assert detect_format(folder) == "openreferral"
    report = BuildReport()
    g = load(folder, report=report)
    cafe = g.find("Cafe CIC", "organisation")
    counselling = g.find("Counselling", "service")
    assert cafe.description == "Community cafe" and cafe.identifiers["GB-COH"] == "GB-COH-123"
    assert (counselling.access, counselling.cost, counselling.eligibility) == ("Self-referral", "Free", "from age 18")
    relations = {(g.node(e.source).name, e.relation.value, g.node(e.target).name) for e in g.edges()}
    assert relations >= {
        ("Cafe CIC", "RUNS", "Counselling"),
        ("Cafe CIC", "RUNS", "Wellbeing"),
        ("Counselling", "PART_OF", "Wellbeing"),
        ("Counselling", "LOCATED_IN", "Civic Centre"),
        ("Counselling", "SERVES", "Cardiff"),
        ("Ann Persona", "ROLE_IN", "Cafe CIC"),
        ("Counselling", "ADDRESSES", "Mental health"),
        ("Example Trust", "FUNDS", "Counselling"),
    }
    assert g.find("Civic Centre", "place").latitude == 51.48
    assert g.find("Cardiff", "place").code == "W06000015"
    skipped = {(s.location.file.rsplit("/", 1)[-1], s.location.field) for s in report.skipped}
    assert skipped == {
        ("organizations.csv", "parent_organization_id"),
        ("services.csv", "organization_id"),
        ("service_at_location.csv", "location_id"),
        ("funding.csv", "source"),
    }
    person = g.find("Ann Persona", "person")
    assert (person.email, person.phone) == ("ann@example.org", "01234 567890")
    out = tmp_path / "public.json"
    save_graph(g, out, redact_personal=True)
    assert "ann@example.org" not in out.read_text() and "01234 567890" not in out.read_text()


def test_hsds_1_1_package_reads_its_own_table_names(write):
    tables = {
        "organization": (
            "organizations.csv",
            "id,name,description,email,url\no-1,Hall Trust,Village hall,,\n",
        ),
        "service": (
            "services.csv",
            "id,organization_id,name,description,status,attending_access\n"
            "s-1,o-1,Lunch club,,active,Drop-in\ns-2,o-1,Memory cafe,,active,Whenever\n",
        ),
        "location": ("locations.csv", "id,organization_id,name,latitude,longitude\nl-1,o-1,Hall,,\nl-2,o-1,Annexe,,\n"),
        "physical_address": (
            "physical_addresses.csv",
            "id,location_id,address_1,city,state_province,postal_code,country\npa-1,l-1,1 High St,Brigg,,DN20 8AA,GB\n",
        ),
        "postal_address": (
            "postal_addresses.csv",
            "id,location_id,address_1,city,state_province,postal_code,country\n"
            "po-1,l-1,PO Box 1,Scunthorpe,,DN15 6XX,GB\npo-2,l-2,2 Low St,Brigg,,DN20 9ZZ,GB\n",
        ),
        "services_at_location": (
            "services_at_location.csv",
            "id,service_id,location_id\nsl-1,s-1,l-1\n",
        ),
        "phone": (
            "phones.csv",
            "id,service_id,organization_id,contact_id,number\np-1,,o-1,,01652 000001\np-2,,,c-1,01652 000002\n",
        ),
        "contact": ("contacts.csv", "id,service_id,name,title\nc-1,s-1,,Reception\n"),
        "service_area": ("service_areas.csv", "id,service_id,service_area,description\nsa-1,s-1,North Lincolnshire,\n"),
        "eligibility": (
            "eligibility.csv",
            "id,service_id,eligibility,minimum_age,maximum_age\ne-1,s-1,Older people,60,\ne-2,s-1,Carers,,\n",
        ),
        "taxonomy": ("taxonomy.csv", "id,name,parent_id,vocabulary\nt-1,Loneliness,,local\n"),
        "service_taxonomy": ("services_taxonomy.csv", "id,service_id,taxonomy_id,taxonomy_detail\nst-1,s-1,t-1,\n"),
    }
    for path, text in tables.values():
        write(f"hsds11/{path}", text)
    resources = [{"name": name, "path": path} for name, (path, _) in tables.items()]
    folder = write("hsds11/datapackage.json", json.dumps({"name": "v11", "resources": resources})).parent
    report = BuildReport()
    g = load(folder, report=report)
    lunch = g.find("Lunch club", "service")
    assert lunch.attending_access == "drop_in"
    assert lunch.eligibility == "Older people, from age 60; Carers"
    assert lunch.phone == "01652 000002"  # the nameless contact's number is the service's
    assert g.find("Hall Trust", "organisation").phone == "01652 000001"
    assert g.find("Hall", "place").attributes["postcode"] == "DN20 8AA"  # physical before postal
    assert g.find("Annexe", "place").attributes["postcode"] == "DN20 9ZZ"  # postal where nothing else
    relations = {(g.node(e.source).name, e.relation.value, g.node(e.target).name) for e in g.edges()}
    assert relations >= {
        ("Lunch club", "SERVES", "North Lincolnshire"),
        ("Lunch club", "LOCATED_IN", "Hall"),
        ("Lunch club", "ADDRESSES", "Loneliness"),
    }
    assert g.find("Loneliness", "theme").taxonomy == "local"
    memory = g.find("Memory cafe", "service")
    assert memory.attending_access is None and memory.attributes["attending_access"] == "Whenever"
    assert {(str(s.location.field), s.location.where) for s in report.skipped} >= {("attending_access", "row 3")}
    assert not list(g.nodes("person"))


def test_oruk_full_service_with_its_nested_lists(write):
    service = {
        "id": "s-1",
        "name": "Walking group",
        "attending_type": "Venue",
        "attending_access": "Self referral",
        "organization": {"id": "o-1", "name": "Ramblers"},
        "eligibilitys": [{"id": "e-1", "eligibility": "Adults", "minimum_age": 18, "maximum_age": None}],
        "service_areas": [{"id": "a-1", "service_area": "Scunthorpe", "extent": None, "uri": None}],
        "service_taxonomys": [
            {"id": "x-1", "taxonomy": {"id": "t-1", "name": "Physical activity", "vocabulary": "esdCircumstances"}}
        ],
        "contacts": [{"id": "c-1", "name": None, "title": "Bookings", "phones": [{"id": "p-1", "number": "01724 1"}]}],
        "service_at_locations": [
            {
                "id": "sl-1",
                "location": {
                    "id": "l-1",
                    "name": "Park gates",
                    "physical_addresses": [{"id": "pa-1", "address_1": "Park Rd", "postal_code": "DN15 7AA"}],
                },
            }
        ],
    }
    g = load(write("oruk-full.json", json.dumps(service)))
    walk = g.find("Walking group", "service")
    assert (walk.attending_access, walk.attributes["attending_type"]) == ("self_referral", "Venue")
    assert (walk.eligibility, walk.phone) == ("Adults, from age 18", "01724 1")
    assert g.find("Park gates", "place").attributes["postcode"] == "DN15 7AA"
    relations = {(g.node(e.source).name, e.relation.value, g.node(e.target).name) for e in g.edges()}
    assert relations >= {
        ("Walking group", "SERVES", "Scunthorpe"),
        ("Walking group", "ADDRESSES", "Physical activity"),
        ("Walking group", "LOCATED_IN", "Park gates"),
    }
    assert g.find("Physical activity", "theme").taxonomy == "esdCircumstances"


def test_a_directory_and_a_grant_file_join_on_the_company_number(write):
    folder = _package(write)
    grants = write(
        "grants.json",
        json.dumps(
            {
                "grants": [
                    _grant("360G-z-1", TRUST, {"id": "GB-COH-00000123", "name": "Cafe Community Interest Company"})
                ]
            }
        ),
    )
    g = load(folder, grants)
    cafe = g.find("Cafe CIC", "organisation")
    assert {p.source for p in cafe.provenance} == {str(folder), str(grants)}
    (funder,) = [e.source for e in g.edges("FUNDS", node=cafe.id)]
    assert g.node(funder).name == "Example Trust" and g.node(funder).identifiers == {"GB-CHC": "GB-CHC-1000001"}
    assert len(g.lookup("Example Trust")) == 1


def test_hsds_full_objects_and_paginated_lists(write):
    service = {
        "id": "sv-9",
        "name": "Food bank",
        "organization": {"id": "org-9", "name": "Pantry"},
        "service_at_locations": [
            {"id": "sal-9", "location": {"id": "l-9", "name": "Church hall", "latitude": 53.8, "longitude": -1.5}}
        ],
        "attributes": [{"id": "a-9", "taxonomy_term": {"id": "t-9", "name": "Food insecurity", "code": "FI"}}],
    }
    for payload in (
        service,
        {"total_items": 1, "contents": [service]},
        {"id": "org-9", "name": "Pantry", "services": [dict(service, organization=None)]},
    ):
        path = write("payload.json", json.dumps(payload))
        g = load(path)
        relations = {(g.node(e.source).name, e.relation.value, g.node(e.target).name) for e in g.edges()}
        assert relations == {
            ("Pantry", "RUNS", "Food bank"),
            ("Food bank", "LOCATED_IN", "Church hall"),
            ("Food bank", "ADDRESSES", "Food insecurity"),
        }


# -- resolution and the report ------------------------------------------------------------------


def test_fuzzy_names_merge_above_the_threshold_and_near_misses_are_listed(write):
    a = write(
        "a.json",
        json.dumps(
            {
                "grants": [
                    _grant("360G-a-1", TRUST, {"name": "Leeds Age UK Ltd"}),
                    _grant("360G-a-2", TRUST, {"name": "Action Station"}),
                ]
            }
        ),
    )
    b = write(
        "b.json",
        json.dumps(
            {
                "grants": [
                    _grant("360G-b-1", TRUST, {"name": "Age UK Leeds"}),
                    _grant("360G-b-2", TRUST, {"name": "The Art Station"}),
                    _grant("360G-b-3", TRUST, {"name": "Age UK Luton"}),
                ]
            }
        ),
    )
    report = BuildReport()
    g = load(a, b, report=report)
    assert g.find("Age UK Leeds", "organisation").name == "Leeds Age UK Ltd"
    assert [m.score for m in report.merges if m.rule == "fuzzy"] == [100.0]
    near = {(m.name, m.into_name) for m in report.near_misses}
    assert ("The Art Station", "Action Station") in near
    assert all(FUZZY_NEAR <= m.score < FUZZY_MERGE for m in report.near_misses)
    assert len(g.lookup("Age UK Luton")) == 1 and g.find("Age UK Luton").id != g.find("Age UK Leeds").id


def test_names_with_different_numbers_or_identifiers_never_merge():
    g = AssetGraph()
    g.add_node(Organisation(name="Group 1", provenance=SRC))
    g.add_node(Organisation(name="Twin", identifiers={"charity_number": "1"}, provenance=SRC))
    assert g.similar(Organisation(name="Group 2", provenance=SRC), 50) == []
    twin = g.add_node(Organisation(name="Twin", identifiers={"charity_number": "2"}, provenance=SRC))
    assert twin.id == "organisation:twin-2" and len(g.lookup("Twin")) == 2
    with pytest.raises(ModelError, match="id organisation:twin is taken by another node .identifiers differ"):
        g.add_node(Organisation(id="twin", name="Other", identifiers={"charity_number": "3"}, provenance=SRC))
    same = g.add_node(Place(name="Fife", code="S12000047", provenance=SRC))
    assert g.add_node(Place(name="Fife Council area", code="s12000047", provenance=SRC)).id == same.id


def test_cli_build_reports_loaded_skipped_and_writes_the_review_csv(write, run, tmp_path):
    path = write("grants.json", json.dumps({"grants": [_grant("360G-x-1", TRUST, CAFE), _grant("", TRUST, CAFE)]}))
    out, review = tmp_path / "g.json", tmp_path / "review.csv"
    result = run("build", path, "-o", out, "--report", review)
    assert result.exit_code == 0, result.output
    assert (
        "(360giving): 2 nodes, 1 relationships, skipped 1" in result.output
        and "the grant has no identifier" in result.output
    )
    rows = list(csv.DictReader(review.open()))
    assert [r["what"] for r in rows].count("skipped") == 1
    strict = run("build", path, "-o", tmp_path / "s.json", "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.output and not (tmp_path / "s.json").exists()
    assert run("build", "-o", tmp_path / "n.json").exit_code == 2
    assert run("build", "-o", tmp_path / "p.json", "--places", "wales,narnia").exit_code == 2


def test_reading_a_source_records_its_format(write):
    path = write("grants.json", json.dumps({"grants": [_grant("360G-x-1", TRUST, CAFE)]}))
    assert read_source(path).format == "360giving"
    assert graph_to_dict(load(path))["nodes"]


FIXTURES = Path(__file__).parent / "fixtures"


def test_hsds_taxonomy_term_list_gives_themes_and_a_taxonomy_list_no_service(tmp_path):
    report = BuildReport()
    g = load(FIXTURES / "hsds3-taxonomy_term_list.json", report=report)
    (theme,) = g.nodes()
    assert (theme.kind, theme.name, theme.taxonomy, theme.taxonomy_code) == (NodeKind.THEME, "name", "taxonomy", "code")
    assert report.skipped == []
    with pytest.raises(InputError, match="holds no records.*contents\\[0\\]: a taxonomy is a vocabulary of terms"):
        load(FIXTURES / "hsds3-taxonomy_list.json")


def test_hsds_attributes_address_themes_from_what_they_link_and_list_the_rest(write):
    tables = {
        "organization": "id,name\no-1,Victor House\n",
        "program": "id,organization_id,name\np-1,o-1,Warm Homes\n",
        "service": "id,organization_id,name\ns-1,o-1,Drop in\n",
        "location": "id,name\nl-1,Hall\n",
        "service_at_location": "id,service_id,location_id\nsl-1,s-1,l-1\n",
        "taxonomy_term": "id,code,name,taxonomy\nt-1,HO,Housing,demo\nt-2,FP,Fuel poverty,demo\nt-3,EV,Evenings,demo\n",
        "attribute": "id,link_id,taxonomy_term_id,link_type,link_entity,value\n"
        "a-1,o-1,t-1,,organization,\n"
        "a-2,p-1,t-2,,program,\n"
        "a-3,sl-1,t-3,,service_at_location,\n"
        "a-4,s-1,t-1,,link_entity,\n"
        "a-5,l-1,t-1,,location,\n"
        "a-6,o-404,t-1,,organization,\n"
        "a-7,ph-1,t-1,,phone,\n"
        "a-8,l-1,t-1,,link_entity,\n",
    }
    for name, text in tables.items():
        write(f"pkg/{name}.csv", text)
    resources = [{"name": name, "path": f"{name}.csv"} for name in tables]
    folder = write("pkg/datapackage.json", json.dumps({"name": "pkg", "resources": resources})).parent
    report = BuildReport()
    g = load(folder, report=report)
    assert sorted((e.source, e.target) for e in _stated(g.edges("ADDRESSES"))) == [
        ("initiative:warm-homes", "theme:fuel-poverty"),
        ("organisation:victor-house", "theme:housing"),
        ("service:drop-in", "theme:evenings"),
        ("service:drop-in", "theme:housing"),
    ]
    skipped = {s.location.where: s.reason for s in report.skipped}
    assert skipped == {
        "row 6": "the attribute is of a location, which addresses no theme in the graph; left out",
        "row 7": "the attribute links to organization 'o-404', which is not in the data",
        "row 8": "the attribute is of a phone, which addresses no theme in the graph; left out",
        "row 9": "the attribute is of a location, which addresses no theme in the graph; left out",
    }


def test_a_location_keeps_its_coordinates_as_a_pair_or_not_at_all(write):
    locations = [
        {"id": "l1", "name": "Hall", "location_type": "physical", "latitude": 100, "longitude": -3.1},
        {"id": "l2", "name": "Hut", "location_type": "physical", "latitude": 55.9},
        {"id": "l3", "name": "Barn", "location_type": "physical", "latitude": "55.9", "longitude": "-3.2"},
    ]
    report = BuildReport()
    g = load(write("locations.json", json.dumps(locations)), format="openreferral", report=report)
    coordinates = {n.name: (n.latitude, n.longitude) for n in g.nodes("place")}
    assert coordinates == {"Hall": (None, None), "Hut": (None, None), "Barn": (55.9, -3.2)}
    assert sorted((s.location.field, s.reason.split(";")[0]) for s in report.skipped) == [
        ("latitude", "100 is not a latitude"),
        ("longitude", "the longitude is missing"),
    ]


GRANTNAV = (
    "Identifier,Title,Description,Currency,Amount Applied For,Amount Awarded,Award Date,"
    "Planned Dates:Start Date,Planned Dates:End Date,Recipient Org:Identifier,Recipient Org:Name,"
    "Recipient Org:Charity Number,Recipient Org:Postal Code,Recipient Org:Location:0:Geographic Code Type,"
    "Recipient Org:Location:0:Geographic Code,Recipient Org:Location:0:Name,Recipient Individual Id,"
    "Recipient Individual Name,Funding Org:Identifier,Funding Org:Name,Grant Programme:Title,"
    "Beneficiary Location:0:Name,Beneficiary Location:0:Country Code,Beneficiary Location:0:Geographic Code,"
    "Beneficiary Location:0:Geographic Code Type,Beneficiary Location:1:Name,Beneficiary Location:1:Country Code,"
    "Beneficiary Location:1:Geographic Code,Beneficiary Location:1:Geographic Code Type,Data Source,Publisher Name\n"
    "360G-T-1,Cafe,A cafe,GBP,,5000,2020-03-01,2020-04-01,2021-03-31,GB-CHC-1000002,Hub Cafe,1000002,LS1 1AA,"
    "LAD,E08000035,Leeds,,,GB-CHC-1000001,Example Trust,Food,Leeds,GB,E08000035,LAD,Bradford,GB,E08000032,LAD,"
    "https://example.org/g.csv,Example Trust\n"
    "360G-T-2,Hardship grant,,GBP,,250,2020-04-01,,,,,,,,,,360G-T-IND-9,Jo Bloggs,GB-CHC-1000001,Example Trust,,"
    "Leeds,GB,E08000035,LAD,,,,,https://example.org/g.csv,Example Trust\n"
    "360G-T-3,Hardship grant,,GBP,,100,2020-05-01,,,,,,,,,,360G-T-IND-10,Individual Recipient,GB-CHC-1000001,"
    "Example Trust,,,,,,,,,,https://example.org/g.csv,Example Trust\n"
)


def test_360giving_in_grantnavs_download_layout_reads_every_location_and_counts_individuals(write):
    path = write("grantnav.csv", GRANTNAV)
    assert detect_format(path) == "360giving"
    report = BuildReport()
    g = load(path, report=report)
    (grant,) = g.edges("FUNDS")
    assert (grant.key, grant.amount, grant.programme, str(grant.end_date)) == ("360G-T-1", 5000.0, "Food", "2021-03-31")
    recipient = g.node(grant.target)
    assert (recipient.name, recipient.attributes["postcode"]) == ("Hub Cafe", "LS1 1AA")
    serves = sorted((e.source, e.target, e.key) for e in g.edges("SERVES"))
    assert serves == [
        ("organisation:gb-chc-1000001", "place:e08000035", "grants to individuals"),
        ("organisation:gb-chc-1000002", "place:e08000032", None),
        ("organisation:gb-chc-1000002", "place:e08000035", None),
    ]
    located = [(e.source, e.target) for e in g.edges("LOCATED_IN") if g.node(e.target).level == "local_authority"]
    assert located == [(recipient.id, "place:e08000035")]  # and its small area and ward within it
    funder = g.node(grant.source)
    assert funder.attributes == {"grants_to_individuals": 2, "amount_to_individuals": 350.0}
    reach = next(e for e in g.edges("SERVES") if e.key == "grants to individuals")
    assert reach.attributes == {"grants_to_individuals": 1, "amount_to_individuals": 250.0}
    assert not list(g.nodes("person")) and report.skipped == []
    dumped = json.dumps(graph_to_dict(g))
    assert "Jo Bloggs" not in dumped and "IND-9" not in dumped


def test_360giving_template_workbook_with_its_meta_sheet_loads_the_grants_sheet(tmp_path):
    titles = [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Recipient Ind:Identifier",
        "Recipient Ind:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Beneficiary Location:Name",
        "Beneficiary Location:Geographic Code",
    ]
    grants = [
        titles,
        ["360G-X-1", "Grant", "d", "GBP", 300, "2021-01-05", None, None, "360G-X-IND-1", "Jo Bloggs",
         "GB-CHC-1000001", "Trust", "Fife", "S12000047"],
        ["360G-X-2", "Grant", "d", "GBP", 900, "2021-02-05", "GB-CHC-2", "Hub", None, None,
         "GB-CHC-1000001", "Trust", None, None],
    ]  # fmt: skip
    meta = [["Title", "Grants of the Trust"], ["Publisher", "Trust"], ["License", "CC-BY-4.0"]]
    readme = [["About this file"], ["One row per grant."]]
    # the template's other tables, one row per item, naming their grant by its Identifier
    beneficiaries = [
        ["Identifier", "Beneficiary Location:Name", "Beneficiary Location:Geographic Code"],
        ["360G-X-2", "Leeds", "E08000035"],
        ["360G-X-2", "Bradford", "E08000032"],
        ["360G-X-404", "Fife", "S12000047"],
    ]
    based = [
        ["Identifier", "recipientOrganization/0/Identifier", "Recipient Org:Location:Name",
         "Recipient Org:Location:Geographic Code"],
        ["360G-X-2", "GB-CHC-2", "Leeds", "E08000035"],
    ]  # fmt: skip
    sheets = {"Meta": meta, "grants": grants, "beneficiaryLocation": beneficiaries, "rec_location": based}
    path = write_workbook(tmp_path / "template.xlsx", sheets | {"Readme": readme})
    assert detect_format(path) == "360giving"
    for fmt in (None, "360giving"):
        report = BuildReport()
        g = load(path, format=fmt, report=report)
        (grant,) = g.edges("FUNDS")
        assert (grant.key, grant.amount, g.node(grant.target).name) == ("360G-X-2", 900.0, "Hub")
        assert g.node(grant.source).attributes == {"grants_to_individuals": 1, "amount_to_individuals": 300.0}
        assert not list(g.nodes("person"))
        hub = grant.target
        assert sorted(e.target for e in g.edges("SERVES") if e.source == hub) == ["place:e08000032", "place:e08000035"]
        assert [e.target for e in g.edges("LOCATED_IN") if e.source == hub] == ["place:e08000035"]
        (skipped,) = report.skipped
        assert (skipped.location.where, skipped.location.field) == ("sheet beneficiaryLocation, row 4", "Identifier")


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"amountAwarded": -5}, "amountAwarded", "-5 is negative, which an amount awarded cannot be"),
        ({"amountAwarded": True}, "amountAwarded", "True is not an amount"),
        ({"amountAwarded": "lots"}, "amountAwarded", "'lots' is not an amount"),
        ({"awardDate": "soon"}, "awardDate", "'soon' is not a date"),
        ({"beneficiaryLocation": 5}, "beneficiaryLocation", "should be a list of objects, not 5"),
    ],
)
def test_a_grants_unreadable_value_is_left_out_with_notice_and_strict_fails(write, change, field, reason):
    path = write("grants.json", json.dumps({"grants": [_grant("360G-x-1", TRUST, CAFE) | change]}))
    report = BuildReport()
    g = load(path, report=report)
    (grant,) = g.edges("FUNDS")
    assert grant.key == "360G-x-1"
    (skipped,) = report.skipped
    assert (skipped.location.field, skipped.reason.startswith(reason), "the grant is kept" in skipped.reason) == (
        field,
        True,
        True,
    )
    with pytest.raises(InputError, match=f"grants\\[0\\], grant 360G-x-1, field {field}: "):
        load(path, strict=True)


def test_a_recipients_postcode_may_come_from_its_location_and_quoted_titles_are_read(write):
    header = ["Identifier", "Amount Awarded", "Award Date", "Funding Org:Identifier", "Funding Org:Name"]
    header += ["Recipient Org:Name", "Recipient Org:Location:0:Postal Code"]
    text = io.StringIO()
    csv.writer(text, quoting=csv.QUOTE_ALL).writerows(
        [header, ["360G-z-1", 10, "2020-01-01", "GB-CHC-1", "Trust", "Hub", "LS1 1AA"]]
    )
    path = write("grants.csv", text.getvalue())
    assert detect_format(path) == "360giving"
    assert load(path).find("Hub").attributes == {"postcode": "LS1 1AA"}
