"""Shared outputs never carry a person's name, alias, e-mail or phone (issue 10).

The graph mixes short and common one-word names with bodies whose names contain them as parts
of longer words ("Annual"), and one body named after a person, whose id would spell the name.
"""

from __future__ import annotations

import json
import re

import pytest

from assetgraph.graphmodel.redaction import NAME_WITHHELD
from assetgraph.graphmodel.storage import load_graph
from assetgraph.loaders import SEED, load

PEOPLE_YAML = """
name: Privacy check
organisations:
  - {name: Annual Giving Trust, sector: funder, description: "Funds Li-Ion battery recycling and the Annex"}
  - {name: Pentwyn Community Hub, sector: community_led, scale: neighbourhood, email: hub@example.org}
people:
  - {name: Ann, aliases: [Annie], email: ann@example.org, phone: "07700 900123", identifiers: {staff: A1},
     quote: "Ann, our champion, phones 07700 900123"}
  - {id: ann-second, name: Ann, email: ann.two@example.org, identifiers: {staff: A2}}
  - {name: Li, email: li@example.net}
  - {name: Mary O'Brien-Smith, aliases: [Mary OBS], phone: "+44 29 2000 0000"}
initiatives:
  - {name: Mary O'Brien-Smith Memorial Walk, type: event, description: "In memory of Mary O'Brien-Smith; ask Annie"}
services:
  - {name: Stop Smoking Clinic, scale: local}
places:
  - {name: Pentwyn, level: neighbourhood}
themes:
  - {name: smoking}
relationships:
  - {from: person:ann, relation: ROLE_IN, to: Pentwyn Community Hub, role: champion}
  - {from: person:ann-second, relation: ROLE_IN, to: Annual Giving Trust, role: "trustee, with Li"}
  - {from: Li, relation: ROLE_IN, to: Pentwyn Community Hub, role: volunteer}
  - {from: Mary OBS, relation: MEMBER_OF, to: Mary O'Brien-Smith Memorial Walk}
  - {from: person:ann, relation: SIGNPOSTS_TO, to: Stop Smoking Clinic, quote: "Ann sends smokers to the clinic"}
  - {from: Pentwyn Community Hub, relation: LOCATED_IN, to: Pentwyn}
  - {from: Stop Smoking Clinic, relation: ADDRESSES, to: smoking}
  - {from: Stop Smoking Clinic, relation: SERVES, to: Pentwyn}
  - {from: Annual Giving Trust, relation: FUNDS, to: Pentwyn Community Hub}
"""


@pytest.fixture
def people_source(write):
    return write("people.yaml", PEOPLE_YAML)


def _page_text(path) -> str:
    """The page's bytes as text, less the code it bundles (vis-network, our script and
    styles), which holds no data but has words such as ``li`` (an HTML list item)."""
    from importlib import resources

    text = path.read_text()
    code = [
        resources.files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text(encoding="utf-8")
        for name in ("vis-network.min.js", "vis-network.css")
    ]
    code += [
        resources.files("assetgraph").joinpath("viz", "static", name).read_text(encoding="utf-8")
        for name in ("map.js", "map.css")
    ]
    for part in code:
        assert text.count(part) == 1
        text = text.replace(part, "")
    return text


def _secrets(graph) -> set[str]:
    found = set()
    for person in graph.nodes("person"):
        found.update(v for v in (person.name, *person.aliases, person.email, person.phone) if v)
    return found


def _leaks(text: str, secrets: set[str]) -> list[str]:
    """Every secret found in ``text`` as whole words (case aside; a hyphen joins words, so
    "Li-Ion" is not the name Li), raw or JSON-escaped."""
    leaked = []
    for secret in secrets:
        for form in {secret, json.dumps(secret)[1:-1]}:
            if re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text, re.IGNORECASE):
                leaked.append(secret)
    return leaked


