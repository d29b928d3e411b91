"""`assetgraph cypher --engine neo4j` keeps the server read-only (issue 23): every way users found
to read the server's files, fetch URLs or write to its disk or memory is refused, on a server
as it comes (the test launcher: file URLs allowed, no import folder, every procedure loaded),
the same with APOC Core, and one set up as a careful operator would; ordinary reads still run;
the server stops a query at its time limit. Against real servers (tests/neo4j_server.py)."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from neo4j.exceptions import ClientError

from assetgraph.loaders import SEED, load
from assetgraph.neo4jdb import Neo4jSettings, connect, push_graph
from assetgraph.neo4jdb.cypher import ALLOWED_FUNCTIONS, ALLOWED_PROCEDURES, embedded_cypher

from .helpers import unavailable
from .neo4j_server import Neo4jServer, ServerUnavailable

#: what a careful operator sets (besides an import folder of the server's own)
CAREFUL = {
    "dbms.security.allow_csv_import_from_file_urls": "false",
    "dbms.security.procedures.allowlist": "db.*,dbms.components,gds.*,apoc.coll.*",
}
PASSWD = "file:///etc/passwd"


@dataclass
class Target:
    """A server to attack: how to reach it, and the server itself where the tests started it."""

    name: str
    settings: Neo4jSettings
    server: Neo4jServer | None

    @property
    def apoc_runs(self) -> bool:
        """Whether APOC's procedures and functions are there for a query to call."""
        return self.name == "with APOC"


