"""Shared fixtures: tiny hand-checkable graphs, source files written on the fly, the CLI runner."""

from __future__ import annotations

import os
import textwrap
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assetgraph.cli import cli
from assetgraph.graphmodel import AssetGraph, Place
from assetgraph.neo4jdb import Neo4jSettings

from .helpers import SRC, edge, org, unavailable
from .neo4j_server import Neo4jServer, ServerUnavailable


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


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Neo4j started for this test session, or None where ``NEO4J_URI`` names one
    (never under CI=true: CI tests against a server of its own, which it may kill).

    Skips with the reason where Java or Maven is missing, and fails instead under CI=true.
    """
    if os.environ.get("NEO4J_URI") and os.environ.get("CI") != "true":
        yield None
        return
    try:
        server = Neo4jServer(tmp_path_factory.mktemp("neo4j"))
        server.start()
    except ServerUnavailable as exc:
        unavailable(str(exc))
    yield server
    server.stop()


@pytest.fixture
def neo4j(neo4j_server: Neo4jServer | None) -> Neo4jSettings:
    """Settings that reach the test server (or the one ``NEO4J_URI`` names)."""
    if neo4j_server is None:
        return Neo4jSettings.from_env()
    return Neo4jSettings(uri=neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)


@pytest.fixture
def graph_name(request: pytest.FixtureRequest) -> str:
    """A graph name of this test's own, so tests share the server without meeting."""
    return f"test {request.node.name} {uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the tests of one module (skipped, or under CI failed, without one)."""
    from .browser import Browser, require_browser

    require_browser()
    driver = Browser()
    yield driver
    driver.close()


@pytest.fixture(autouse=True)
def _pulled_parts_kept_apart(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of server graphs pulled by a test are kept in a folder of the test run's own."""
    monkeypatch.setenv("ASSETGRAPH_CACHE", str(tmp_path_factory.getbasetemp() / "pulled"))