def test_the_check_would_find_every_secret_unredacted(run, tmp_path, people_source):
    """The grep below is not blind: without redaction every name and contact is there."""
    out = tmp_path / "open.json"
    run("build", people_source, "-o", out)
    graph = load_graph(out)
    secrets = _secrets(graph)
    assert {"Ann", "Annie", "Li", "07700 900123", "Mary O'Brien-Smith"} <= secrets
    assert sorted(_leaks(out.read_text(), secrets)) == sorted(secrets)


@pytest.mark.parametrize("flag", ["--public", "--redact-people"])
def test_a_public_map_carries_no_name_alias_email_or_phone(run, tmp_path, people_source, flag):
    graph = load(people_source)
    page = tmp_path / "public.html"
    result = run("map", people_source, "-o", page, flag)
    assert result.exit_code == 0, result.output
    text = _page_text(page)
    assert _leaks(text, _secrets(graph)) == []
    for person in graph.nodes("person"):
        assert person.id not in text
    assert "person:ann" not in text and "mary-o-brien-smith" not in text
    data = json.loads(text.split('id="assetgraph-data">', 1)[1].split("</script>", 1)[0])
    names = {n["name"] for n in data["nodes"]}
    assert {"Annual Giving Trust", "Pentwyn Community Hub"} <= names
    assert "Li-Ion battery recycling and the Annex" in json.dumps(data)
    people = [n for n in data["nodes"] if n["kind"] == "person"]
    assert len({p["id"] for p in people}) == len(people) == 4
    assert sorted(p["name"] for p in people) == ["Person 1", "Person 2", "Person 3", "Person 4"]


def test_the_seed_map_made_public_names_nobody(run, tmp_path):
    page = tmp_path / "seed.html"
    run("map", SEED, "-o", page, "--public")
    assert _leaks(_page_text(page), _secrets(load(SEED))) == []


def test_a_redacted_graph_file_withholds_people_and_still_opens(run, tmp_path, people_source):
    out = tmp_path / "redacted.json"
    result = run("build", people_source, "-o", out, "--redact-people")
    assert result.exit_code == 0, result.output
    original = load(people_source)
    assert _leaks(out.read_text(), _secrets(original)) == []
    reopened = load_graph(out)
    assert len(reopened) == len(original) and reopened.number_of_edges() == original.number_of_edges()
    people = list(reopened.nodes("person"))
    assert len({p.id for p in people}) == 4 and all(p.id.startswith("person:withheld-") for p in people)
    walk = [n for n in reopened.nodes("initiative")][0]
    assert walk.name == f"{NAME_WITHHELD} Memorial Walk" and "brien" not in walk.id
    assert reopened.find("Annual Giving Trust").id == "organisation:annual-giving-trust"
    champion = [e for e in reopened.edges("ROLE_IN") if e.role == "champion"][0]
    assert champion.source in {p.id for p in people}
    trustee = [e for e in reopened.edges("ROLE_IN") if e.role and "trustee" in e.role][0]
    assert trustee.role == f"trustee, with {NAME_WITHHELD}"


def test_show_and_pathways_json_withhold_people(run, people_source):
    secrets = _secrets(load(people_source))
    shown = run("show", people_source, "Pentwyn Community Hub", "--format", "json", "--redact-people")
    assert shown.exit_code == 0 and _leaks(shown.output, secrets) == []
    detail = json.loads(shown.output)
    assert {r["other_name"] for r in detail["relations"] if r["relation"] == "ROLE_IN"} == {"Person 1", "Person 3"}
    person = run("show", people_source, "Li", "--format", "json", "--redact-people")
    assert _leaks(person.output, secrets) == [] and json.loads(person.output)["node"]["name"] == "Person 3"
    open_route = run("pathways", people_source, "person:ann", "--to", "Stop Smoking Clinic", "--format", "json")
    assert "Ann" in open_route.output
    route = run(
        "pathways", people_source, "person:ann", "--to", "Stop Smoking Clinic", "--format", "json", "--redact-people"
    )
    assert route.exit_code == 0, route.output
    assert _leaks(route.output, secrets) == [] and json.loads(route.output)["routes"]
