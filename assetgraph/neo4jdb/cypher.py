"""Running a Cypher query against Neo4j, or against an embedded graph with grand-cypher.

Both engines see the same labels, relationship types and properties (:mod:`.properties`), so a
query in the shared subset gives the same rows on both. The embedded engine (grand-cypher)
supports: ``MATCH`` of one pattern, with labels, ``{property: value}`` maps, relationship types
(``[r:SERVES|WITHIN]``) and variable lengths (``*1..3``); ``WHERE`` with comparisons, ``AND``,
``OR``, ``NOT``, ``IN``, ``STARTS WITH``, ``CONTAINS`` and ``IS NULL``; ``RETURN`` of variables,
properties and ``type(r)``, with ``AS``, ``DISTINCT``, the aggregates ``COUNT``, ``SUM``, ``AVG``,
``MIN``, ``MAX`` (written in capitals), ``ORDER BY``, ``SKIP`` and ``LIMIT``. Strings are in
double quotes. It does not support ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``, comma-separated
patterns, functions such as ``labels()``, or any write (``CREATE``, ``MERGE``, ``SET``,
``DELETE``); such a query is refused with a clear error. Queries against Neo4j run in a read
transaction, so they cannot change the graph either.

Where the embedded engine would answer differently from Neo4j, or without bound, it refuses:
undirected relationships (``(a)--(b)``), a negative ``SKIP`` or ``LIMIT``, more than one
``MATCH`` (a cartesian product), variable lengths above :data:`MAX_HOPS` or without an upper
bound, more than :data:`MAX_TERMS` ``AND``/``OR`` operators, queries longer than
:data:`MAX_QUERY`. Aggregates may be written in any case (``count(o)``).

On Neo4j, a read transaction still reads the server's files and fetches URLs (``LOAD CSV``),
and runs procedures that write to the server's disk or memory (``gds.graph.export``,
``gds.graph.project``). So before a query runs, the server plans it (``EXPLAIN``, in the same read
transaction) and :func:`refuse_unsafe_plan` walks the plan: only a read query (query type ``r``)
runs, with no ``LoadCSV`` operator, no ``SHOW``/``TERMINATE`` or administration command, no
procedure but those of :data:`ALLOWED_PROCEDURES` and no namespaced function but those of
:data:`ALLOWED_FUNCTIONS` (APOC's ``apoc.cypher.*`` functions run Cypher the plan does not show).
Checking the query's text instead is bypassed by comments and quoted names. The server also ends
the transaction at a time limit. The embedded engine reads no files and runs no procedures; its
queries run in a child process under a time and a memory limit (:mod:`.limits`).

>>> from assetgraph.loaders import load, SEED
>>> result = embedded_cypher(load(SEED), 'MATCH (o:Organisation) WHERE o.name = "CHEX" RETURN o.scale')
>>> result.columns, result.rows
(['o.scale'], [['national']])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import networkx as nx
from grandcypher import GrandCypher
from lark.exceptions import UnexpectedInput
from neo4j import ResultSummary
from pydantic import BaseModel

from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..render import Table
from . import QUERY_SECONDS
from .connection import Database
from .limits import Limits, run_limited
from .properties import LABELS, edge_properties, node_properties, relationship_type

__all__ = [
    "CypherResult",
    "embedded_cypher",
    "neo4j_cypher",
    "cypher_view",
    "refuse_unsafe_plan",
    "ALLOWED_PROCEDURES",
    "ALLOWED_FUNCTIONS",
    "Limits",
    "MAX_QUERY",
    "MAX_TERMS",
    "MAX_HOPS",
]

_LABELS_KEY = "__labels__"


class CypherResult(BaseModel):
    """The rows of a query, one list per row in the order of ``columns``."""

    engine: str
    columns: list[str]
    rows: list[list[Any]]

    def tables(self) -> list[Table]:
        return [Table("Result", self.columns, self.rows, heading=f"{len(self.rows)} row(s) from {self.engine}")]


def _plain(value: Any) -> Any:
    """A result value as JSON-ready data: nodes and relationships as their properties."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if k != _LABELS_KEY}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def cypher_view(graph: AssetGraph) -> nx.MultiDiGraph:
    """The graph as grand-cypher reads it: Neo4j's labels, types and properties (cached)."""

    def build() -> nx.MultiDiGraph:
        view = nx.MultiDiGraph()
        for node in graph.nodes():
            view.add_node(node.id, **node_properties(node), graph=graph.name, **{_LABELS_KEY: {LABELS[node.kind]}})
        for e in graph.edges():
            props = edge_properties(e) | {"graph": graph.name, _LABELS_KEY: {relationship_type(e.relation)}}
            view.add_edges_from([(e.source, e.target, e.identity[3], props)])
        return view

    return graph.cached("cypher-view", build)


#: limits of the embedded engine (its parser's time grows fast with the number of terms)
MAX_QUERY = 4000
MAX_TERMS = 40
MAX_HOPS = 6

