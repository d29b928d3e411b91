"""Files colleagues can open, and nothing half-written (issue 10)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from assetgraph.fileio import FOLDER_MANIFEST
from assetgraph.loaders import SEED


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    old = os.umask(0o022)

    def _set(mask: int) -> None:
        os.umask(mask)

    yield _set
    os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_written_files_follow_the_umask_like_an_ordinary_open(run, tmp_path, umask, mask):
    umask(mask)
    graph, review, page = tmp_path / "g.json", tmp_path / "review.csv", tmp_path / "map.html"
    assert run("build", SEED, "-o", graph, "--report", review).exit_code == 0
    assert run("map", graph, "-o", page).exit_code == 0
    for path in (graph, review, page):
        assert _mode(path) == 0o666 & ~mask, path


def test_a_replaced_file_keeps_its_own_permissions(run, tmp_path, umask):
    umask(0o077)
    graph = tmp_path / "g.json"
    graph.write_text("old")
    graph.chmod(0o664)
    assert run("build", SEED, "-o", graph).exit_code == 0
    assert _mode(graph) == 0o664 and "assetgraph-graph" in graph.read_text()


def test_an_unwritable_output_names_the_path_given_and_leaves_nothing(run, tmp_path):
    missing = tmp_path / "no-such-folder" / "g.json"
    result = run("build", SEED, "-o", missing)
    assert result.exit_code == 1
    assert str(missing) in result.output and ".tmp" not in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_build_whose_report_cannot_be_written_writes_no_graph(run, tmp_path):
    graph = tmp_path / "g.json"
    result = run("build", SEED, "-o", graph, "--report", tmp_path / "missing" / "review.csv")
    assert result.exit_code == 1 and "review.csv" in result.output
    assert list(tmp_path.iterdir()) == []


def test_sigterm_during_a_save_leaves_no_temporary_file(tmp_path):
    """The save is interrupted by a real SIGTERM sent while the temporary file is open."""
    out = tmp_path / "g.json"
    script = textwrap.dedent(f"""
        import os, signal, sys
        from assetgraph import cli, fileio
        opened = os.fdopen
        def interrupted(fd, mode):
            handle = opened(fd, mode)
            os.kill(os.getpid(), signal.SIGTERM)
            return handle
        fileio.os.fdopen = interrupted
        sys.argv = ["assetgraph", "build", "{SEED}", "-o", {str(out)!r}]
        cli.main()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 128 + 15, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_export_replaces_the_earlier_export_and_leaves_only_its_own_files(run, write, tmp_path):
    from .test_privacy import PEOPLE_YAML

    source, share = write("people.yaml", PEOPLE_YAML), tmp_path / "share"
    assert run("export", source, "--to", "neo4j", "-o", share).exit_code == 0
    assert (share / "nodes_person.csv").exists()
    public = run("export", source, "--to", "neo4j", "--public", "--kinds", "organisation", "-o", share, "--format=json")
    assert public.exit_code == 0, public.output
    written = set(json.loads(public.output)["files"])
    assert {p.name for p in share.iterdir()} == written | {FOLDER_MANIFEST}
    assert "nodes_person.csv" not in written and "ann@example.org" not in "".join(
        p.read_text(encoding="utf-8") for p in share.iterdir()
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_export_refuses_a_folder_holding_other_files(run, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    result = run("export", SEED, "--to", "csv", "-o", mine)
    assert result.exit_code == 1 and str(mine) in result.output and "notes.txt" in result.output
    assert [p.name for p in mine.iterdir()] == ["notes.txt"] and (mine / "notes.txt").read_text() == "my notes"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("export", SEED, "--to", "csv", "-o", empty).exit_code == 0 and (empty / "nodes.csv").exists()