def _started(home: Path, **options) -> Iterator[Neo4jServer]:
    try:
        server = Neo4jServer(home, **options)
        server.start()
    except ServerUnavailable as exc:
        unavailable(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def apoc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    yield from _started(tmp_path_factory.mktemp("apoc-neo4j"), apoc=True)


@pytest.fixture(scope="module")
def careful_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    home = tmp_path_factory.mktemp("careful-neo4j")
    (home / "import").mkdir()
    yield from _started(home, apoc=True, settings=CAREFUL | {"server.directories.import": str(home / "import")})


@pytest.fixture(params=["as it comes", "with APOC", "careful"])
def target(request: pytest.FixtureRequest, neo4j: Neo4jSettings, neo4j_server, monkeypatch) -> Target:
    if request.param == "as it comes":
        found = Target(request.param, neo4j, neo4j_server)
    else:
        server = request.getfixturevalue("apoc_server" if request.param == "with APOC" else "careful_server")
        found = Target(request.param, Neo4jSettings(uri=server.uri, password=server.password), server)
    monkeypatch.setenv("NEO4J_PASSWORD", found.settings.password or "")
    return found


class _Recorder(BaseHTTPRequestHandler):
    """Answers every GET with a small CSV, and notes the path asked for."""

    def do_GET(self) -> None:
        self.server.asked.append(self.path)  # type: ignore[attr-defined]
        body = b"a,b\n1,2\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def web() -> Iterator[ThreadingHTTPServer]:
    """A web server on this machine that records what it was asked for."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.asked = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _cypher(run, target: Target, query: str, *args: str):
    settings = target.settings
    return run("cypher", query, "--engine", "neo4j", "--uri", settings.uri, "--user", settings.user, *args)


LOAD = r"refused: LOAD CSV \(operator LoadCSV\) reads the server's files or URLs"
#: a subquery inside an expression is no operator of its own: the plan prints it in the details
NESTED_LOAD = r"refused: LOAD CSV \(operator Projection\) reads the server's files or URLs"
#: how the server itself refuses what it does not have (on the careful one, what its allow-list leaves out)
NOT_THERE = r"ProcedureNotFound|Unknown function"
ATTACKS = [
    (f'LOAD /* x */ CSV FROM "{PASSWD}" AS l RETURN l', LOAD),
    (f"LOAD CSV FROM '{PASSWD}' AS `it's` RETURN `it's`", LOAD),
    (f"RETURN ['x'] AS l // it's\nUNION LOAD CSV FROM '{PASSWD}' AS l RETURN l", LOAD),
    (f'load csv from "{PASSWD}" as l return l', LOAD),
    (f'LOAD\nCSV FROM "{PASSWD}" AS l RETURN l', LOAD),
    (f'CALL {{ LOAD CSV FROM "{PASSWD}" AS l RETURN l }} RETURN l', LOAD),
    (f"RETURN COLLECT {{ LOAD CSV FROM '{PASSWD}' AS l RETURN l }} AS x", LOAD),
    (f"RETURN [x IN [1] | COLLECT {{ load /* x */ csv FROM '{PASSWD}' AS l RETURN l }}] AS x", NESTED_LOAD),
    (
        "RETURN [x IN [1] | COLLECT { CALL gds.graph.export('planted', {dbName: 'planted'}) YIELD dbName "
        "RETURN dbName }] AS x",
        r"procedure gds\.graph\.export is not on the read-only",
    ),
    (
        f"RETURN [x IN [1] | COLLECT {{ UNWIND [1] AS y RETURN apoc.cypher.runFirstColumnSingle('LOAD CSV FROM "
        f'"{PASSWD}" AS l RETURN l\', {{}}) AS z }}] AS x',
        r"function apoc\.cypher\.runFirstColumnSingle is not on the allow-list",
    ),
    (f"CALL apoc.load.json('{PASSWD}') YIELD value RETURN value", r"procedure apoc\.load\.json is not on"),
    (f"CALL apoc.export.csv.all('{PASSWD}', {{}})", r"procedure apoc\.export\.csv\.all is not on"),
    (
        f"RETURN apoc.cypher.runFirstColumnSingle('LOAD CSV FROM \"{PASSWD}\" AS l RETURN l', {{}}) AS x",
        r"function apoc\.cypher\.runFirstColumnSingle is not on the allow-list",
    ),
    ("CALL gds.graph.project('planted', '*', '*')", r"procedure gds\.graph\.project is not on the read-only"),
    ("CALL gds.graph.export('planted', {dbName: 'planted'})", r"procedure gds\.graph\.export is not on the read-only"),
    # GDS's projection by Cypher aggregation is a function, and creates a graph on the server all the same
    ("MATCH (s)-->(t) RETURN gds.graph.project('planted', s, t)", r"function gds\.graph\.project is not on"),
    ("CALL db.clearQueryCaches()", "refused: this is a schema or administration query"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "refused: TerminateTransactions is a command"),
    ("SHOW TRANSACTIONS", "refused: ShowTransactions is a command"),
    ("SHOW SETTINGS YIELD name, value", "refused: ShowSettings is a command"),
    ("CREATE (n:Planted)", "refused: this is a write query"),
    ("CREATE USER planted SET PASSWORD 'planted-password'", "refused: this is a schema or administration query"),
    # Enterprise only: Community has no such procedure, and the allow-list refuses it (below)
    ("CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')", NOT_THERE),
]


def test_the_servers_as_they_come_read_their_files_for_anyone_who_asks(target, web):
    """What the refusals below guard against is real on the servers as they come (and closed
    on the careful one), so that a refusal is assetgraph's and not the server's."""
    if target.server is None:
        pytest.skip("the server named by NEO4J_URI is configured as its operator chose")
    url = f"http://127.0.0.1:{web.server_address[1]}/fetched.csv"
    runner = f"RETURN apoc.cypher.runFirstColumnSingle('LOAD CSV FROM \"{PASSWD}\" AS l RETURN l', {{}}) AS x"
    with connect(target.settings) as db:
        if target.name == "as it comes":
            assert "root:" in str(db.read(f'LOAD CSV FROM "{PASSWD}" AS l RETURN l'))
            assert db.read(f'LOAD CSV FROM "{url}" AS l RETURN l') and web.asked == ["/fetched.csv"]
        elif target.name == "with APOC":
            assert "root:" in str(db.read(runner))
        else:
            with pytest.raises(ClientError, match="allow_csv_import_from_file_urls. is false"):
                db.read(f'LOAD CSV FROM "{PASSWD}" AS l RETURN l')
            with pytest.raises(ClientError, match=NOT_THERE):
                db.read(runner)


@pytest.mark.parametrize("query, refusal", ATTACKS, ids=[re.sub(r"\W+", " ", q)[:60].strip() for q, _ in ATTACKS])
def test_every_way_found_to_read_files_or_write_is_refused_in_one_line(target, run, query, refusal):
    if "apoc." in query and not target.apoc_runs:
        refusal = NOT_THERE
    result = _cypher(run, target, query)
    assert result.exit_code == 1, result.output
    assert "root:" not in result.output and "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0
    assert re.search(refusal, result.stderr), result.stderr
    with connect(target.settings) as db:
        assert db.read("MATCH (n:Planted) RETURN count(n) AS n")[0]["n"] == 0


def test_urls_written_the_same_ways_are_never_fetched(target, run, web):
    url = f"http://127.0.0.1:{web.server_address[1]}/never.csv"
    for query in (
        f'LOAD /* x */ CSV FROM "{url}" AS l RETURN l',
        f"LOAD CSV FROM '{url}' AS `it's` RETURN `it's`",
        f"RETURN ['x'] AS l // it's\nUNION LOAD CSV FROM '{url}' AS l RETURN l",
        f"CALL apoc.load.json('{url}') YIELD value RETURN value",
        f"RETURN apoc.cypher.runFirstColumnSingle('LOAD CSV FROM \"{url}\" AS l RETURN l', {{}}) AS x",
    ):
        assert _cypher(run, target, query).exit_code == 1, query
    assert web.asked == []


def _files(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


def test_graph_data_science_neither_projects_nor_exports_to_disk(target, run):
    """`gds.graph.project` then `gds.graph.export` wrote an 872 KB database to the server's
    disk: both are refused; the server's files are the same before and after."""
    if target.server is None:
        pytest.skip("the server named by NEO4J_URI: its folder is not ours to list")
    tag = uuid.uuid4().hex[:8]
    label, projection = f"Exported{tag}", f"exported-{tag}"
    with connect(target.settings) as db:
        db.write(f"UNWIND range(1, 50) AS i CREATE (:{label} {{i: i}})")
        db.read(f"CALL gds.graph.project($name, '{label}', '*')", name=projection)
        try:
            before = _files(target.server.home)
            export = _cypher(run, target, f"CALL gds.graph.export('{projection}', {{dbName: 'db{tag}'}})")
            project = _cypher(run, target, f"CALL gds.graph.project('again-{tag}', '{label}', '*')")
            time.sleep(1)
            after = _files(target.server.home)
            projected = [r["graphName"] for r in db.read("CALL gds.graph.list() YIELD graphName RETURN graphName")]
        finally:
            db.read("CALL gds.graph.drop($name) YIELD graphName RETURN graphName", name=projection)
            db.write(f"MATCH (n:{label}) DETACH DELETE n")
    assert export.exit_code == 1 and "procedure gds.graph.export is not on the read-only allow-list" in export.stderr
    assert project.exit_code == 1 and "procedure gds.graph.project is not on" in project.stderr
    assert f"again-{tag}" not in projected and projection in projected
    assert after == before and not any(f"db{tag}" in path for path in after)


def test_ordinary_reads_still_run(target, run, graph_name):
    seed = load(SEED)
    tag = uuid.uuid4().hex[:8]
    with connect(target.settings) as db:
        push_graph(db, seed, graph_name)
        db.read(f"CALL gds.graph.project('reads-{tag}', 'Place', 'WITHIN')")
    try:
        runs = _cypher(
            run,
            target,
            "MATCH (o:Organisation {graph: $g})-[:RUNS]->(s:Service) RETURN o.name, s.name",
            "--param",
            f"g={graph_name}",
            "--format",
            "csv",
        )
        labels = _cypher(
            run, target, "CALL db.labels() YIELD label RETURN label, COUNT { MATCH (n) } > 0 AS any", "--format", "csv"
        )
        wcc = _cypher(
            run, target, f"CALL gds.wcc.stream('reads-{tag}') YIELD componentId RETURN count(*) AS n", "--format", "csv"
        )
        apoc = "6.0" if target.name == "as it comes" else "apoc.coll.sum([1, 2, 3])"  # the careful allow apoc.coll
        values = _cypher(
            run,
            target,
            f"RETURN {apoc} AS s, point.distance(point({{x: 0, y: 0}}), "
            "point({x: 3, y: 4})) AS d, date('2024-05-01').year AS y",
            "--format",
            "csv",
        )
    finally:
        with connect(target.settings) as db:
            db.read(f"CALL gds.graph.drop('reads-{tag}') YIELD graphName RETURN graphName")
    here = embedded_cypher(seed, "MATCH (o:Organisation)-[:RUNS]->(s:Service) RETURN o.name, s.name").rows
    assert runs.exit_code == 0 and here
    assert sorted(runs.stdout.strip().splitlines()[1:]) == sorted(f"{o},{s}" for o, s in here)
    assert labels.exit_code == 0 and "Organisation,True" in labels.stdout.splitlines()
    assert wcc.exit_code == 0, wcc.output
    assert int(wcc.stdout.splitlines()[1]) >= sum(1 for _ in seed.nodes("place"))
    assert values.exit_code == 0 and values.stdout.splitlines()[1] == "6.0,5.0,2024"


def test_a_query_past_its_time_limit_is_stopped_by_the_server(target, run):
    started = time.monotonic()
    slow = _cypher(
        run, target, "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)", "--timeout", "1"
    )
    assert slow.exit_code == 1 and slow.stderr.strip() == (
        "Error: the query ran past its time limit of 1 s and was stopped; raise it with --timeout SECONDS"
    )
    assert time.monotonic() - started < 25


@pytest.mark.parametrize(
    "name",
    [
        "db.labels",
        "db.relationshipTypes",
        "db.schema.visualization",
        "dbms.components",
        "gds.version",
        "gds.graph.list",
        "gds.pageRank.stream",
        "gds.shortestPath.dijkstra.stream",
        "gds.pageRank.stream.estimate",
        "gds.wcc.stats",
        "gds.graph.nodeProperty.stream",
    ],
)
def test_the_procedures_allowed(name):
    assert ALLOWED_PROCEDURES.fullmatch(name)


@pytest.mark.parametrize(
    "name",
    [
        "gds.graph.project",
        "gds.graph.project.cypher",
        "gds.graph.project.estimate",
        "gds.graph.export",
        "gds.graph.export.csv",
        "gds.graph.drop",
        "gds.graph.nodeProperties.drop",
        "gds.pageRank.write",
        "gds.pageRank.mutate",
        "gds.pageRank.write.estimate",
        "gds.debug.sysInfo",
        "db.clearQueryCaches",
        "db.createLabel",
        "dbms.setConfigValue",
        "dbms.listConfig",
        "apoc.load.json",
        "apoc.import.csv",
        "apoc.export.csv.all",
        "apoc.cypher.run",
        "apoc.periodic.iterate",
    ],
)
def test_the_procedures_refused(name):
    assert not ALLOWED_PROCEDURES.fullmatch(name)


def test_the_functions_allowed_and_refused():
    for name in ("point.distance", "date.truncate", "gds.util.asNode", "apoc.coll.sum", "APOC.text.join"):
        assert ALLOWED_FUNCTIONS.fullmatch(name), name
    for name in ("apoc.cypher.runFirstColumnSingle", "apoc.cypher.runFirstColumnMany", "apoc.static.get", "x.y"):
        assert not ALLOWED_FUNCTIONS.fullmatch(name), name
