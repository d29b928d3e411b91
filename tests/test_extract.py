"""assetgraph extract: reports to a draft graph, each item with the quote it rests on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from assetgraph.cli import cli
from assetgraph.errors import InputError
from assetgraph.extraction.extract import extract
from assetgraph.extraction.text import read_report
from assetgraph.graphmodel.names import normalise
from assetgraph.loaders import SEED, load
from assetgraph.loaders.loading import seed_path

ROOT = Path(__file__).resolve().parents[1]


def _draft(tmp_path: Path, text: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract([path]), path


def _entities(draft) -> dict[str, str]:
    return {e.name: e.kind.value for e in draft.entities}


def _ties(draft) -> set[tuple[str, str, str]]:
    return {(t.source.name, t.relation.value, t.target.name) for t in draft.ties.values()}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_an_acronym_defined_in_brackets_is_the_same_body_later(tmp_path):
    draft, _ = _draft(
        tmp_path,
        "The Lochside Wellbeing Trust (LWT) opened a hub.\nLWT later joined the Harbour Alliance.\n"
        "Staff at LWT run the Friday Walking Network.",
    )
    trust = next(e for e in draft.entities if e.name == "Lochside Wellbeing Trust")
    assert "LWT" in trust.aliases and trust.kind.value == "organisation"
    assert sum(1 for e in draft.entities if "LWT" in e.labels()) == 1


def test_a_partnership_between_two_named_bodies(tmp_path):
    draft, _ = _draft(
        tmp_path, "Riverside Food Bank and Kelso Community Council have an established partnership to tackle hunger."
    )
    assert ("Kelso Community Council", "PARTNERS_WITH", "Riverside Food Bank") in _ties(draft)
    body = next(e for e in draft.entities if e.kind.value == "partnership")
    assert {
        ("Riverside Food Bank", "MEMBER_OF", body.name),
        ("Kelso Community Council", "MEMBER_OF", body.name),
    } <= _ties(draft)
    assert ("Riverside Food Bank", "ADDRESSES", "Food insecurity") in _ties(draft)


def test_funded_by_and_signposted_to(tmp_path):
    draft, _ = _draft(
        tmp_path,
        "The Hillcrest Carers Project is funded by the Moray Foundation.\n"
        "The Hillcrest Carers Project signposts people to Citizens Advice Service.",
    )
    ties = _ties(draft)
    assert ("Moray Foundation", "FUNDS", "Hillcrest Carers Project") in ties
    assert ("Hillcrest Carers Project", "SIGNPOSTS_TO", "Citizens Advice Service") in ties
    funds = next(t for t in draft.ties.values() if t.relation.value == "FUNDS")
    assert not funds.evidence[0].inferred and "funded by the Moray Foundation" in funds.evidence[0].quote


def test_people_with_roles_are_marked_personal_in_the_draft(tmp_path):
    draft, path = _draft(
        tmp_path,
        "Morag Lennox, Chief Executive of Tweed Valley Housing Association, spoke first.\n"
        "Later, Director of the Glen Arts Centre, Iain Baird, closed the day.\n",
    )
    assert _entities(draft)["Morag Lennox"] == "person" and _entities(draft)["Iain Baird"] == "person"
    ties = {(t.source.name, t.relation.value, t.target.name, t.role) for t in draft.ties.values()}
    assert ("Morag Lennox", "ROLE_IN", "Tweed Valley Housing Association", "Chief Executive") in ties
    assert ("Iain Baird", "ROLE_IN", "Glen Arts Centre", "Director") in ties
    out = tmp_path / "draft.yaml"
    from assetgraph.extraction.writing import draft_yaml

    out.write_text(draft_yaml(draft), encoding="utf-8")
    text = out.read_text(encoding="utf-8")
    assert "# people: 2 named in a role" in text and "personal data" in text
    assert all(
        set(p) <= {"name", "source", "locator", "quote", "confidence", "inferred", "evidence"}
        for p in yaml.safe_load(text)["people"]
    )


def test_places_at_several_levels_get_their_codes_and_hierarchy(tmp_path):
    draft, _ = _draft(
        tmp_path,
        "The Dundee Men's Shed in Dundee meets weekly; it is one of many across Scotland and the UK.\n"
        "Fife Council funds the Kirkcaldy Youth Network.",
    )
    places = {e.name: e.fields for e in draft.entities if e.kind.value == "place"}
    assert places["Dundee City"]["code"] == "S12000042" and places["Dundee City"]["level"] == "local_authority"
    assert places["Scotland"]["level"] == "nation" and places["United Kingdom"]["code"] == "K02000001"
    assert places["Fife"]["code"] == "S12000047"
    ties = _ties(draft)
    assert ("Dundee City", "WITHIN", "Scotland") in ties and ("Scotland", "WITHIN", "United Kingdom") in ties
    assert ("Dundee Men's Shed", "LOCATED_IN", "Dundee City") in ties
    assert ("Fife Council", "SERVES", "Fife") in ties and ("Fife Council", "FUNDS", "Kirkcaldy Youth Network") in ties


def test_a_quote_that_spans_a_line_break_is_found_in_the_document(tmp_path):
    text = "Our volunteers now signpost families to the\nBorders Family Support Service when they need help.\n"
    draft, _ = _draft(tmp_path, text)
    service = next(e for e in draft.entities if e.name == "Borders Family Support Service")
    assert service.kind.value == "service"
    quote, locator = service.evidence[0].quote, service.evidence[0].locator
    assert "to the Borders" in quote and quote in _squeezed(text) and locator == "lines 1-2"


def test_a_document_with_none_of_these_gives_an_empty_draft_that_builds(tmp_path):
    draft, _ = _draft(tmp_path, "it was a quiet week.\nnothing much happened here, and the weather was mild.\n")
    assert draft.entities == [] and draft.ties == {}
    out = tmp_path / "draft.yaml"
    result = _run(["extract", str(tmp_path / "report.txt"), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) | {"output": ""} == {
        "output": "",
        "documents": 1,
        "entities": {},
        "relationships": {},
        "matched": 0,
        "unresolved": 0,
    }
    assert set(yaml.safe_load(out.read_text(encoding="utf-8"))) == {"name", "documents"}


def _run(args):
    from click.testing import CliRunner

    return CliRunner().invoke(cli, args)


def test_every_quote_of_a_draft_is_in_its_document_and_the_draft_builds(tmp_path):
    report = tmp_path / "event.md"
    report.write_text(
        "# Annual Gathering of the Kinross Health Network\n\n"
        "The **Kinross Health Network** (KHN) brought together 40 groups.\n"
        "Ailsa Reid, Coordinator of KHN, opened the event.\n"
        "Partners including Perth and Kinross Council, Tayside Mind Association and the Loch Leven Walkers\n"
        "ran stalls.\n\n## Organisations represented\n\nCrieff Community Trust, Comrie Food Hub, Kinross Men's Shed\n",
        encoding="utf-8",
    )
    out = tmp_path / "draft.yaml"
    result = _run(["extract", str(report), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    document = _squeezed(read_report(report).paragraphs and " ".join(p.text for p in read_report(report).paragraphs))
    quotes = [r["quote"] for section in data.values() if isinstance(section, list) for r in section]
    assert quotes and all(q in document for q in quotes)
    graph = load(str(out))
    names = {n.name for n in graph.nodes()}
    assert {"Kinross Health Network", "Ailsa Reid", "Crieff Community Trust", "Perth and Kinross"} <= names
    khn = graph.find("KHN")
    assert khn.name == "Kinross Health Network"
    assert any(p.confidence is not None for p in khn.provenance)


def test_against_a_graph_writes_the_names_it_holds_so_the_draft_merges(tmp_path):
    report = tmp_path / "note.txt"
    report.write_text("PHS and the Kelty Hub have an established partnership.\n", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = _run(["extract", str(report), "-o", str(out), "--against", SEED, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    names = [o["name"] for o in data["organisations"]]
    seed = load(SEED)
    assert seed.find("PHS").name in names and "PHS" not in names
    merged = load(SEED, str(out))
    assert len(merged.lookup("Public Health Scotland", "organisation")) == 1
    assert merged.number_of_edges() > seed.number_of_edges()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", None, "no text layer"),
        ("notes.odt", b"x", "cannot read .odt reports"),
        ("broken.docx", b"not a zip", "cannot read this DOCX"),
    ],
)
def test_unreadable_reports_are_clear_errors_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
        with path.open("wb") as f:
            writer.write(f)
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_report(path)
    result = _run(["extract", str(path), "-o", str(tmp_path / "d.yaml")])
    assert result.exit_code == 1 and name in result.output and "Traceback" not in result.output
    assert not (tmp_path / "d.yaml").exists()


def test_html_pdf_and_docx_are_read_with_locators(tmp_path):
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>News</title><script>var x = 'Hidden Trust';</script></head><body>"
        "<p>The Glen Youth Project is run by Arran Community Trust.</p></body></html>",
        encoding="utf-8",
    )
    report = read_report(html)
    assert report.title == "News" and [p.locator for p in report.paragraphs] == ["paragraph 1"]
    assert ("Arran Community Trust", "RUNS", "Glen Youth Project") in _ties(extract([html]))
    from docx import Document

    doc = Document()
    doc.add_paragraph("Heading")
    doc.add_paragraph("The Glen Youth Project is funded by the Bute Foundation.")
    docx_path = tmp_path / "minutes.docx"
    doc.save(str(docx_path))
    assert ("Bute Foundation", "FUNDS", "Glen Youth Project") in _ties(extract([docx_path]))
    assert read_report(docx_path).paragraphs[1].locator == "paragraph 2"


def test_the_extractor_names_nothing_from_the_seed_documents():
    """No rule or list may name a body, person, initiative or local place the seed documents
    name: the extractor must work on reports it has not seen."""
    data = yaml.safe_load(seed_path().read_text(encoding="utf-8"))
    generic = {"nhs"}  # the health service's own prefix, a pattern of the field (NHS Fife, NHS Tayside)
    names = set()
    for section in ("organisations", "people", "partnerships", "initiatives", "services", "places"):
        for record in data.get(section, []):
            if record.get("level") in ("country", "nation"):
                continue
            names |= {normalise(x) for x in [record["name"], *record.get("aliases", [])]}
    source = " ".join(
        normalise(p.read_text(encoding="utf-8")) for p in (ROOT / "assetgraph" / "extraction").glob("*.py")
    )
    found = sorted(n for n in names - generic if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", source))
    assert found == []


def test_a_newsletter_gives_roles_participants_and_the_body_a_short_name_means(tmp_path):
    draft, _ = _draft(
        tmp_path,
        "# Spring update\n\nThe Caithness Connections programme was launched by NHS Highland.\n\n"
        "Sarah MacLeod, Development Officer at Caithness Voluntary Group, welcomed everyone.\n\n"
        "Thurso Men's Shed meets on Mondays. The Shed is supported by Highland Council.\n\n"
        "Organisations represented at the launch:\n\nWick Youth Club, Alzheimer Scotland, Thurso Library\n",
        name="update.md",
    )
    names = _entities(draft)
    assert "Development Officer" not in names and names["Sarah MacLeod"] == "person"
    ties = {(t.source.name, t.relation.value, t.target.name, t.role) for t in draft.ties.values()}
    assert ("Sarah MacLeod", "ROLE_IN", "Caithness Voluntary Group", "Development Officer") in ties
    assert ("Highland Council", "SUPPORTS", "Thurso Men's Shed", None) in ties
    assert ("NHS Highland", "RUNS", "Caithness Connections", None) in ties
    joined = {s for s, r, t, role in ties if r == "MEMBER_OF" and role == "participant"}
    assert joined == {"Wick Youth Club", "Alzheimer Scotland", "Thurso Library"}


def _pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica), written by hand."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_a_pdfs_text_layer_is_read_with_page_and_paragraph(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf_with_text(["Annual Report", "The Glen Youth Project is funded by the", "Bute Foundation."]))
    report = read_report(path)
    assert [(p.locator, p.text) for p in report.paragraphs] == [
        ("page 1, paragraph 1", "Annual Report"),
        ("page 1, paragraph 2", "The Glen Youth Project is funded by the Bute Foundation."),
    ]
    funds = next(t for t in extract([path]).ties.values() if t.relation.value == "FUNDS")
    assert (funds.source.name, funds.target.name) == ("Bute Foundation", "Glen Youth Project")
    assert funds.evidence[0].locator == "page 1, paragraph 2"


def test_the_partnership_and_a_possessive_mean_what_the_report_named_before(tmp_path):
    draft, _ = _draft(
        tmp_path,
        "The Kelso Health Partnership brings together six bodies.\n"
        "Morag Lennox, Chair of the Kelso Health Partnership, spoke first.\n"
        "The Borders Foundation is a member of the Partnership.\n"
        "The day closed with Morag's thanks to the Tweed Arts Trust.\n",
    )
    assert [e.name for e in draft.entities if e.kind.value == "partnership"] == ["Kelso Health Partnership"]
    people = [e for e in draft.entities if e.kind.value == "person"]
    assert [p.name for p in people] == ["Morag Lennox"]
    assert "morag" not in draft.unresolved  # "Morag's" is Morag Lennox, met before
    ties = _ties(draft)
    assert ("Borders Foundation", "MEMBER_OF", "Kelso Health Partnership") in ties
    assert ("Morag Lennox", "ROLE_IN", "Kelso Health Partnership") in ties