_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_AGGREGATE = re.compile(r"\b(count|sum|avg|min|max)(\s*\()", re.IGNORECASE)
_RELATIONSHIP = re.compile(r"\)\s*(<?)\s*-\s*(\[[^\]]*\])?\s*-\s*(>?)\s*\(")
_HOPS = re.compile(r"\*\s*(\d*)\s*(\.\.\s*(\d*))?")
#: names the parser gives its tokens -> how a person writes them
_TOKENS = {
    "COMMA": "','",
    "DOT": "'.'",
    "LPAR": "'('",
    "RPAR": "')'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "VBAR": "'|'",
    "COLON": "':'",
    "LEFT_ANGLE": "'<'",
    "RIGHT_ANGLE": "'>'",
    "STAR": "'*'",
    "EQUAL": "'='",
    "MINUS": "'-'",
    "ESCAPED_STRING": "a string",
    "CNAME": "a name",
    "SIGNED_NUMBER": "a number",
}


def _code(query: str) -> str:
    """The query with its string literals blanked, so that checks read only its code."""
    return _STRING.sub(lambda m: '"' + " " * (len(m.group(0)) - 2) + '"', query)


def _checked(query: str) -> str:
    """The query the embedded engine can answer as Neo4j would, within bounds; aggregates
    in capitals. Raises QueryError naming what is refused."""
    if len(query) > MAX_QUERY:
        raise QueryError(
            f"the query is {len(query):,} characters long; the embedded engine takes at most {MAX_QUERY:,}"
        )
    code = _code(query)
    if len(re.findall(r"\bMATCH\b", code, re.IGNORECASE)) > 1:
        raise QueryError(
            "the embedded engine runs one MATCH pattern; several are a cartesian product it does not bound"
        )
    terms = len(re.findall(r"\b(?:AND|OR|XOR)\b", code, re.IGNORECASE))
    if terms > MAX_TERMS:
        raise QueryError(
            f"the query has {terms} AND/OR operators; the embedded engine takes at most {MAX_TERMS} (use IN [...] for "
            f"a list)"
        )
    for found in _RELATIONSHIP.finditer(code):
        if not found.group(1) and not found.group(3):
            raise QueryError(
                f"undirected relationship at column {found.start() + 2}: the embedded engine counts it "
                "differently from Neo4j; give a direction (-> or <-)"
            )
        for hops in _HOPS.finditer(found.group(2) or ""):
            ranged, upper = hops.group(2), hops.group(3) if hops.group(2) else hops.group(1)
            if not upper or int(upper) > MAX_HOPS or (not ranged and not hops.group(1)):
                raise QueryError(
                    f"variable-length relationship at column {found.start() + 2} needs an upper bound of at most "
                    f"{MAX_HOPS} (e.g. *1..3) on the embedded engine"
                )
    if limit := re.search(r"\b(SKIP|LIMIT)\s*-", code, re.IGNORECASE):
        raise QueryError(f"{limit.group(1).upper()} must not be negative")
    parts, at = [], 0
    for literal in _STRING.finditer(query):
        parts += [
            _AGGREGATE.sub(lambda m: m.group(1).upper() + m.group(2), query[at : literal.start()]),
            literal.group(0),
        ]
        at = literal.end()
    return "".join(parts) + _AGGREGATE.sub(lambda m: m.group(1).upper() + m.group(2), query[at:])


def _parse_error(exc: Exception, query: str) -> QueryError:
    """A parser's error as one line: where it stopped, what it found and what it expected."""
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ()
    names = sorted({_TOKENS.get(t, t) for t in expected if not t.startswith("__")})
    if line is None or column is None or line < 1:
        return QueryError(f"the embedded engine cannot run this query: {' '.join(str(exc).split())[:200]}")
    text = query.splitlines()[line - 1] if query.splitlines() else ""
    near = text[max(column - 1, 0) :][:20]
    wanted = f"; expected {', '.join(names)}" if names else ""
    return QueryError(f"cannot read the query at line {line}, column {column} (at {near!r}){wanted}")


def embedded_cypher(graph: AssetGraph, query: str, limits: Limits | None = None) -> CypherResult:
    """Run ``query`` (in the subset above) on the embedded graph, within ``limits`` (30 s and
    2 GB more memory unless told).

    Raises QueryError for a query outside the subset or its bounds, naming where the parser
    stopped and what it expected, or naming the time or memory limit it reached.
    """
    view = cypher_view(graph)
    runnable = _checked(query)

    def run() -> dict[Any, list[Any]]:
        try:
            return GrandCypher(view).run(runnable)
        except UnexpectedInput as exc:
            raise _parse_error(exc, runnable) from None
        except MemoryError:
            raise
        except Exception as exc:  # grand-cypher raises key and type errors alike
            raise QueryError(
                f"the embedded engine cannot run this query: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
            ) from None

    found = run_limited(run, limits or Limits())
    returned = runnable.upper().rfind("RETURN")
    columns = sorted((str(k) for k in found), key=lambda c: runnable.find(c, returned))
    by_name = {str(k): v for k, v in found.items()}
    count = max((len(v) for v in by_name.values()), default=0)
    rows = [[_plain(by_name[c][i]) for c in columns] for i in range(count)]
    return CypherResult(engine="embedded", columns=columns, rows=rows)


