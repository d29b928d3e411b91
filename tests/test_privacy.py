"""Shared outputs never carry a person's name, alias, e-mail or phone (issues 10 and 23).

The graph mixes short and common one-word names with bodies whose names contain them as parts
of longer words ("Annual"), and one body named after a person, whose id would spell the name.
A second source puts its people where a selection leaves them out: in other nodes'
descriptions, attributes and evidence, the graph's name, a link made of a name's slug and
Chinese text, where no space marks where a name ends.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assetgraph.graphmodel.names import slug
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


#: people named all over what a selection keeps, and a graph named after one of them
SHARED_YAML = """
name: "Network kept by Mary O'Brien-Smith"
organisations:
  - name: Annual Giving Trust
    sector: funder
    description: "Funds Li-Ion battery recycling; chaired by Ann (ann@example.org, (07700) 900-123)"
  - name: Pentwyn Community Hub
    aliases: [Annie's Hub]
    sector: community_led
    scale: neighbourhood
    url: "https://example.org/mary-o-brien-smith"
    description: "Run with Mary O'Brien-Smith and Annie; see https://example.org/team/ann.html"
    attributes: {contact: "Ring Annie on 07700 900123", lead: Li}
    source: minutes kept by Mary OBS
    quote: "Mary OBS opened the hub"
  - name: 华人健康中心
    sector: community_led
    description: "张伟负责社区健康项目，联系zhang.wei@example.cn"
    quote: "张伟负责这个中心"
    url: "https://example.org/people/%E5%BC%A0%E4%BC%9F"
    identifiers: {profile: "https://example.org/people/li"}
people:
  - {name: Ann, aliases: [Annie], email: ann@example.org, phone: "07700 900123"}
  - {name: Li, email: li@example.net}
  - {name: Mary O'Brien-Smith, aliases: [Mary OBS], phone: "+44 29 2000 0000"}
  - {name: 张伟, email: zhang.wei@example.cn}
services:
  - {name: Stop Smoking Clinic, scale: local, description: "Referrals from Ann; 张伟的诊所"}
places:
  - {name: Pentwyn, level: neighbourhood}
themes:
  - {name: smoking}
relationships:
  - {from: person:ann, relation: ROLE_IN, to: Pentwyn Community Hub, role: champion}
  - {from: Li, relation: ROLE_IN, to: Pentwyn Community Hub, role: volunteer}
  - {from: 张伟, relation: ROLE_IN, to: 华人健康中心, role: 负责人}
  - {from: Mary OBS, relation: ROLE_IN, to: Annual Giving Trust, role: "trustee, with Li"}
  - {from: person:ann, relation: SIGNPOSTS_TO, to: Stop Smoking Clinic, quote: "Ann sends smokers to the clinic"}
  - {from: Pentwyn Community Hub, relation: LOCATED_IN, to: Pentwyn}
  - {from: 华人健康中心, relation: LOCATED_IN, to: Pentwyn}
  - {from: Pentwyn Community Hub, relation: SIGNPOSTS_TO, to: Stop Smoking Clinic, quote: "Annie walks people over"}
  - {from: Stop Smoking Clinic, relation: ADDRESSES, to: smoking}
  - {from: Stop Smoking Clinic, relation: SERVES, to: Pentwyn}
  - {from: Annual Giving Trust, relation: FUNDS, to: Pentwyn Community Hub}
  - {from: Annual Giving Trust, relation: FUNDS, to: 华人健康中心, description: 张伟的项目}
"""
#: what a selection may keep: everything, the organisations only, a neighbourhood without a
#: person in it, a place
SELECTIONS = {
    "all": (),
    "kinds": ("--kinds", "organisation"),
    "around": ("--around", "Stop Smoking Clinic", "--depth", "1"),
    "place": ("--place", "Pentwyn"),
}
#: each export format and the name of what it writes (a file, or a folder)
EXPORT_FORMATS = {
    "gexf": "graph.gexf",
    "graphml": "graph.graphml",
    "kumu-json": "kumu.json",
    "kumu-xlsx": "kumu.xlsx",
    "csv": "tables",
    "neo4j": "import",
    "hsds": "directory",
}


@pytest.fixture
def people_source(write):
    return write("people.yaml", PEOPLE_YAML)


@pytest.fixture
def shared_source(write):
    return write("shared.yaml", SHARED_YAML)


def _output_text(path: Path) -> str:
    """Everything an output holds, as text: each file of a folder, an XLSX workbook's cells
    (read by openpyxl) and the XML of every part of it; any other file must be UTF-8 text, so
    that nothing goes unread."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        assert files, path
        return "\n".join(_output_text(p) for p in files)
    if zipfile.is_zipfile(path):
        assert path.suffix == ".xlsx", path
        book = openpyxl.load_workbook(path, read_only=True)
        cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
        with zipfile.ZipFile(path) as parts:
            xml = [parts.read(name).decode("utf-8") for name in parts.namelist()]
        assert cells
        return "\n".join([*book.sheetnames, *cells, *xml])
    return path.read_text(encoding="utf-8")


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


def _secrets(*graphs, slugs: bool = False) -> set[str]:
    """Every person's name, alias, e-mail and phone; with ``slugs``, each name's slug too (as
    a link would spell it)."""
    found = set()
    for graph in graphs:
        for person in graph.nodes("person"):
            names = (person.name, *person.aliases)
            found.update(v for v in (*names, *(map(slug, names) if slugs else ()), person.email, person.phone) if v)
    return found


def _unspaced(secret: str) -> bool:
    """Whether ``secret`` is written in a script without spaces between words."""
    scripts = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")
    return any(unicodedata.name(c, "").startswith(scripts) for c in secret)


def _leaks(text: str, secrets: set[str]) -> list[str]:
    """Every secret found in ``text``, raw, JSON-escaped or HTML-escaped: as whole words (case
    aside; a hyphen joins words, so "Li-Ion" is not the name Li), or anywhere for a secret in
    a script without spaces."""
    leaked = []
    digits = re.sub(r"[\s().-]", "", text)
    for secret in secrets:
        forms = {secret, json.dumps(secret)[1:-1], html.escape(secret), secret.replace("'", "&apos;")}
        bounds = ("", "") if _unspaced(secret) else (r"(?<![\w-])", r"(?![\w-])")
        if any(re.search(bounds[0] + re.escape(form) + bounds[1], text, re.IGNORECASE) for form in forms):
            leaked.append(secret)
        elif re.fullmatch(r"\+?[\d\s().-]{6,}", secret):  # a phone, however its digits are spaced
            number = re.sub(r"[\s().-]", "", secret)
            if re.search(r"(?<!\d)" + re.escape(number) + r"(?!\d)", digits):
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
    person = run("show", people_source, "person:withheld-3", "--format", "json", "--redact-people")
    assert _leaks(person.output, secrets) == [] and json.loads(person.output)["node"]["name"] == "Person 3"
    open_route = run("pathways", people_source, "person:ann", "--to", "Stop Smoking Clinic", "--format", "json")
    assert "Ann" in open_route.output
    route = run(
        "pathways",
        people_source,
        "person:withheld-1",
        "--to",
        "Stop Smoking Clinic",
        "--format",
        "json",
        "--redact-people",
    )
    assert route.exit_code == 0, route.output
    assert _leaks(route.output, secrets) == [] and json.loads(route.output)["routes"]


def _changed_version(text: str) -> str:
    """SHARED_YAML a year on: Li has left, Ann has a new e-mail and no phone, the hub a new
    description naming her."""
    for old, new in (
        ("  - {name: Li, email: li@example.net}\n", ""),
        ("  - {from: Li, relation: ROLE_IN, to: Pentwyn Community Hub, role: volunteer}\n", ""),
        ('email: ann@example.org, phone: "07700 900123"}', "email: ann.smith@example.org}"),
        ("Run with Mary O'Brien-Smith and Annie", "Now run by Annie and 张伟"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


def test_the_redactor_reads_names_by_their_script_and_withholds_links_that_name_someone(shared_source):
    from assetgraph.graphmodel.redaction import CONTACT_WITHHELD, LINK_WITHHELD, Redactor

    redact = Redactor(load(shared_source))
    assert redact("张伟负责社区健康项目") == f"{NAME_WITHHELD}负责社区健康项目"
    assert redact("联系Ann了解，zhang.wei@example.cn") == f"联系{NAME_WITHHELD}了解，{CONTACT_WITHHELD}"
    for phone in ("07700900123", "07700-900-123", "(07700) 900 123", "+44 (29) 2000-0000"):
        assert redact(f"ring {phone} today") == f"ring {CONTACT_WITHHELD} today", phone
    assert redact("order 077009001234 today") == "order 077009001234 today"
    assert redact("Annual Li-Ion recycling at the Annex") == "Annual Li-Ion recycling at the Annex"
    for link in (
        "https://example.org/mary-o-brien-smith",
        "https://example.org/team/Mary_O'Brien-Smith.html",
        "https://mary-o-brien-smith.example.org/",
        "https://example.org/people/%E5%BC%A0%E4%BC%9F",
        "https://example.org/?who=ann",
        "www.example.org/li",
    ):
        assert redact(f"see {link} today") == f"see {LINK_WITHHELD} today", link
    for link in ("https://example.org/li-ion", "https://annual.example.org/annex", "https://example.org/mary"):
        assert redact(f"see {link}") == f"see {link}", link


def test_the_check_sees_the_people_of_the_shared_source_in_every_export_unredacted(run, tmp_path, shared_source):
    """Not blind: the names and slugs that only other nodes' text carries are found in each
    format when nothing is withheld."""
    for fmt in EXPORT_FORMATS:
        out = tmp_path / EXPORT_FORMATS[fmt]
        result = run("export", shared_source, "--to", fmt, "-o", out, "--kinds", "organisation")
        assert result.exit_code == 0, result.output
        leaked = _leaks(_output_text(out), _secrets(load(shared_source), slugs=True))
        assert {"张伟", "Mary O'Brien-Smith", "mary-o-brien-smith", "Annie"} <= set(leaked), fmt


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_a_public_export_names_nobody_whatever_it_selects(run, tmp_path, shared_source, fmt, selection):
    out = tmp_path / EXPORT_FORMATS[fmt]
    result = run("export", shared_source, "--to", fmt, "-o", out, "--public", *SELECTIONS[selection])
    assert result.exit_code == 0, result.output
    text = _output_text(out)
    assert _leaks(text, _secrets(load(shared_source), slugs=True)) == []
    assert "Pentwyn Community Hub" in text


@pytest.mark.parametrize("selection", ["all", "around", "place"])
def test_a_public_map_names_nobody_whatever_it_selects(run, tmp_path, shared_source, selection):
    page = tmp_path / "public.html"
    result = run("map", shared_source, "-o", page, "--public", *SELECTIONS[selection])
    assert result.exit_code == 0, result.output
    text = _page_text(page)
    assert _leaks(text, _secrets(load(shared_source), slugs=True)) == []
    assert "Pentwyn Community Hub" in text


@pytest.mark.parametrize("flag", ["--public", "--redact-people"])
@pytest.mark.parametrize("fmt", ["html", "json", "md", "csv"])
def test_a_public_profile_names_nobody(run, tmp_path, shared_source, fmt, flag):
    secrets = _secrets(load(shared_source), slugs=True)
    open_page = run("profile", shared_source, "Pentwyn", "--format", fmt)
    assert {"Mary OBS", "张伟"} <= set(_leaks(open_page.output, secrets))
    out = tmp_path / f"pentwyn.{fmt}"
    result = run("profile", shared_source, "Pentwyn", "--format", fmt, "-o", out, flag)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert _leaks(text + result.output, secrets) == []
    assert "Pentwyn Community Hub" in text and "华人健康中心" in text


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_public_diff_names_nobody_of_either_version(run, tmp_path, write, shared_source, fmt):
    new = write("shared-2025.yaml", _changed_version(SHARED_YAML))
    secrets = _secrets(load(shared_source), load(new), slugs=True)
    listed = ["--all"] if fmt == "table" else []  # the table lists every change only when asked
    open_diff = run("diff", shared_source, new, "--format", fmt, *listed)
    assert {"ann@example.org", "07700 900123", "Li", "张伟"} <= set(_leaks(open_diff.output, secrets))
    page = tmp_path / "changes.html"
    result = run("diff", shared_source, new, "--format", fmt, *listed, "-o", page, "--public")
    assert result.exit_code == 0, result.output
    assert _leaks(result.output, secrets) == [] and _leaks(_page_text(page), secrets) == []
    assert "Pentwyn Community Hub" in result.output and "Pentwyn Community Hub" in _page_text(page)


def test_show_and_pathways_withhold_the_people_of_the_shared_source(run, shared_source):
    secrets = _secrets(load(shared_source), slugs=True)
    for fmt in ("table", "json"):
        shown = run("show", shared_source, "Pentwyn Community Hub", "--format", fmt, "--redact-people")
        assert shown.exit_code == 0 and _leaks(shown.output, secrets) == [], shown.output
        route = run(
            "pathways",
            shared_source,
            "person:withheld-1",
            "--to",
            "Stop Smoking Clinic",
            "--format",
            fmt,
            "--redact-people",
        )
        assert route.exit_code == 0 and _leaks(route.output, secrets) == [], route.output
        assert "Stop Smoking Clinic" in route.output


#: lookups that would find, or suggest, a person by name, and the part of the command that
#: looked the name up
LOOKUPS = {
    "show by name": ("show", "{src}", "Mary O'Brien-Smith"),
    "show by alias": ("show", "{src}", "Annie"),
    "show by id": ("show", "{src}", "person:ann"),
    "show a near name": ("show", "{src}", "Mary O'Brien-Smit"),
    "show a near name in Chinese": ("show", "{src}", "张"),
    "pathways from": ("pathways", "{src}", "Mary OBS", "--to", "Stop Smoking Clinic"),
    "pathways to": ("pathways", "{src}", "Pentwyn Community Hub", "--to", "Annie"),
    "map around": ("map", "{src}", "--public", "--around", "Mary O'Brien-Smit", "-o", "{out}"),
    "export around": ("export", "{src}", "--to", "csv", "--public", "--around", "Ann", "-o", "{out}"),
}


@pytest.mark.parametrize("lookup", LOOKUPS, ids=str)
def test_people_withheld_are_neither_found_nor_suggested_by_name(run, tmp_path, shared_source, lookup):
    """A withheld person's name, alias or id finds nothing and is in no "did you mean", so an
    error neither confirms that someone is in the graph nor spells their name."""
    args = [a.format(src=shared_source, out=tmp_path / "out") for a in LOOKUPS[lookup]]
    withheld = ["--redact-people", "--format", "json"] if args[0] in ("show", "pathways") else []
    typed = " ".join(args[2:])
    secrets = [s for s in _secrets(load(shared_source)) if s.lower() not in typed.lower()]
    found = run(*args, *withheld)
    assert found.exit_code == 1 and "no node" in found.output and not (tmp_path / "out").exists()
    assert _leaks(found.output, secrets) == [], found.output
    opened = run(*(a for a in args if a != "--public"))
    assert opened.exit_code == 0 or _leaks(opened.output, secrets), opened.output


def test_a_redacted_graph_file_withholds_a_person_in_the_graphs_name(run, tmp_path, people_source):
    out = tmp_path / "named.json"
    result = run("build", people_source, "-o", out, "--name", "Network kept by Mary OBS", "--redact-people")
    assert result.exit_code == 0, result.output
    assert load_graph(out).name == f"Network kept by {NAME_WITHHELD}"
    assert _leaks(out.read_text(encoding="utf-8"), _secrets(load(people_source))) == []


#: one person's phone number written every way, by the person and in the organisations' data
PHONE_FORMS = [
    "07700 900456",
    "07700900456",
    "+44 7700 900456",
    "+447700900456",
    "+44 (0)7700 900456",
    "0044 7700 900456",
    "(07700) 900-456",
]


@pytest.mark.parametrize("theirs", ["07700 900456", "+44 7700 900456", "+447700900456"])
def test_a_public_export_withholds_a_persons_phone_however_it_is_written(run, write, tmp_path, theirs):
    orgs = "\n".join(
        f'  - {{name: Hub {i}, sector: community_led, phone: "{form}", description: "Ring {form} to book"}}'
        for i, form in enumerate(PHONE_FORMS)
    )
    source = write("phones.yaml", f'organisations:\n{orgs}\npeople:\n  - {{name: Zed Quist, phone: "{theirs}"}}\n')
    out = tmp_path / "out"
    result = run("export", source, "--to", "csv", "--public", "--kinds", "organisation", "-o", out)
    assert result.exit_code == 0, result.output
    text = _output_text(out)
    assert "Hub 6" in text and "Ring [contact withheld] to book" in text
    assert not re.search(r"7700[\s().-]*900[\s().-]*456", text), text
    opened = run("export", source, "--to", "csv", "--kinds", "organisation", "-o", tmp_path / "open")
    assert opened.exit_code == 0 and "(0)7700 900456" in _output_text(tmp_path / "open")


def test_an_ambiguous_name_lists_a_node_named_after_a_withheld_person_by_its_opaque_id():
    from assetgraph.errors import AmbiguousName
    from assetgraph.graphmodel import AssetGraph, Organisation, Person, Provenance, Service
    from assetgraph.graphmodel.redaction import Redactor

    src = [Provenance(source="notes")]
    g = AssetGraph()
    g.add_node(Person(name="Zed Quist", provenance=src))
    g.add_node(Organisation(id="organisation:zed-quist-trust", name="Riverside", provenance=src))
    g.add_node(Service(name="Riverside", provenance=src))
    redactor = Redactor(g)
    with pytest.raises(AmbiguousName) as plain:
        g.find("Riverside")
    assert "organisation:zed-quist-trust" in plain.value.candidates
    with g.withholding(redactor), pytest.raises(AmbiguousName) as withheld:
        g.find("Riverside")
    opaque = redactor.ids["organisation:zed-quist-trust"]
    assert opaque in withheld.value.candidates and "zed" not in str(withheld.value).lower()
    with g.withholding(redactor):
        assert g.find(opaque, "organisation").name == "Riverside"
