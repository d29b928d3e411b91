"""A corpus of hostile and broken inputs for every format assetgraph reads.

:func:`cases` returns each input as the files to write and the command to run on them, with
the words its one-line error must hold (the file, and the row, line or field where there is
one). Inputs are made here, by rule and by hand, never copied from published data.

Record-level problems in published formats (a grant, a directory entry) are skipped with a
reason in an ordinary build, as a funder's file is not ours to fix; the corpus runs those with
``--strict``, where a skipped record is an error naming it.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field

from ..helpers import write_workbook


@dataclass
class Case:
    """One malformed input: ``files`` to write (path -> bytes), the CLI ``args`` (``{d}`` is
    the folder they are in), and text the error must hold."""

    name: str
    files: dict[str, bytes]
    args: list[str]
    expect: list[str] = field(default_factory=list)
    #: the exit code the input must end with, where it matters (2 a usage error, 1 a runtime one)
    code: int | None = None


def _yaml(body: str) -> dict[str, bytes]:
    return {"map.yaml": body.encode("utf-8")}


def _build(source: str = "map.yaml", *extra: str) -> list[str]:
    return ["build", "{d}/" + source, "-o", "{d}/out.json", *extra]


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    return write_workbook(io.BytesIO(), sheets).getvalue()


def _zip_variant(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            part = change(name, src.read(name))
            if part is not None:
                dst.writestr(name, part)
    return out.getvalue()


GOOD_ORG = "organisations:\n  - {name: Hub, sector: community_led}\n"


def _document_cases() -> list[Case]:
    cases = []
    # broken syntax, at a known line
    syntax = {
        "unclosed flow mapping": "organisations:\n  - {name: Hub\n",
        "unclosed quote": 'organisations:\n  - name: "Hub\n',
        "bad indentation": "organisations:\n  - name: Hub\n   sector: public\n",
        "tab indentation": "organisations:\n\t- name: Hub\n",
        "stray colon": "organisations:\n  - name: Hub: Centre: x\n",
        "unclosed sequence": "organisations: [\n",
        "two documents": GOOD_ORG + "---\n" + GOOD_ORG,
        "undefined alias": "organisations:\n  - name: *nowhere\n",
        "bad tag": "organisations:\n  - !!python/object:os.system {name: x}\n",
        "NUL byte": 'organisations:\n  - {name: "Hub\x00"}\n',
        "control character": "organisations:\n  - {name: Hub\x07}\n",
        "impossible date": "initiatives:\n  - {name: Walk, start_date: 2020-02-31}\n",
        "impossible month": "initiatives:\n  - {name: Walk, start_date: 2020-13-01}\n",
        "5,000-digit number": "places:\n  - {name: Fife, population: " + "9" * 5000 + "}\n",
        "duplicate section": GOOD_ORG + GOOD_ORG,
        "duplicate key": "organisations:\n  - {name: Hub, name: Other}\n",
        "deep nesting": "x: " + "[" * 1000 + "]" * 1000 + "\n",
        "deep mappings": "x: " + "{a: " * 600 + "1" + "}" * 600 + "\n",
    }
    located = {"deep nesting": ["line 1", "levels deep"], "deep mappings": ["line 1", "levels deep"]}
    located["5,000-digit number"] = ["line 2", "5,000 digits"]
    for name, body in syntax.items():
        cases.append(Case(f"yaml {name}", _yaml(body), _build(), ["map.yaml", *located.get(name, [])]))
    bomb = "organisations:\n  - name: A\n    attributes:\n      a: &a [" + ",".join(['"lol"'] * 9) + "]\n"
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        bomb += f"      {cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    cases.append(Case("yaml alias bomb", _yaml(bomb), _build(), ["map.yaml", "aliases"]))
    # wrong types and shapes
    shapes = {
        "top-level list": ("- {name: Hub}\n", []),
        "top-level scalar": ("just text\n", []),
        "section is a mapping": ("organisations: {name: Hub}\n", ["organisations"]),
        "section is text": ("organisations: Hub\n", ["organisations"]),
        "record is text": ("organisations:\n  - Hub\n", ["line", "organisations"]),
        "record is a list": ("organisations:\n  - [Hub]\n", ["organisations"]),
        "unknown section": ("organizationz:\n  - {name: Hub}\n", ["organizationz"]),
        "only a name": ("name: Empty map\n", []),
        "empty sections": ("organisations: []\nrelationships: []\n", []),
        "null sections": ("organisations:\nplaces:\n", []),
        "documents not a mapping": ("documents: [a]\n" + GOOD_ORG, ["documents"]),
        "document without title": ("documents: {r: {url: x}}\n" + GOOD_ORG, ["documents.r"]),
        "document with unknown field": ("documents: {r: {title: T, pages: 3}}\n" + GOOD_ORG, ["documents.r"]),
    }
    for name, (body, words) in shapes.items():
        cases.append(Case(f"yaml {name}", _yaml(body), _build(), ["map.yaml", *words]))
    # fields: wrong types, missing, unknown, out of range
    fields = {
        "missing name": ("organisations:\n  - {sector: public}\n", "name"),
        "blank name": ("organisations:\n  - {name: '   '}\n", "name"),
        "name is a number": ("organisations:\n  - {name: 2024}\n", "name"),
        "name is a list": ("organisations:\n  - {name: [Hub]}\n", "name"),
        "name is a mapping": ("organisations:\n  - {name: {x: 1}}\n", "name"),
        "name of 1 MB": ("organisations:\n  - {name: " + "x" * 1_000_000 + "}\n", "name"),
        "description of 1 MB": (
            "organisations:\n  - {name: Hub, description: " + "x" * 1_000_000 + "}\n",
            "description",
        ),
        "unknown sector": ("organisations:\n  - {name: Hub, sector: charity}\n", "sector"),
        "unknown scale": ("organisations:\n  - {name: Hub, scale: galactic}\n", "scale"),
        "unknown field": ("organisations:\n  - {name: Hub, sectr: public}\n", "sectr"),
        "field of another kind": ("organisations:\n  - {name: Hub, level: nation}\n", "level"),
        "kind disagrees": ("organisations:\n  - {name: Hub, kind: place}\n", "kind"),
        "aliases a mapping": ("organisations:\n  - {name: Hub, aliases: {a: b}}\n", "aliases"),
        "attributes a list": ("organisations:\n  - {name: Hub, attributes: [1]}\n", "attributes"),
        "attribute a list": ("organisations:\n  - {name: Hub, attributes: {x: [1]}}\n", "attributes"),
        "attribute infinite": ("organisations:\n  - {name: Hub, attributes: {x: .inf}}\n", "attributes"),
        "attribute NaN": ("organisations:\n  - {name: Hub, attributes: {x: .nan}}\n", "attributes"),
        "identifiers a list": ("organisations:\n  - {name: Hub, identifiers: [1]}\n", "identifiers"),
        "dotted field": ("organisations:\n  - {name: Hub, sector.x: 1}\n", "sector.x"),
        "evidence not a list": ("organisations:\n  - {name: Hub, evidence: x}\n", "evidence"),
        "evidence entry text": ("organisations:\n  - {name: Hub, evidence: [x]}\n", "evidence"),
        "evidence unknown field": ("organisations:\n  - {name: Hub, evidence: [{page: 2}]}\n", "evidence"),
        "inferred not yes or no": ("organisations:\n  - {name: Hub, inferred: maybe}\n", "inferred"),
        "population negative": ("places:\n  - {name: Fife, population: -1}\n", "population"),
        "population text": ("places:\n  - {name: Fife, population: many}\n", "population"),
        "decile 11": ("places:\n  - {name: Fife, deprivation_decile: 11}\n", "deprivation_decile"),
        "rank 0": ("places:\n  - {name: Fife, deprivation_rank: 0}\n", "deprivation_rank"),
        "latitude 100": ("places:\n  - {name: Fife, latitude: 100}\n", "latitude"),
        "longitude text": ("places:\n  - {name: Fife, longitude: east}\n", "longitude"),
        "unknown level": ("places:\n  - {name: Fife, level: county-ish}\n", "level"),
        "end before start": (
            "initiatives:\n  - {name: Walk, start_date: 2020-05-01, end_date: 2020-01-01}\n",
            "end_date",
        ),
        "date as text": ("initiatives:\n  - {name: Walk, start_date: soon}\n", "start_date"),
        "date 31/02/2020": ("initiatives:\n  - {name: Walk, start_date: 31/02/2020}\n", "start_date"),
        "unknown type": ("initiatives:\n  - {name: Walk, type: party}\n", "type"),
        "unknown status": ("initiatives:\n  - {name: Walk, status: sleeping}\n", "status"),
        "id with a space": ("organisations:\n  - {id: a b, name: Hub}\n", "id"),
        "id of another kind": ("organisations:\n  - {id: 'place:fife', name: Hub}\n", "id"),
    }
    for name, (body, word) in fields.items():
        cases.append(Case(f"yaml field {name}", _yaml(body), _build(), ["map.yaml", "line", word]))
    # relationships
    rel = GOOD_ORG + "places:\n  - {name: Fife, level: local_authority}\nrelationships:\n  - "
    relationships = {
        "dangling from": ("{from: Nobody, relation: SERVES, to: Fife}", "from"),
        "dangling to": ("{from: Hub, relation: SERVES, to: Nowhere}", "to"),
        "missing from": ("{relation: SERVES, to: Fife}", "from"),
        "missing relation": ("{from: Hub, to: Fife}", "relation"),
        "unknown relation": ("{from: Hub, relation: LOVES, to: Fife}", "relation"),
        "relation not allowed": ("{from: Fife, relation: RUNS, to: Hub}", "relation"),
        "related to itself": ("{from: Hub, relation: PARTNERS_WITH, to: Hub}", "to"),
        "from is a list": ("{from: [Hub], relation: SERVES, to: Fife}", "from"),
        "to is a mapping": ("{from: Hub, relation: SERVES, to: {name: Fife}}", "to"),
        "from_kind unknown": ("{from: Hub, from_kind: club, relation: SERVES, to: Fife}", "from_kind"),
        "role on SERVES": ("{from: Hub, relation: SERVES, to: Fife, role: chair}", "role"),
        "amount on SERVES": ("{from: Hub, relation: SERVES, to: Fife, amount: 5}", "amount"),
        "strength above 1": ("{from: Hub, relation: SERVES, to: Fife, strength: 2}", "strength"),
        "trust negative": ("{from: Hub, relation: SERVES, to: Fife, trust: -0.5}", "trust"),
        "strength NaN": ("{from: Hub, relation: SERVES, to: Fife, strength: .nan}", "strength"),
        "unknown field": ("{from: Hub, relation: SERVES, to: Fife, weight: 3}", "weight"),
    }
    for name, (body, word) in relationships.items():
        cases.append(Case(f"yaml relationship {name}", _yaml(rel + body + "\n"), _build(), ["map.yaml", "line", word]))
    funds = (
        "organisations:\n  - {name: Trust, sector: funder}\n  - {name: Hub}\n"
        "relationships:\n  - {from: Trust, relation: FUNDS, to: Hub, amount: %s}\n"
    )
    for amount in ("-1", ".inf", "-.inf", ".nan", "1e309", "'£1,2,3'", "lots", "[1]"):
        cases.append(Case(f"yaml amount {amount}", _yaml(funds % amount), _build(), ["map.yaml", "line", "amount"]))
    for currency in ("pounds", "gbp", "GBPX"):
        body = funds.replace("amount: %s", "amount: 5, currency: %s") % currency
        cases.append(Case(f"yaml currency {currency}", _yaml(body), _build(), ["map.yaml", "line", "currency"]))
    conflicts = {
        "one body two sectors": "organisations:\n  - {name: Hub, sector: public}\n  - {name: Hub, sector: private}\n",
        "one place two codes": "places:\n  - {id: fife, name: Fife, code: S12000047}\n  - {id: fife, name: Fife, code: "
        "S12000015}\n",
        "ambiguous end": (
            "organisations:\n  - {name: Hub, identifiers: {x: '1'}}\n  - {id: hub-2, name: Hub, identifiers: {x: "
            "'2'}}\n"
            "places:\n  - {name: Fife}\nrelationships:\n  - {from: Hub, relation: SERVES, to: Fife}\n"
        ),
    }
    for name, body in conflicts.items():
        cases.append(Case(f"yaml conflict {name}", _yaml(body), _build(), ["map.yaml"]))
    # encodings, byte-order marks, line ends, emptiness
    raw = {
        "zero bytes": b"",
        "only spaces": b"   \n\n  \t\n",
        "only a BOM": b"\xef\xbb\xbf",
        "BOM then nothing": b"\xef\xbb\xbf\n\n",
        "invalid UTF-8": GOOD_ORG.encode() + b"  - {name: Caf\xe9}\n",
        "UTF-16 with BOM": GOOD_ORG.encode("utf-16"),
        "Latin-1": "organisations:\n  - {name: Café}\n".encode("latin-1"),
        "CRLF with bad indent": b"organisations:\r\n  - name: Hub\r\n   sector: public\r\n",
        "CRLF with unknown field": b"organisations:\r\n  - {name: Hub, colour: red}\r\n",
        "BOM with unknown section": b"\xef\xbb\xbfclubs:\n  - {name: Hub}\n",
        "lone CR": b"organisations:\r  - {name: Hub\r",
        "truncated": GOOD_ORG.encode()[:20],
    }
    for name, data in raw.items():
        cases.append(Case(f"yaml bytes {name}", {"map.yaml": data}, _build(), ["map.yaml"]))
    # JSON in our document format
    json_docs = {
        "trailing comma": '{"organisations": [{"name": "Hub"},]}',
        "single quotes": "{'organisations': [{'name': 'Hub'}]}",
        "comment": '{"organisations": [{"name": "Hub"}]} // note',
        "NaN": '{"organisations": [{"name": "Hub", "attributes": {"x": NaN}}]}',
        "Infinity": '{"organisations": [{"name": "Hub", "attributes": {"x": Infinity}}]}',
        "truncated": '{"organisations": [{"name": "Hub"',
        "deep": '{"x": ' + "[" * 5000 + "]" * 5000 + "}",
        "duplicate key": '{"organisations": [{"name": "Hub", "name": "Other"}]}',
        "list at top": '[{"name": "Hub"}]',
        "empty object": "{}",
        "huge number": '{"places": [{"name": "Fife", "population": ' + "9" * 5000 + "}]}",
    }
    #: parser limits, said with the line and column and in JSON's words
    limits = {"NaN": "NaN is not a number", "Infinity": "Infinity is not a number", "deep": "levels deep"}
    limits["huge number"] = "5,000 digits"
    for name, text in json_docs.items():
        words = ["map.json", *(["line 1, column", limits[name]] if name in limits else [])]
        cases.append(Case(f"json document {name}", {"map.json": text.encode()}, _build("map.json"), words))
    return cases


def _csv_cases() -> list[Case]:
    cases = []
    tables = {
        "ragged row": ("organisations.csv", "name,sector\nHub,public,extra\n", ["row 2"]),
        "unclosed quote": ("organisations.csv", 'name,sector\n"Hub,public\n', []),
        "no header name": ("organisations.csv", "name,,sector\nHub,,public\n", ["column 2"]),
        "duplicate column": ("organisations.csv", "name,name\nHub,Hub\n", ["name"]),
        "header only": ("organisations.csv", "name,sector\n", []),
        "empty header": ("organisations.csv", ",,\nHub,,\n", []),
        "no name column": ("organisations.csv", "title,sector\nHub,public\n", ["name"]),
        "unknown column": ("organisations.csv", "name,colour\nHub,red\n", ["row 2", "colour"]),
        "bad sector": ("organisations.csv", "name,sector\nHub,charity\n", ["row 2", "sector"]),
        "blank name": ("organisations.csv", "name,sector\n ,public\n", ["row 2", "name"]),
        "1 MB cell": ("organisations.csv", "name\n" + "x" * 1_000_000 + "\n", ["line 2"]),
        "NUL byte": ("organisations.csv", "name\nHub\x00\n", ["row 2", "name"]),
        "control character": ("organisations.csv", "name\nHub\x1b[31m\n", ["row 2", "name"]),
        "bad date": ("initiatives.csv", "name,start_date\nWalk,31/02/2020\n", ["row 2", "start_date"]),
        "bad number": ("places.csv", "name,population\nFife,lots\n", ["row 2", "population"]),
        "negative population": ("places.csv", "name,population\nFife,-5\n", ["row 2", "population"]),
        "unknown kind file": ("clubs.csv", "name\nHub\n", ["clubs"]),
        "relationships without to": ("relationships.csv", "from,relation\nA,SERVES\n", ["to"]),
        "dotted unknown": ("organisations.csv", "name,colour.x\nHub,1\n", ["row 2", "colour.x"]),
        "HSDS table alone": ("service.csv", "id,name\ns1,Drop in\n", ["service.csv"]),
        "amount -1": ("relationships.csv", "from,relation,to,amount\nA,FUNDS,B,-1\n", ["row 2"]),
        "CRLF ragged": ("organisations.csv", "name,sector\r\nHub,public,x\r\n", ["row 2"]),
        "BOM with bad sector": ("organisations.csv", "\ufeffname,sector\nHub,charity\n", ["row 2", "sector"]),
        "zero bytes": ("organisations.csv", "", []),
        "invalid UTF-8": ("organisations.csv", None, ["line 2"]),
    }
    for name, (file, text, words) in tables.items():
        data = b"name\nCaf\xe9\n" if text is None else text.encode("utf-8")
        cases.append(Case(f"csv {name}", {file: data}, _build(file), [file, *words]))
    folder = {
        "empty folder": {"maps/.keep": b""},
        "folder of text": {"maps/notes.txt": b"hello"},
        "folder with bad table": {
            "maps/organisations.csv": b"name\nHub\n",
            "maps/relationships.csv": b"from,relation,to\nHub,SERVES,Nowhere\n",
        },
        "folder with unknown table": {"maps/organisations.csv": b"name\nHub\n", "maps/clubs.csv": b"name\nX\n"},
    }
    for name, files in folder.items():
        cases.append(Case(f"csv {name}", files, _build("maps"), ["maps"]))
    return cases


def _xlsx_cases() -> list[Case]:
    good = _xlsx({"organisations": [["name", "sector"], ["Hub", "public"]]})
    cases = []
    books = {
        "unknown sheet": _xlsx({"clubs": [["name"], ["Hub"]]}),
        "bad sector": _xlsx({"organisations": [["name", "sector"], ["Hub", "charity"]]}),
        "ragged row": _xlsx({"organisations": [["name"], ["Hub", "extra"]]}),
        "no records": _xlsx({"organisations": [["name"]]}),
        "empty sheet": _xlsx({"organisations": []}),
        "only notes": _xlsx({"_notes": [["hello"]]}),
        "bad relationship": _xlsx(
            {
                "organisations": [["name"], ["Hub"]],
                "relationships": [["from", "relation", "to"], ["Hub", "SERVES", "Nowhere"]],
            }
        ),
        "date cell in name": _xlsx({"organisations": [["name"], [12.5]]}),
        "damaged sheet part": _zip_variant(
            good, lambda n, d: b"<worksheet><sheetData><row" if n.endswith("sheet1.xml") else d
        ),
        "missing sheet part": _zip_variant(good, lambda n, d: None if n.endswith("sheet1.xml") else d),
        "damaged workbook part": _zip_variant(good, lambda n, d: b"garbage" if n == "xl/workbook.xml" else d),
        "damaged styles": _zip_variant(good, lambda n, d: b"<x" if n == "xl/styles.xml" else d),
        "missing content types": _zip_variant(good, lambda n, d: None if n == "[Content_Types].xml" else d),
        "text file named xlsx": b"name,sector\nHub,public\n",
        "empty zip": _zip_variant(good, lambda n, d: None),
        "truncated zip": good[: len(good) // 2],
        "zero bytes": b"",
        "random bytes": bytes(range(256)) * 8,
        "360 sheet bad amount": _xlsx(
            {
                "grants": [
                    [
                        "Identifier",
                        "Amount Awarded",
                        "Award Date",
                        "Funding Org:Identifier",
                        "Funding Org:Name",
                        "Recipient Org:Identifier",
                        "Recipient Org:Name",
                    ],
                    ["g1", "lots", "2020-01-01", "GB-CHC-1", "Trust", "GB-CHC-2", "Hub"],
                ]
            }
        ),
    }
    for name, data in books.items():
        strict = ["--strict"] if name.startswith("360") else []
        cases.append(Case(f"xlsx {name}", {"map.xlsx": data}, _build("map.xlsx", *strict), ["map.xlsx"]))
    return cases


def _grant(**over) -> dict:
    grant = {
        "id": "360G-x-1",
        "title": "Cafe",
        "currency": "GBP",
        "amountAwarded": 500,
        "awardDate": "2020-01-01",
        "fundingOrganization": [{"id": "GB-CHC-1000001", "name": "Trust"}],
        "recipientOrganization": [{"id": "GB-CHC-1000002", "name": "Hub"}],
    }
    for key, value in over.items():
        if value is None:
            grant.pop(key, None)
        else:
            grant[key] = value
    return grant


def _360_cases() -> list[Case]:
    cases = []
    whole = {
        "grants not a list": '{"grants": 5}',
        "grants of numbers": '{"grants": [1]}',
        "grants of lists": '{"grants": [[]]}',
        "grants of text": '{"grants": ["g1"]}',
        "no grants": '{"grants": []}',
        "NaN amount": json.dumps({"grants": [_grant()]}).replace("500", "NaN"),
        "Infinity amount": json.dumps({"grants": [_grant()]}).replace("500", "Infinity"),
        "truncated": json.dumps({"grants": [_grant()]})[:60],
        "trailing comma": '{"grants": [' + json.dumps(_grant()) + ",]}",
        "deep": '{"grants": [' + "[" * 3000 + "]" * 3000 + "]}",
        "zero bytes": "",
        "top-level null": "null",
    }
    for name, text in whole.items():
        cases.append(
            Case(
                f"360giving json {name}",
                {"grants.json": text.encode()},
                _build("grants.json", "--source-format", "360giving"),
                ["grants.json"],
            )
        )
    records = {
        "no id": (_grant(id=None), "id"),
        "amount -1": (_grant(amountAwarded=-1), "amount"),
        "amount text": (_grant(amountAwarded="lots"), "amountAwarded"),
        "amount £1,2,3": (_grant(amountAwarded="£1,2,3"), "amountAwarded"),
        "amount list": (_grant(amountAwarded=[1]), "amountAwarded"),
        "amount huge": (_grant(amountAwarded=int("9" * 400)), "amountAwarded"),
        "date 31/02/2020": (_grant(awardDate="31/02/2020"), "awardDate"),
        "date text": (_grant(awardDate="soon"), "awardDate"),
        "date 2020-13-01": (_grant(awardDate="2020-13-01"), "awardDate"),
        "no funder name": (_grant(fundingOrganization=[{"id": "GB-CHC-1"}]), "funder.name"),
        "no recipient name": (_grant(recipientOrganization=[{"id": "GB-CHC-2", "name": " "}]), "recipient.name"),
        "recipient a number": (_grant(recipientOrganization=[5]), "recipientOrganization"),
        "currency pounds": (_grant(currency="pounds"), "currency"),
        "recipient name 1 MB": (_grant(recipientOrganization=[{"id": "GB-CHC-2", "name": "x" * 1_000_000}]), "name"),
        "amount true": (_grant(amountAwarded=True), "amountAwarded"),
        "amount 1e309": (_grant(amountAwarded="<1e309>"), "amountAwarded"),
        "beneficiaryLocation 5": (_grant(beneficiaryLocation=5), "beneficiaryLocation"),
        "beneficiaryLocation of text": (_grant(beneficiaryLocation=["Fife"]), "beneficiaryLocation"),
        "recipient location a number": (
            _grant(recipientOrganization=[{"id": "GB-CHC-2", "name": "Hub", "location": 7}]),
            "location",
        ),
        "recipient name punctuation": (_grant(recipientOrganization=[{"id": "GB-CHC-2", "name": "?!"}]), "name"),
        "title a list": (_grant(title=["Cafe"]), "title"),
        "plannedDates text": (_grant(plannedDates="2020 to 2021"), "plannedDates"),
        "funder name a list": (_grant(fundingOrganization=[{"id": "GB-CHC-1", "name": ["Trust"]}]), "name"),
    }
    for name, (grant, word) in records.items():
        text = json.dumps({"grants": [grant]}).replace('"<1e309>"', "1e309")
        cases.append(
            Case(
                f"360giving grant {name}",
                {"grants.json": text.encode()},
                _build("grants.json", "--strict"),
                ["grants.json", "grants[0]", word],
            )
        )
    header = (
        "Identifier,Title,Currency,Amount Awarded,Award Date,Funding Org:Identifier,Funding Org:Name,"
        "Recipient Org:Identifier,Recipient Org:Name\n"
    )
    rows = {
        "bad amount": "g1,Cafe,GBP,lots,2020-01-01,GB-CHC-1,Trust,GB-CHC-2,Hub\n",
        "negative amount": "g1,Cafe,GBP,-5,2020-01-01,GB-CHC-1,Trust,GB-CHC-2,Hub\n",
        "bad date": "g1,Cafe,GBP,5,31/02/2020,GB-CHC-1,Trust,GB-CHC-2,Hub\n",
        "no id": ",Cafe,GBP,5,2020-01-01,GB-CHC-1,Trust,GB-CHC-2,Hub\n",
        "amount 1,2,3": 'g1,Cafe,GBP,"1,2,3",2020-01-01,GB-CHC-1,Trust,GB-CHC-2,Hub\n',
        "amount inf": "g1,Cafe,GBP,inf,2020-01-01,GB-CHC-1,Trust,GB-CHC-2,Hub\n",
    }
    for name, row in rows.items():
        cases.append(
            Case(
                f"360giving csv {name}",
                {"grants.csv": (header + row).encode()},
                _build("grants.csv", "--strict"),
                ["grants.csv", "row 2"],
            )
        )
    cases.append(
        Case("360giving csv header only", {"grants.csv": header.encode()}, _build("grants.csv"), ["grants.csv"])
    )
    cases.append(
        Case(
            "360giving csv unclosed quote",
            {"grants.csv": (header + 'g1,"Cafe,GBP\n').encode()},
            _build("grants.csv"),
            ["grants.csv"],
        )
    )
    return cases


def _service(**over) -> dict:
    service = {
        "id": "s1",
        "name": "Drop in",
        "organization": {"id": "o1", "name": "Victor House"},
        "pc_targetAudience": [],
    }
    service.update(over)
    return service


def _openreferral_cases() -> list[Case]:
    cases = []
    whole = {
        "empty list": "[]",
        "list of numbers": "[1, 2]",
        "contents not objects": '{"contents": [5], "total_items": 1}',
        "truncated": json.dumps([_service()])[:50],
        "NaN": json.dumps([_service(latitude=1)]).replace("1}", "NaN}"),
        "deep": '{"total_items": 1, "contents": ' + "[" * 3000 + "]" * 3000 + "}",
        "zero bytes": "",
    }
    for name, text in whole.items():
        cases.append(
            Case(
                f"openreferral json {name}",
                {"services.json": text.encode()},
                _build("services.json", "--source-format", "openreferral"),
                ["services.json"],
            )
        )
    records = {
        "service without name": ([_service(name=""), _service(id="s2", name="Ok")], "name"),
        "no service has a name": ([_service(name=""), _service(id="s2", name=None)], "name"),
        "dangling organisation": (
            [{"id": "s1", "name": "A", "organization_id": "nope", "service_areas": []}, _service(id="s2")],
            "organization_id",
        ),
        "audience without label": ([_service(pc_targetAudience=[{"id": "a", "audienceType": "  "}])], "audienceType"),
        "repeated id, two names": ([_service(), _service(name="Night shelter")], "name"),
        "description a list": ([_service(description=["Drop in"])], "should be text"),
        "contacts a number": ([_service(contacts=5)], "list of objects"),
        "organization text": ([_service(organization="Victor House")], "an object"),
        "service area text": ([_service(service_areas=["Leeds"])], "service_areas[0]"),
        "latitude 100": (
            [_service(service_at_locations=[{"id": "sl", "location": {"id": "l1", "name": "Hall", "latitude": 100}}])],
            "latitude",
        ),
    }
    for name, (services, word) in records.items():
        cases.append(
            Case(
                f"openreferral record {name}",
                {"services.json": json.dumps(services).encode()},
                _build("services.json", "--strict"),
                ["services.json", word],
            )
        )
    org = b"id,name\no1,Victor House\n"
    service = b"id,name,organization_id\ns1,Drop in,o1\n"
    good = {
        "name": "pkg",
        "resources": [{"name": "organization", "path": "organization.csv"}, {"name": "service", "path": "service.csv"}],
    }
    packages = {
        "descriptor a list": ([], ["datapackage.json"]),
        "resources a number": ({"resources": 5}, ["resources"]),
        "resource a string": ({"resources": ["service.csv"]}, ["resources[0]"]),
        "resource without path": ({"resources": [{"name": "service"}]}, ["resources[0]"]),
        "path a number": ({"resources": [{"name": "service", "path": 5}]}, ["resources[0]"]),
        "absolute path": ({"resources": [{"name": "contact", "path": "/etc/hostname"}]}, ["resources[0]", "outside"]),
        "path outside": ({"resources": [{"name": "contact", "path": "../contact.csv"}]}, ["resources[0]", "outside"]),
        "missing table": ({"resources": [{"name": "service", "path": "missing.csv"}]}, ["resources[0]", "missing.csv"]),
        "no rows": ({"resources": [{"name": "organization", "path": "empty.csv"}]}, ["pkg"]),
        "dangling service organisation": (good | {"resources": good["resources"][1:]}, ["pkg"]),
    }
    for name, (descriptor, words) in packages.items():
        files = {
            "pkg/datapackage.json": json.dumps(descriptor).encode(),
            "pkg/organization.csv": org,
            "pkg/service.csv": service,
            "pkg/empty.csv": b"id,name\n",
            "contact.csv": b"id,name,email\nc1,Jo,jo@example.org\n",
        }
        cases.append(Case(f"openreferral package {name}", files, _build("pkg", "--strict"), words))
    broken_json = {"pkg/datapackage.json": b'{"resources": [', "pkg/service.csv": service}
    cases.append(
        Case("openreferral package broken descriptor", broken_json, _build("pkg"), ["datapackage.json", "line 1"])
    )
    ragged = {
        "pkg/datapackage.json": json.dumps(good).encode(),
        "pkg/organization.csv": org,
        "pkg/service.csv": b'id,name\n"s1,Drop in\n',
    }
    cases.append(Case("openreferral package unclosed quote", ragged, _build("pkg"), ["service.csv"]))
    return cases


def _graph_file(**over) -> str:
    data = {
        "format": "assetgraph-graph",
        "version": 1,
        "name": "g",
        "nodes": [{"kind": "organisation", "id": "organisation:hub", "name": "Hub", "provenance": [{"source": "s"}]}],
        "edges": [],
    }
    for key, value in over.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data)


def _graph_cases() -> list[Case]:
    node = {"kind": "organisation", "id": "organisation:hub", "name": "Hub", "provenance": [{"source": "s"}]}
    place = {"kind": "place", "id": "place:fife", "name": "Fife", "provenance": [{"source": "s"}]}
    files = {
        "future version": (_graph_file(version=99), ["newer assetgraph"]),
        "version text": (_graph_file(version="1"), ["version"]),
        "version zero": (_graph_file(version=0), ["version"]),
        "nodes a number": (_graph_file(nodes=5), ["nodes"]),
        "edges a mapping": (_graph_file(edges={"a": 1}), ["edges"]),
        "node a number": (_graph_file(nodes=[5]), ["nodes[0]"]),
        "node without kind": (_graph_file(nodes=[{"name": "Hub", "provenance": [{"source": "s"}]}]), ["nodes[0]"]),
        "node unknown kind": (
            _graph_file(nodes=[{"kind": "club", "name": "Hub", "provenance": [{"source": "s"}]}]),
            ["nodes[0]"],
        ),
        "node without provenance": (
            _graph_file(nodes=[{"kind": "theme", "name": "Smoking"}]),
            ["nodes[0]", "provenance"],
        ),
        "node bad sector": (_graph_file(nodes=[node | {"sector": "charity"}]), ["nodes[0]", "sector"]),
        "node NaN latitude": (
            _graph_file(nodes=[place | {"latitude": 1}]).replace('"latitude": 1', '"latitude": NaN'),
            ["NaN"],
        ),
        "edge dangling": (
            _graph_file(
                edges=[
                    {
                        "source": "organisation:hub",
                        "relation": "SERVES",
                        "target": "place:x",
                        "provenance": [{"source": "s"}],
                    }
                ]
            ),
            ["edges[0]", "target"],
        ),
        "edge not allowed": (
            _graph_file(
                nodes=[node, place],
                edges=[
                    {
                        "source": "place:fife",
                        "relation": "RUNS",
                        "target": "organisation:hub",
                        "provenance": [{"source": "s"}],
                    }
                ],
            ),
            ["edges[0]", "relation"],
        ),
        "edge unknown relation": (
            _graph_file(edges=[{"source": "a", "relation": "LOVES", "target": "b", "provenance": [{"source": "s"}]}]),
            ["edges[0]"],
        ),
        "name a number": (_graph_file(name=5), ["name"]),
        "not our format": ('{"format": "assetgraph-graph-x", "version": 1}', []),
        "truncated": (_graph_file()[:80], ["line 1"]),
        "duplicate ids disagree": (
            _graph_file(nodes=[node | {"sector": "public"}, node | {"sector": "private"}]),
            ["nodes[1]", "sector"],
        ),
    }
    return [
        Case(f"graph file {name}", {"graph.json": text.encode()}, ["info", "{d}/graph.json"], ["graph.json", *words])
        for name, (text, words) in files.items()
    ]


def _path_cases() -> list[Case]:
    return [
        Case("missing path", {}, _build("nothing.yaml"), ["nothing.yaml"]),
        Case("missing graph for info", {}, ["info", "{d}/nothing.json"], ["nothing.json"]),
        Case("unknown suffix", {"map.txt": b"organisations: []\n"}, _build("map.txt"), ["map.txt"]),
        Case("device", {}, ["build", "/dev/zero", "-o", "{d}/out.json"], ["/dev/zero"]),
        Case("named pipe", {"pipe.yaml": b"<fifo>"}, _build("pipe.yaml"), ["pipe.yaml"]),
        Case(
            "output into a missing folder",
            {"map.yaml": GOOD_ORG.encode()},
            ["build", "{d}/map.yaml", "-o", "{d}/missing/out.json"],
            ["missing"],
        ),
        Case(
            "report into a missing folder",
            {"map.yaml": GOOD_ORG.encode()},
            ["build", "{d}/map.yaml", "-o", "{d}/out.json", "--report", "{d}/missing/review.csv"],
            ["review.csv"],
        ),
        Case(
            "output is a folder",
            {"map.yaml": GOOD_ORG.encode(), "out/.keep": b""},
            ["build", "{d}/map.yaml", "-o", "{d}/out"],
            ["out"],
        ),
        Case("bad --places", {"map.yaml": GOOD_ORG.encode()}, _build("map.yaml", "--places", "narnia"), ["narnia"]),
        Case(
            "bad --source-format",
            {"map.yaml": GOOD_ORG.encode()},
            _build("map.yaml", "--source-format", "kumu"),
            ["kumu"],
        ),
        Case("no sources", {}, ["build", "-o", "{d}/out.json"], ["SOURCE"]),
        Case(
            "bad --cost",
            {"map.yaml": GOOD_ORG.encode()},
            ["pathways", "{d}/map.yaml", "Hub", "--to", "Hub", "--cost", "SIGNPOSTS=1"],
            ["SIGNPOSTS", "SIGNPOSTS_TO"],
        ),
        Case(
            "bad --focus",
            {"map.yaml": GOOD_ORG.encode()},
            ["connectors", "{d}/map.yaml", "--focus", "community_led"],
            ["community_led"],
        ),
        Case(
            "gaps without places", {"map.yaml": GOOD_ORG.encode()}, ["gaps", "{d}/map.yaml"], ["no places", "--places"]
        ),
        Case(
            "map with a tiny cap",
            {"map.yaml": (GOOD_ORG + "  - {name: Two}\n" * 1).encode()},
            ["map", "{d}/map.yaml", "-o", "{d}/m.html", "--max-nodes", "5"],
            ["max-nodes"],
        ),
    ]


#: one command of each kind that reads a graph, with its other arguments ({g} the graph)
_READERS = {
    "info": ["info", "{g}"],
    "show": ["show", "{g}", "Hub"],
    "connectors": ["connectors", "{g}"],
    "gaps": ["gaps", "{g}"],
    "pathways": ["pathways", "{g}", "Hub", "--to", "Hub"],
    "map": ["map", "{g}", "-o", "{d}/m.html"],
    "export": ["export", "{g}", "--to", "gexf", "-o", "{d}/g.gexf"],
    "profile": ["profile", "{g}", "Fife"],
    "diff": ["diff", "{g}", "{g}"],
    "cypher": ["cypher", "MATCH (n) RETURN n", "--graph", "{g}"],
    "neo4j push": ["neo4j", "push", "{g}"],
    "extract": ["extract", "{g}", "-o", "{d}/draft.yaml"],
    "extract --against": ["extract", "{d}/notes.txt", "--against", "{g}", "-o", "{d}/draft.yaml"],
    "build": ["build", "{g}", "-o", "{d}/out.json"],
}
#: every option that writes a file, with the command around it ({o} the path to write)
_WRITERS = {
    "build -o": ["build", "{d}/map.yaml", "-o", "{o}"],
    "build --report": ["build", "{d}/map.yaml", "-o", "{d}/out.json", "--report", "{o}"],
    "extract -o": ["extract", "{d}/notes.txt", "-o", "{o}"],
    "diff -o": ["diff", "{d}/map.yaml", "{d}/map.yaml", "-o", "{o}"],
    "export -o": ["export", "{d}/map.yaml", "--to", "gexf", "-o", "{o}"],
    "map -o": ["map", "{d}/map.yaml", "-o", "{o}"],
    "profile -o": ["profile", "{d}/map.yaml", "Fife", "-o", "{o}"],
    "neo4j pull -o": ["neo4j", "pull", "g", "-o", "{o}"],
}


def _sweep_cases() -> list[Case]:
    """The malformed-input sweep of issue 23: tracebacks, silent acceptance, unclear errors,
    and one exit code for one fault whatever the command."""
    yaml = {
        "map name a mapping": ("name: {a: 1}\n" + GOOD_ORG, ["name", "dict"]),
        "map name a list": ("name: [a, b]\n" + GOOD_ORG, ["name", "list"]),
        "name of punctuation only": ("organisations:\n  - {name: '!!!'}\n", ["line 2", "name", "letter or digit"]),
        "source a list": ("organisations:\n  - {name: Hub, source: [a, b]}\n", ["line 2", "source", "list"]),
        "quote a mapping": ("organisations:\n  - {name: Hub, quote: {a: b}}\n", ["line 2", "quote"]),
        "one body two long descriptions": (
            "organisations:\n  - {name: Hub, description: " + "x" * 50_000 + "}\n"
            "  - {name: Hub, description: " + "y" * 50_000 + "}\n",
            ["description", "…"],
        ),
        "amount yes": (
            "organisations:\n  - {name: Trust}\n  - {name: Hub}\nrelationships:\n"
            "  - {from: Trust, relation: FUNDS, to: Hub, amount: yes}\n",
            ["line 5", "amount", "yes or no"],
        ),
        "population true": ("places:\n  - {name: Fife, population: true}\n", ["line 2", "population"]),
        "postcode a list": ("organisations:\n  - {name: Hub, postcode: [LS1 1AA]}\n", ["line 2", "postcode"]),
        "confidence yes": ("organisations:\n  - {name: Hub, source: x, confidence: yes}\n", ["confidence"]),
        "document title a list": (
            "documents: {r: {title: [Annual, report]}}\n" + GOOD_ORG,
            ["documents.r", "title"],
        ),
        "1 MB sector": ("organisations:\n  - {name: Hub, sector: " + "x" * 1_000_000 + "}\n", ["sector", "…"]),
        "relationship two amounts": (
            "organisations:\n  - {name: Trust}\n  - {name: Hub}\nrelationships:\n"
            "  - {from: Trust, relation: FUNDS, to: Hub, amount: 5}\n"
            "  - {from: Trust, relation: FUNDS, to: Hub, amount: 6}\n",
            ["line 6", "amount", "5.0"],
        ),
    }
    cases = [
        Case(f"yaml sweep {name}", _yaml(body), _build(), ["map.yaml", *words]) for name, (body, words) in yaml.items()
    ]
    cases.append(
        Case(
            "graph file version true",
            {"graph.json": _graph_file(version=True).encode()},
            ["info", "{d}/graph.json"],
            ["graph.json", "version"],
        )
    )
    taxonomies = {"contents": [{"id": "t", "name": "name", "uri": "http://example.com", "version": "1"}]}
    cases.append(
        Case(
            "openreferral json taxonomy list alone",
            {"taxonomies.json": json.dumps(taxonomies | {"total_items": 1}).encode()},
            _build("taxonomies.json"),
            ["taxonomies.json", "contents[0]", "vocabulary"],
        )
    )
    attribute = [
        _service(attributes=[{"id": "a", "link_entity": "location", "link_id": "l9", "taxonomy_term_id": "t"}])
    ]
    cases.append(
        Case(
            "openreferral record attribute of an unknown location",
            {"services.json": json.dumps(attribute).encode()},
            _build("services.json", "--strict"),
            ["services.json", "attributes[0]", "link"],
        )
    )
    titles = ["Identifier", "Amount Awarded", "Award Date", "Funding Org:Name", "Recipient Org:Name"]
    meta_only = _xlsx({"Meta": [["Title", "Grants"]], "grants": [["Identifier", "Amount"], ["g1", 5]]})
    stray = _xlsx(
        {
            "grants": [titles, ["g1", 5, "2020-01-01", "Trust", "Hub"]],
            "beneficiaryLocation": [["Identifier", "Beneficiary Location:Name"], ["g9", "Fife"]],
        }
    )
    cases += [
        Case(
            "xlsx 360 template without a grants sheet",
            {"map.xlsx": meta_only},
            _build("map.xlsx", "--source-format", "360giving"),
            ["map.xlsx", "no sheet of grants"],
        ),
        Case(
            "xlsx 360 template row naming no grant",
            {"map.xlsx": stray},
            _build("map.xlsx", "--strict"),
            ["map.xlsx", "sheet beneficiaryLocation, row 2", "Identifier", "g9"],
        ),
    ]
    good = {"map.yaml": GOOD_ORG.encode(), "notes.txt": b"Hub runs a cafe in Fife.\n"}
    cases += [
        Case("empty output path", good, ["build", "{d}/map.yaml", "-o", ""], ["empty path"], code=2),
        Case("empty source path", good, ["build", "", "-o", "{d}/out.json"], ["empty path"], code=2),
        Case("output replaces its source", good, ["build", "{d}/map.yaml", "-o", "{d}/map.yaml"], ["replace"], code=2),
        Case(
            "report replaces the output",
            good,
            ["build", "{d}/map.yaml", "-o", "{d}/out.json", "--report", "{d}/out.json"],
            ["--report", "replace"],
            code=2,
        ),
        Case("map replaces its graph", good, ["map", "{d}/map.yaml", "-o", "{d}/map.yaml"], ["replace"], code=2),
        Case("demo into a file", good, ["demo", "--dir", "{d}/map.yaml"], ["map.yaml", "is a file"], code=1),
        Case("demo into an empty path", good, ["demo", "--dir", ""], ["empty path"], code=2),
    ]
    for command, args in _READERS.items():
        missing = [a.replace("{g}", "{d}/nothing.json") for a in args]
        cases.append(Case(f"missing input for {command}", good, missing, ["nothing.json"], code=2))
    for option, args in _WRITERS.items():
        into_missing = [a.replace("{o}", "{d}/missing/out.x") for a in args]
        onto_folder = [a.replace("{o}", "{d}/folder") for a in args]
        cases.append(Case(f"{option} into a missing folder", good, into_missing, ["missing"], code=1))
        if option != "export -o":
            folder = good | {"folder/.keep": b""}
            cases.append(Case(f"{option} onto a folder", folder, onto_folder, ["folder", "is a folder"], code=1))
    return cases


def _docx_cases() -> list[Case]:
    """Reports given to ``extract`` as DOCX files whose XML is damaged or hostile."""
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("The Glen Youth Project is funded by the Bute Foundation.")
    document.save(out)
    good = out.getvalue()
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))

    def cut(name: str, part: bytes) -> bytes:
        return part[: len(part) // 2] if name == "word/document.xml" else part

    def laughs(name: str, part: bytes) -> bytes:
        if name != "word/document.xml":
            return part
        declaration, _, body = part.partition(b"?>")
        body = body.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", 1)
        return declaration + b"?>" + f"<!DOCTYPE w:document [{entities}]>".encode() + body

    damaged = {
        "document cut short": _zip_variant(good, cut),
        "billion laughs": _zip_variant(good, laughs),
        "archive cut short": good[: len(good) // 2],
    }
    extract = ["extract", "{d}/report.docx", "-o", "{d}/draft.yaml"]
    return [
        Case(f"docx {name}", {"report.docx": data}, extract, ["report.docx", "cannot read this DOCX"], code=1)
        for name, data in damaged.items()
    ]


def _number_option_cases() -> list[Case]:
    """Numeric options given no number, or a number past what the clocks, the memory cap of
    the system or a route's sum of costs hold: a cypher query's limits, a route's cold approach."""
    cypher = ["cypher", "MATCH (o:Organisation) RETURN COUNT(o)", "--graph", "@seed"]
    pathways = ["pathways", "@seed", "--resident-of", "Pentwyn", "--need", "smoking"]
    options = {
        "--timeout": (cypher, ["nan", "inf", "-inf", "1e308", "1e10", "86401"]),
        "--max-memory": (cypher, ["99999999999999999999999", "1048577"]),
        "--cold-approach": (pathways, ["nan", "inf", "1e308", "0"]),
    }
    return [
        Case(f"{command[0]} {option} {value}", {}, [*command, option, value], [option], code=2)
        for option, (command, values) in options.items()
        for value in values
    ]


def _wide_workbook_cases() -> list[Case]:
    """A map of more attribute columns than a worksheet holds, exported to Kumu's workbook."""
    attributes = ", ".join(f"a{i}: 1" for i in range(16_400))
    body = "organisations:\n  - {name: Hub, attributes: {" + attributes + "}}\n"
    args = ["export", "{d}/map.yaml", "--to", "kumu-xlsx", "-o", "{d}/wide.xlsx"]
    return [Case("export kumu-xlsx past 16,384 columns", _yaml(body), args, ["16,384", "columns", "kumu-json"], code=1)]


def cases() -> list[Case]:
    """Every input of the corpus."""
    found = [
        *_document_cases(),
        *_csv_cases(),
        *_xlsx_cases(),
        *_360_cases(),
        *_openreferral_cases(),
        *_graph_cases(),
        *_path_cases(),
        *_sweep_cases(),
        *_docx_cases(),
        *_number_option_cases(),
        *_wide_workbook_cases(),
    ]
    names = [c.name for c in found]
    assert len(names) == len(set(names)), "case names must be distinct"
    return found