#: procedures a query may call: reading the schema, the server's version, and GDS algorithms
#: that stream, summarise or estimate over a graph already projected (never ``.write``,
#: ``.mutate``, ``gds.graph.project``, ``gds.graph.export`` or ``gds.graph.drop``)
ALLOWED_PROCEDURES = re.compile(
    r"db\.(?:labels|relationshipTypes|propertyKeys|schema\.(?:visualization|nodeTypeProperties|relTypeProperties))"
    r"|dbms\.components|gds\.(?:version|list|graph\.list)"
    r"|gds\.(?![\w.]*\.(?:write|mutate|export|project|drop)\b)[\w.]+\.(?:stream|stats|estimate)"
)
#: namespaces of the dotted functions a query may call: Cypher's own, GDS's helpers, and APOC's
#: functions on values (not ``apoc.cypher.*``, which runs Cypher the plan does not show)
ALLOWED_FUNCTIONS = re.compile(
    r"(?:point|date|datetime|localdatetime|localtime|time|duration|vector|db|gds\.util|gds\.similarity"
    r"|apoc\.(?:coll|map|text|convert|math|number|date|temporal|agg|label|node|nodes|rel|any|meta|hashing))\.[\w.]+",
    re.IGNORECASE,
)
_CALLED = re.compile(r"((?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*)\s*\(")
#: a subquery left inside an expression (``[x IN l | COLLECT { ... }]``) is no operator of the
#: tree: the plan prints it, comments gone and keywords in capitals, in its operator's details
_NESTED_LOAD = re.compile(r"\bLOAD CSV\b")
_NESTED_CALL = re.compile(r"ResolvedCall\(([\w.]+)\(")
_QUERY_TYPES = {"w": "a write", "rw": "a read-write", "s": "a schema or administration"}


def _operators(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every operator of a plan tree as (its type without the ``@database`` suffix, its details)."""
    stack = [plan]
    while stack:
        step = stack.pop()
        yield str(step.get("operatorType", "")).split("@")[0], str(step.get("args", {}).get("Details", ""))
        stack.extend(step.get("children", []))


def _procedures(operator: str, details: str) -> list[str]:
    """The procedures an operator calls: its own, and those of subqueries in its expressions."""
    own = [details.split("(")[0].strip()] if "ProcedureCall" in operator else []
    return own + _NESTED_CALL.findall(details)


def refuse_unsafe_plan(summary: ResultSummary) -> None:
    """Raise QueryError, naming the operator, procedure or function, unless the ``EXPLAIN``
    summary is of a read query that reads no file or URL and calls nothing that could."""
    if summary.query_type != "r":
        kind = _QUERY_TYPES.get(str(summary.query_type), f"a {summary.query_type!r}")
        raise QueryError(f"refused: this is {kind} query; queries here are read-only")
    if not summary.plan:
        raise QueryError("refused: the server gave no plan for this query to check")
    for operator, details in _operators(summary.plan):
        if operator.lower() == "loadcsv" or _NESTED_LOAD.search(details):
            raise QueryError(f"refused: LOAD CSV (operator {operator}) reads the server's files or URLs")
        if operator.startswith(("Show", "Terminate")) or operator == "AdministrationCommand":
            raise QueryError(f"refused: {operator} is a command, not a read query")
        procedures = _procedures(operator, details)
        for name in procedures:
            if not ALLOWED_PROCEDURES.fullmatch(name):
                raise QueryError(
                    f"refused: procedure {name} is not on the read-only allow-list (db schema procedures, "
                    "dbms.components, GDS .stream/.stats/.estimate)"
                )
        for called in set(_CALLED.findall(details)) - set(procedures):
            if not ALLOWED_FUNCTIONS.fullmatch(called):
                raise QueryError(
                    f"refused: function {called} is not on the allow-list (Cypher's own, gds.util, gds.similarity, "
                    "APOC's value functions)"
                )


def neo4j_cypher(
    db: Database, query: str, params: dict[str, Any] | None = None, timeout: float = QUERY_SECONDS
) -> CypherResult:
    """Run ``query`` with ``params`` in a read transaction on Neo4j, once the server's plan of
    it passes :func:`refuse_unsafe_plan`, for at most ``timeout`` seconds.

    Raises QueryError naming what was refused or the time limit reached.
    """
    columns, rows = db.read_table(query, params or {}, timeout=timeout, vet=refuse_unsafe_plan)
    return CypherResult(engine="neo4j", columns=columns, rows=[[_plain(v) for v in row] for row in rows])
