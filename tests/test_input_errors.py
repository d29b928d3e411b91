"""Bad input through the CLI: one line naming file, row or line, and field; exit 1; nothing written."""

from __future__ import annotations

import os

import pytest

from .helpers import write_workbook

ORGS = "name,sector\nCHEX,third_sector\n"
PLACES = "name,level\nFife,local_authority\n"


# (case, files to write, the source to build, fragments the one-line error must contain)
CASES = [
    (
        "malformed yaml",
        {"m.yaml": "organisations:\n  - {name: CHEX\n  - {name: SCDC}\n"},
        "m.yaml",
        ["m.yaml, line 3", "malformed YAML"],
    ),
    ("yaml not a mapping", {"m.yaml": "- just\n- a list\n"}, "m.yaml", ["m.yaml, line 1", "expected a mapping"]),
    (
        "yaml section not a list",
        {"m.yaml": "organisations: CHEX\n"},
        "m.yaml",
        ["m.yaml, field organisations", "should be a list"],
    ),
    (
        "malformed csv",
        {"d/organisations.csv": 'name,sector\n"CHEX"x,third_sector\n'},
        "d",
        ["organisations.csv, line 2", "malformed CSV"],
    ),
    (
        "row longer than header",
        {"d/organisations.csv": "name,sector\nCHEX,third_sector,extra\n"},
        "d",
        ["organisations.csv, row 2", "more values than the header"],
    ),
    (
        "malformed xlsx",
        {"m.xlsx": b"PK\x03\x04 not really a zip"},
        "m.xlsx",
        ["m.xlsx", "not a readable .xlsx workbook"],
    ),
    (
        "missing column",
        {"d/organisations.csv": "title,sector\nCHEX,third_sector\n"},
        "d",
        ["organisations.csv, row 1, field name", "missing from the header"],
    ),
    (
        "missing relationship column",
        {"d/organisations.csv": ORGS, "d/relationships.csv": "from,relation\nCHEX,RUNS\n"},
        "d",
        ["relationships.csv, row 1, field to", "missing from the header"],
    ),
    (
        "missing value",
        {"d/organisations.csv": "name,sector\n,third_sector\n"},
        "d",
        ["organisations.csv, row 2, field name", "required"],
    ),
    (
        "unknown kind in yaml",
        {"m.yaml": "widgets:\n  - {name: X}\n"},
        "m.yaml",
        ["m.yaml, field widgets", "unknown kind 'widgets'"],
    ),
    ("unknown kind in csv folder", {"d/widgets.csv": "name\nX\n"}, "d", ["widgets.csv", "unknown kind 'widgets'"]),
    (
        "unknown relation",
        {
            "d/organisations.csv": ORGS,
            "d/places.csv": PLACES,
            "d/relationships.csv": "from,relation,to\nCHEX,SERVS,Fife\n",
        },
        "d",
        ["relationships.csv, row 2, field relation", "unknown relation 'SERVS'", "did you mean 'SERVES'"],
    ),
    (
        "relation not allowed",
        {
            "d/organisations.csv": ORGS,
            "d/places.csv": PLACES,
            "d/relationships.csv": "from,relation,to\nFife,RUNS,CHEX\n",
        },
        "d",
        ["relationships.csv, row 2, field relation", "RUNS cannot run from a place to a organisation"],
    ),
    (
        "dangling reference",
        {
            "d/organisations.csv": ORGS,
            "d/places.csv": PLACES,
            "d/relationships.csv": "from,relation,to\nCHEX,SERVES,Fyfe\n",
        },
        "d",
        ["relationships.csv, row 2, field to", "no node named 'Fyfe'", "did you mean: Fife"],
    ),
    (
        "duplicate id with conflicting attributes",
        {"d/organisations.csv": "id,name,sector\nchex,CHEX,third_sector\nchex,CHEX,public\n"},
        "d",
        ["organisations.csv, row 3, field sector", "'third_sector'", "'public'"],
    ),
    (
        "bad encoding",
        {"d/organisations.csv": "name,sector\nCaf\xe9 Connect,community_led\n".encode("latin-1")},
        "d",
        ["organisations.csv, line 2", "not UTF-8"],
    ),
    ("empty csv", {"d/organisations.csv": ""}, "d", ["organisations.csv", "the file is empty"]),
    ("empty yaml", {"m.yaml": "\n\n"}, "m.yaml", ["m.yaml", "the file is empty"]),
    ("yaml with no records", {"m.yaml": "name: nothing here\n"}, "m.yaml", ["m.yaml", "holds no records"]),
    (
        "unknown field",
        {"d/organisations.csv": "name,sectr\nCHEX,public\n"},
        "d",
        ["organisations.csv, row 2, field sectr", "unknown field", "did you mean 'sector'"],
    ),
    (
        "bad value",
        {"d/organisations.csv": "name,sector\nCHEX,charity\n"},
        "d",
        ["organisations.csv, row 2, field sector", "'charity' is not one of: public, third_sector"],
    ),
    (
        "bad number",
        {"d/places.csv": "name,population\nFife,lots\n"},
        "d",
        ["places.csv, row 2, field population", "integer"],
    ),
    (
        "bad flag",
        {"m.yaml": "themes:\n  - {name: Smoking, quote: x, inferred: maybe}\n"},
        "m.yaml",
        ["m.yaml, line 2, field inferred", "not yes or no"],
    ),
    ("xlsx unknown sheet", {}, "w.xlsx", ["w.xlsx", "unknown kind 'Contacts'"]),
    ("xlsx bad cell", {}, "bad.xlsx", ["bad.xlsx, sheet Places, row 3, field level", "'county' is not one of"]),
]


