"""Shared fixtures: tiny hand-checkable graphs, source files written on the fly, the CLI runner."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assetgraph.cli import cli
from assetgraph.graphmodel import AssetGraph, Place

from .helpers import SRC, edge, org

@pytest.fixture
def small_graph() -> AssetGraph:
    """Two organisations in a partnership-free network, and a two-level place hierarchy."""
    g = AssetGraph("small")
    g.add_node(org("Public Health Scotland", aliases=["PHS"], sector="public", scale="national"))
    g.add_node(org("CHEX", sector="third_sector", scale="national"))
    g.add_node(Place(name="Scotland", level="nation", provenance=SRC))
    g.add_node(Place(name="Fife", level="local_authority", code="S12000047", provenance=SRC))
    g.add_edge(edge("CHEX", "PARTNERS_WITH", "PHS"))
    g.add_edge(edge("Fife", "WITHIN", "Scotland"))
    g.add_edge(edge("PHS", "SERVES", "Scotland"))
    return g


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path (text is dedented; bytes are written as they are)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def run():
    """Run the CLI in-process; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def _run(*args: str | Path) -> Result:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return _run