@pytest.mark.parametrize("case, files, source, fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_line_and_writes_nothing(run, tmp_path, write, case, files, source, fragments):
    for name, content in files.items():
        write(name, content)
    write_workbook(tmp_path / "w.xlsx", {"Organisations": [["name"], ["CHEX"]], "Contacts": [["name"], ["x"]]})
    write_workbook(
        tmp_path / "bad.xlsx", {"Places": [["name", "level"], ["Fife", "local_authority"], ["Kent", "county"]]}
    )
    out = tmp_path / "out.json"
    result = run("build", tmp_path / source, "-o", out)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output + result.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


def test_a_missing_source_is_a_usage_error(run, tmp_path):
    result = run("build", tmp_path / "nope.yaml", "-o", tmp_path / "g.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_a_failure_after_loading_leaves_the_previous_graph(run, tmp_path, write):
    good = write("m.yaml", "organisations:\n  - {name: CHEX}\n")
    out = tmp_path / "out.json"
    assert run("build", good, "-o", out).exit_code == 0
    before = out.read_text()
    bad = write("n.yaml", "organisations:\n  - {name: CHEX, sector: nope}\n")
    assert run("build", good, bad, "-o", out).exit_code == 1
    assert out.read_text() == before


def test_a_folder_or_file_this_user_cannot_read_is_said_so(write, run, tmp_path, monkeypatch):
    write("maps/organisations.csv", ORGS)
    write("grants.json", '{"grants": []}')
    real_listdir, real_open = os.listdir, os.open

    def listdir(path):
        if "maps" in str(path):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    def open_(path, *args, **kwargs):
        if "grants" in str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "open", open_)
    for source, what in (("maps", "folder"), ("grants.json", "file")):
        result = run("build", tmp_path / source, "-o", tmp_path / "out.json")
        assert result.exit_code == 1
        assert result.stderr.strip().endswith(f"{source}: the {what} cannot be read (Permission denied)")
    assert not (tmp_path / "out.json").exists()


def test_a_build_that_cannot_summarise_writes_nothing(write, run, tmp_path):
    source = write("m.yaml", "name: {a: 1}\norganisations:\n  - {name: Hub}\n")
    result = run("build", source, "-o", tmp_path / "out.json")
    assert result.exit_code == 1 and "m.yaml, field name: the map's name should be one text" in result.stderr
    assert not (tmp_path / "out.json").exists()
