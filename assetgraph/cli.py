"""The assetgraph command line: parse options, call the library, format the result.

Exit codes: 0 done, 1 bad data or a runtime problem (a one-line message, no traceback),
2 a usage error.

Only what the options need is imported up front; each command imports the library it calls,
so that ``--help`` and a question on a small graph do not wait for networkx, the Neo4j driver
or the map's code.
"""

from __future__ import annotations

import errno
import functools
import gc
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import (
    AmbiguousName,
    AssetGraphError,
    DatabaseError,
    GraphFormatError,
    InputError,
    MemoryLimit,
    NodeNotFound,
    NoPlaces,
    QueryError,
    SkippedRecord,
    TimeLimit,
)
from .fileio import atomic_write_files, atomic_write_text, check_writable
from .graphmodel.vocabulary import NodeKind, PlaceLevel, Relation
from .loaders.formats import FORMATS, SEED
from .neo4jdb import (
    DEFAULT_BATCH,
    DEFAULT_WRITERS,
    QUERY_MEGABYTES,
    QUERY_MEGABYTES_MAX,
    QUERY_SECONDS,
    QUERY_SECONDS_MAX,
)
from .progress import progress_bar
from .queries.costs import COLD_APPROACH, COLD_APPROACH_MAX, DEFAULT_COSTS, Costs, parse_cost
from .queries.options import DEFAULT_SAMPLES, EXACT_LIMIT, GAP_KINDS, GROUPINGS, parse_focus
from .render import RENDERERS, render
from .sources import open_graph

if TYPE_CHECKING:
    import datetime as dt

    from .graphmodel.graph import AssetGraph
    from .neo4jdb import Neo4jSettings
    from .neo4jdb.engine import Question

#: what the command line adds to a library error: the options that mend it
_HINTS: dict[type[AssetGraphError], str] = {
    SkippedRecord: "; without --strict such records are skipped and listed",
    TimeLimit: "; raise it with --timeout SECONDS",
    MemoryLimit: "; raise it with --max-memory MB",
    NoPlaces: "; build the graph with --places scotland,wales,england (the bundled UK places) or with a directory's "
    "service areas",
}


#: the ``kind`` of an error in JSON, most specific class first
_KINDS: list[tuple[type[BaseException], str]] = [
    (SkippedRecord, "skipped_record"),
    (InputError, "input"),
    (GraphFormatError, "graph_format"),
    (NodeNotFound, "node_not_found"),
    (AmbiguousName, "ambiguous_name"),
    (NoPlaces, "no_places"),
    (QueryError, "query"),
    (DatabaseError, "database"),
    (AssetGraphError, "error"),
    (OSError, "file"),
    (click.UsageError, "usage"),
]


def error_json(exc: BaseException, message: str) -> dict[str, Any]:
    """The one JSON shape of an error (see the README): ``error`` the message, ``kind`` what
    went wrong, ``location`` where (file, where in it, field) if known, and for a name that
    was not found or fits several, the ``suggestions`` or ``candidates``."""
    kind = next((name for cls, name in _KINDS if isinstance(exc, cls)), "error")
    location = getattr(exc, "location", None)
    shape: dict[str, Any] = {
        "error": message,
        "kind": kind,
        "location": {"file": location.file, "where": location.where, "field": location.field} if location else None,
    }
    if isinstance(exc, OSError) and exc.filename:
        shape["location"] = {"file": str(exc.filename), "where": None, "field": None}
    if isinstance(exc, NodeNotFound):
        shape["suggestions"] = exc.suggestions
    if isinstance(exc, AmbiguousName):
        shape["candidates"] = exc.candidates
    return shape


def _wants_json(args: list[str]) -> bool:
    return any(
        a == "--format=json" or (a == "--format" and i + 1 < len(args) and args[i + 1] == "json")
        for i, a in enumerate(args)
    )


class _Group(click.Group):
    """Turns library errors into one-line messages with exit code 1, or, where the command was
    asked for ``--format json``, into one JSON object on stderr (usage errors too, exit 2)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["assetgraph.args"] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        as_json = _wants_json(ctx.meta.get("assetgraph.args", []))
        try:
            return super().invoke(ctx)
        except AssetGraphError as exc:
            failure: click.ClickException = click.ClickException(str(exc) + _HINTS.get(type(exc), ""))
            cause: BaseException = exc
        except OSError as exc:
            failure, cause = click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}"), exc
        except click.ClickException as exc:
            failure, cause = exc, exc
        if as_json:
            click.echo(json.dumps(error_json(cause, failure.format_message())), err=True)
            ctx.exit(failure.exit_code)
        raise failure from None


def _missing_source(value: str) -> str | None:
    if not value.strip():
        return f"an empty path names no file or folder (give a graph file, a source, or {SEED})"
    if value != SEED and not Path(value).exists():
        return f"{value!r} does not exist (give a graph file, a source, or {SEED})"
    return None


class GraphSource(click.ParamType):
    """A saved graph, any loadable source, or ``@seed`` for the bundled seed map."""

    name = "GRAPH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if problem := _missing_source(str(value)):
            self.fail(problem, param, ctx)
        return str(value)


GRAPH = GraphSource()


class OutputPath(click.ParamType):
    """A file (or, with ``folder_ok``, a folder) to write. An empty path is a usage error
    (exit 2); one that cannot be written (a missing folder, a folder where a file should go,
    no permission) is a runtime error (exit 1) raised before any work, as writing it would be."""

    name = "PATH"

    def __init__(self, folder_ok: bool = False) -> None:
        self.folder_ok = folder_ok

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if not str(value).strip():
            self.fail("an empty path names no file to write", param, ctx)
        check_writable(str(value), self.folder_ok)
        return str(value)


OUTPUT = OutputPath()


class OutputFolder(click.ParamType):
    """A folder to write files into, made if missing. An empty path is a usage error (exit 2);
    a file where the folder should be is a runtime error (exit 1), as with :class:`OutputPath`."""

    name = "FOLDER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if not str(value).strip():
            self.fail("an empty path names no folder to write into", param, ctx)
        if Path(value).exists() and not Path(value).is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "is a file; give a folder to write into", str(value))
        return str(value)


class Named(click.ParamType):
    """A name, place, theme or list of kinds that picks part of a graph. An empty or blank one
    is a usage error (exit 2): left to the command it would pick nothing out, and the whole
    graph would be used (exported, mapped, shared) where a part was asked for."""

    def __init__(self, metavar: str) -> None:
        self.name = metavar

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if not str(value).strip():
            self.fail("an empty value picks nothing; give one or leave the option out", param, ctx)
        return str(value)


NAME, PLACE, THEME, NODE, KINDS = (Named(m) for m in ("NAME", "PLACE", "THEME", "NODE", "KIND,..."))


def _given(names: Iterable[str]) -> list[str]:
    """The options among ``names`` (parameter names) that the command line gave, by their flag."""
    ctx = click.get_current_context()
    flags = {p.name: p.opts[0] for p in ctx.command.params}
    return [flags[n] for n in names if ctx.get_parameter_source(n) is not click.core.ParameterSource.DEFAULT]


def _refuse_overwrite(inputs: dict[str, str], *outputs: tuple[str | None, str]) -> None:
    """A usage error where an output would replace an input, or another output: ``inputs``
    maps each path to the argument or option that gave it; ``outputs`` are (path, option)."""
    seen: dict[Path, str] = {}
    for path, option in inputs.items():
        if path != SEED:
            seen[Path(path).resolve()] = f"the input {option} {path!r}"
    for path, option in outputs:
        if path is None:
            continue
        key = Path(path).resolve()
        if key in seen:
            raise click.UsageError(f"{option} {path!r} is also {seen[key]}: writing it would replace it")
        seen[key] = f"the output {option} {path!r}"


class Parsed(click.ParamType):
    """An option value read by a library parser, whose error is a usage error (exit 2). The
    parser is a function, or ``"module:function"`` of this package, imported when used."""

    def __init__(self, metavar: str, parse: Callable[[str], Any] | str) -> None:
        self.name = metavar
        self.parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        parse = self.parse
        if isinstance(parse, str):
            module, _, name = parse.partition(":")
            parse = getattr(import_module(f"{__package__}.{module}"), name)
        try:
            return parse(value)
        except AssetGraphError as exc:
            self.fail(str(exc), param, ctx)


def _a_number(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """``value`` unless it is NaN, which every range check lets through."""
    if value != value:
        raise click.BadParameter("nan is not a number")
    return value


def output_format(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The shared ``--format`` option, limited to ``choices`` of the renderer registry."""
    names = choices or tuple(RENDERERS)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(names),
        default="table",
        show_default=True,
        help="How to print the result: " + ", ".join(names) + ".",
    )


#: ``--redact-people``: withhold people altogether (see assetgraph.graphmodel.redaction)
redact_people_option = click.option(
    "--redact-people",
    is_flag=True,
    help="Withhold people: opaque ids, no names, aliases, contact details or links naming them, "
    "names removed from all text.",
)


def redact_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--redact-personal`` (contact details) and ``--redact-people`` (people altogether)."""
    return click.option("--redact-personal", is_flag=True, help="Leave out personal data (people's contact details).")(
        redact_people_option(func)
    )


def public_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--redact-people`` and ``--public`` (to share with anyone, which implies it): the command
    gets ``redact_people``, on with either."""

    @functools.wraps(func)
    def command(*args: Any, public: bool, redact_people: bool, **kwargs: Any) -> Any:
        return func(*args, redact_people=redact_people or public, **kwargs)

    public = click.option("--public", is_flag=True, help="To share with anyone: implies --redact-people.")
    return redact_people_option(public(command))


def neo4j_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Where the Neo4j server is; the password comes from NEO4J_PASSWORD only, never the
    command line (which other users of the machine can see)."""
    options = [
        click.option(
            "--uri",
            envvar="NEO4J_URI",
            default="bolt://localhost:7687",
            show_default=True,
            help="Neo4j server (env NEO4J_URI).",
        ),
        click.option(
            "--user",
            envvar="NEO4J_USER",
            default="neo4j",
            show_default=True,
            help="Neo4j user; the password is read from NEO4J_PASSWORD.",
        ),
        click.option(
            "--database",
            envvar="NEO4J_DATABASE",
            help="Database on the server (default: the server's default; env NEO4J_DATABASE).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


#: ``--no-derived-ties``: the ties records state, without those the data implies
no_derived_ties = click.option(
    "--no-derived-ties",
    "derived_ties",
    flag_value=False,
    default=True,
    help="Count only the ties records state, not those the data implies (same venue, same programme, co-funding).",
)


def engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--engine``: answer from a graph file (embedded) or from a graph held in Neo4j."""
    func = neo4j_options(func)
    return click.option(
        "--engine",
        type=click.Choice(["embedded", "neo4j"]),
        default="embedded",
        show_default=True,
        help="embedded: GRAPH is a file or @seed; neo4j: GRAPH is the name of a graph pushed to the server.",
    )(func)


def selection_options(verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The part of a graph a map or export holds (``--around`` and ``--depth``, or ``--place``)
    and whether people are withheld (:func:`public_options`)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option("--around", type=NAME, help=f"{verb} only this node and what lies near it."),
            click.option(
                "--depth",
                type=click.IntRange(1),
                default=2,
                show_default=True,
                help="Relations to follow from --around.",
            ),
            click.option(
                "--place",
                type=PLACE,
                help=f"{verb} only this place, what is within it and the assets placed there.",
            ),
        ]
        func = public_options(func)
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _settings(uri: str, user: str, database: str | None) -> Neo4jSettings:
    from .neo4jdb import Neo4jSettings

    return Neo4jSettings.from_env(uri=uri, user=user, database=database)


def _question_graph(
    graph: str, question: Question | None, engine: str, uri: str, user: str, database: str | None
) -> AssetGraph:
    """The graph a command runs on: loaded from a file, or from a Neo4j graph the part a
    question reads (None: the whole graph)."""
    if engine == "neo4j":
        return open_graph(graph, engine="neo4j", neo4j=_settings(uri, user, database), question=question)
    if problem := _missing_source(graph):
        raise click.BadParameter(problem, param_hint="GRAPH")
    return open_graph(graph)


def _emit(result: Any, fmt: str) -> None:
    click.echo(render(result, fmt), nl=False)
    if fmt == "json":
        click.echo()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assetgraph")
def cli() -> None:
    """Map the assets of community-led health as a knowledge graph.

    A GRAPH argument is a saved graph (.json), any source assetgraph can read (a YAML or JSON
    file of our format, a folder of CSV tables, an XLSX workbook), or @seed for the bundled
    seed map.
    """


@cli.command()
@click.argument("sources", nargs=-1, type=GRAPH)
@click.option("-o", "--output", required=True, type=OUTPUT, help="Graph file to write.")
@click.option("--name", help="Name of the graph (default: the first source's).")
@click.option(
    "--source-format",
    "source_format",
    type=click.Choice(sorted(FORMATS)),
    help="Read every source as this format instead of telling from the file.",
)
@click.option(
    "--places",
    type=Parsed("NATIONS", "geography.places:parse_nations"),
    help="Add the bundled UK places with deprivation of these nations: scotland,wales,england.",
)
@click.option(
    "--report",
    "report_path",
    type=OUTPUT,
    help="Write merges, near-misses, disagreements and skipped records to this CSV for review.",
)
@click.option("--strict", is_flag=True, help="Fail on the first record a loader would skip.")
@click.option(
    "--serves",
    "serves",
    multiple=True,
    metavar="SOURCE=PLACE",
    help="The area a source's services serve where they name none (a directory's council): a place, code or postcode. "
    "SOURCE is the path given or its file name.",
)
@click.option(
    "--source-name",
    "source_names",
    multiple=True,
    metavar="SOURCE=NAME",
    help="The name a published source goes by where it gives none; its record identities are kept under it.",
)
@click.option(
    "--overrides",
    "overrides_path",
    type=click.Path(exists=True, dir_okay=False),
    help="A YAML file of overrides a coordinator keeps: same, not_same, serves, sector and theme entries.",
)
@click.option(
    "--no-infer",
    "no_infer",
    is_flag=True,
    help="Infer no sector, scale or need theme: keep what the sources and overrides state.",
)
@redact_options
@output_format("table", "json")
def build(
    sources: tuple[str, ...],
    output: str,
    name: str | None,
    source_format: str | None,
    places: list[str] | None,
    report_path: str | None,
    strict: bool,
    serves: tuple[str, ...],
    source_names: tuple[str, ...],
    overrides_path: str | None,
    no_infer: bool,
    redact_personal: bool,
    redact_people: bool,
    fmt: str,
) -> None:
    """Build one graph from SOURCES and save it as a versioned JSON file.

    Reads our YAML/JSON, CSV and XLSX formats, Open Referral (HSDS 3 data packages and JSON,
    ORUK lists) and 360Giving (JSON, CSV, XLSX), telling the format from each file. The same
    body named in several sources becomes one node that keeps every source's provenance:
    matched by identifier (org-id, charity or company number, GSS code), then name or alias,
    then a close name. Nothing is written unless every source loads.
    """
    from .graphmodel.storage import graph_json
    from .loaders import BuildReport, load
    from .loaders.report import BuildSummary, report_csv
    from .loaders.source_specs import UnknownSource, assign

    nations = places or []
    if not sources and not nations:
        raise click.UsageError("give at least one SOURCE, or --places")
    _refuse_overwrite(dict.fromkeys(sources, "SOURCE"), (output, "-o"), (report_path, "--report"))
    try:
        areas = assign(serves, sources, "place")
    except UnknownSource as exc:
        raise click.BadParameter(str(exc), param_hint="--serves") from None
    try:
        names = assign(source_names, sources, "name")
    except UnknownSource as exc:
        raise click.BadParameter(str(exc), param_hint="--source-name") from None
    report = BuildReport()
    with progress_bar() as advance:
        graph = load(
            *sources,
            format=source_format,
            name=name,
            places=nations,
            strict=strict,
            report=report,
            progress=advance,
            serves=areas,
            source_names=names,
            overrides=overrides_path,
            infer=not no_infer,
        )
    files = {output: graph_json(graph, redact_personal=redact_personal, redact_people=redact_people).encode("utf-8")}
    if report_path:
        files[report_path] = report_csv(report).encode("utf-8")
    summary = BuildSummary.of(report, graph, output, report_path, len(report.sources) or len(sources))
    atomic_write_files(files)
    _emit(summary, fmt)


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=OUTPUT, help="Draft YAML to write.")
@click.option(
    "--against",
    "against",
    type=GRAPH,
    help="A graph the draft is for: names it holds are written as it has them, so the draft merges into it.",
)
@click.option("--name", default="Draft from reports", show_default=True, help="Name of the draft.")
@output_format("table", "json")
def extract(reports: tuple[str, ...], output: str, against: str | None, name: str, fmt: str) -> None:
    """Read REPORTS (text, Markdown, HTML, PDF with a text layer, DOCX) and write a draft of
    the organisations, people, initiatives, services, partnerships, places and themes they name
    and the ties they state, each with its quote, for a person to review and then build.
    """
    from .extraction.extract import extract as read_reports
    from .extraction.summary import ExtractSummary, match_against
    from .extraction.writing import draft_yaml

    _refuse_overwrite(dict.fromkeys(reports, "REPORT") | ({against: "--against"} if against else {}), (output, "-o"))
    graph = open_graph(against) if against else None
    with progress_bar() as advance:
        draft = read_reports(reports, against=graph, progress=advance)
    matched = match_against(draft, graph) if graph is not None else 0
    atomic_write_text(output, draft_yaml(draft, name))
    _emit(ExtractSummary.of(draft, output, matched), fmt)


@cli.command("diff")
@click.argument("old", type=GRAPH)
@click.argument("new", type=GRAPH)
@click.option(
    "--resident-of", type=PLACE, help="Compare the routes from this place only (default: every placed place)."
)
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="How many connectors to compare.")
@click.option("-o", "--output", type=OUTPUT, help="Also draw NEW with the changes marked.")
@click.option(
    "--all", "list_all", is_flag=True, help="List every change in the table (JSON and CSV always hold every one)."
)
@public_options
@output_format("table", "json", "csv")
def diff_command(
    old: str,
    new: str,
    resident_of: str | None,
    top: int,
    output: str | None,
    list_all: bool,
    redact_people: bool,
    fmt: str,
) -> None:
    """What changed from OLD to NEW: nodes and ties added, removed and changed (matched by id
    and identifier), and what that did to the connectors, the gaps and the routes to help.

    The table counts the changes by kind and shows the biggest changes to the answers; --all
    lists every change as well."""
    from .graphmodel.redaction import Redactor
    from .queries.diff import diff

    _refuse_overwrite({old: "OLD", new: "NEW"}, (output, "-o"))
    before, after = open_graph(old), open_graph(new)
    redactor = Redactor(before, after) if redact_people else None
    with before.withholding(redactor), after.withholding(redactor), progress_bar() as advance:
        found = diff(before, after, resident_of=resident_of, top=top, progress=advance)
    if output:
        from .viz.changes import write_changes_map

        write_changes_map(before, after, found, output, redactor)
    shown = found if redactor is None else redactor.result(found)
    _emit(shown.model_copy(update={"listed_in_full": list_all}), fmt)
    if fmt == "table" and not list_all and not found.empty:
        click.echo("--all lists every change.")


#: the formats of assetgraph.exports.EXPORTS, named here so that the command line need not load them
EXPORT_FORMATS = ("gexf", "graphml", "kumu-json", "kumu-xlsx", "csv", "neo4j", "hsds")


@cli.command("export")
@click.argument("graph")
@click.option(
    "--to",
    "export_format",
    required=True,
    type=click.Choice(EXPORT_FORMATS),
    help="gexf or graphml (Gephi), kumu-json or kumu-xlsx (Kumu), csv, neo4j (bulk import CSVs) or hsds "
    "(an Open Referral data package); the last three write a folder.",
)
@click.option("-o", "--output", required=True, type=OutputPath(folder_ok=True), help="File (or folder) to write.")
@click.option("--kinds", type=KINDS, help="Export only nodes of these kinds (comma-separated).")
@selection_options("Export")
@engine_options
@output_format("table", "json")
def export_command(
    graph: str,
    export_format: str,
    output: str,
    around: str | None,
    depth: int,
    place: str | None,
    kinds: str | None,
    redact_people: bool,
    engine: str,
    uri: str,
    user: str,
    database: str | None,
    fmt: str,
) -> None:
    """Export GRAPH (or part of it) to the tools people already use: Gephi, Kumu, spreadsheets,
    Neo4j's bulk import, or an Open Referral directory."""
    from .exports import ExportOptions, write_export
    from .graphmodel.vocabulary import NodeKind

    if around and place:
        raise click.UsageError("give --around or --place, not both")
    if engine == "embedded":
        _refuse_overwrite({graph: "GRAPH"}, (output, "-o"))
    chosen = []
    for kind in (kinds or "").split(","):
        if kind.strip():
            try:
                chosen.append(NodeKind(kind.strip().lower()))
            except ValueError:
                raise click.BadParameter(
                    f"unknown kind {kind.strip()!r}; expected: {', '.join(k.value for k in NodeKind)}",
                    param_hint="--kinds",
                ) from None
    if kinds is not None and not chosen:
        raise click.BadParameter(f"{kinds!r} names no kind", param_hint="--kinds")
    options = ExportOptions(around=around, depth=depth, place=place, kinds=tuple(chosen), redact_people=redact_people)
    _emit(write_export(_question_graph(graph, None, engine, uri, user, database), export_format, output, options), fmt)


@cli.command()
@click.argument("graph", type=GRAPH)
@click.argument("place", type=PLACE)
@click.option("-o", "--output", type=OUTPUT, help="File to write (default: print it).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json", "csv"]),
    default="html",
    show_default=True,
    help="A page to print or share (html), Markdown for papers (md), JSON for scripts, or every row of "
    "every list (csv; the page and the Markdown show the first rows of each).",
)
@public_options
def profile(graph: str, place: str, output: str | None, fmt: str, redact_people: bool) -> None:
    """One page for PLACE (a name, code or postcode) and what it encloses: its deprivation, the
    assets located in or serving it, coverage of each theme, connectors within and across its
    boundary, single points of failure, routes from a resident to each theme's help and the
    unplaced assets that may serve it, with the evidence for each line and a small map."""
    from .graphmodel.redaction import Redactor
    from .queries.profile import place_profile
    from .viz.profile_page import place_sketch, profile_csv, profile_html, profile_markdown

    _refuse_overwrite({graph: "GRAPH"}, (output, "-o"))
    g = open_graph(graph)
    redactor = Redactor(g) if redact_people else None
    with g.withholding(redactor):
        found = place_profile(g, place)
    place_id = found.place.id
    if redactor is not None:
        found = redactor.result(found)
    if fmt == "json":
        text = found.model_dump_json(indent=2) + "\n"
    elif fmt == "md":
        text = profile_markdown(found)
    elif fmt == "csv":
        text = profile_csv(found)
    else:
        text = profile_html(found, place_sketch(g, place_id, redactor=redactor))
    if output:
        atomic_write_text(output, text)
        click.echo(f"Wrote {output}: the profile of {found.place.name} ({len(found.assets)} assets).")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("graph")
@engine_options
@output_format("table", "json")
def info(graph: str, engine: str, uri: str, user: str, database: str | None, fmt: str) -> None:
    """Counts of GRAPH by kind, relation and source."""
    from .queries.inspect import summarise, summarise_saved

    saved = summarise_saved(graph) if engine != "neo4j" else None
    _emit(saved or summarise(_question_graph(graph, None, engine, uri, user, database)), fmt)


@cli.command()
@click.argument("graph")
@click.argument("name", type=NAME)
@click.option("--kind", type=click.Choice([k.value for k in NodeKind]), help="Only look among nodes of this kind.")
@engine_options
@output_format("table", "json")
@redact_options
def show(
    graph: str,
    name: str,
    kind: str | None,
    engine: str,
    uri: str,
    user: str,
    database: str | None,
    fmt: str,
    redact_personal: bool,
    redact_people: bool,
) -> None:
    """One node of GRAPH, found by NAME (an id, name, alias or acronym): its attributes,
    its relations both ways, and the evidence for each."""
    from .graphmodel.redaction import Redactor
    from .queries.inspect import describe_node

    g = _question_graph(graph, None, engine, uri, user, database)
    with g.withholding(Redactor(g) if redact_people else None):
        found = g.find(name, kind).id
    _emit(describe_node(g, found, redact_personal=redact_personal, redact_people=redact_people), fmt)


@cli.command()
@click.argument("graph")
@click.option(
    "--between", type=click.Choice(GROUPINGS), default="sector", show_default=True, help="The grouping brokers connect."
)
@click.option(
    "--focus",
    type=Parsed("GROUP,GROUP", parse_focus),
    help="Rank by open triads linking these two groups, e.g. community_led,public.",
)
@click.option(
    "--top",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="The most connectors to list (only those that score).",
)
@click.option(
    "--exact-limit",
    type=click.IntRange(0),
    default=EXACT_LIMIT,
    show_default=True,
    help="Exact betweenness up to this many organisations, sampled above.",
)
@click.option(
    "--samples",
    type=click.IntRange(2),
    default=DEFAULT_SAMPLES,
    show_default=True,
    help="Sampled sources for betweenness above the exact limit.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for sampling and community detection.")
@click.option(
    "--relations",
    type=Parsed("RELATION,...", "queries.collaboration:parse_relations"),
    help="The ties that count, e.g. PARTNERS_WITH,MEMBER_OF (default: every collaboration relation). "
    "FUNDS is never brokerage: it lists the funders apart.",
)
@click.option("--place", type=PLACE, help="Only the organisations located in or serving this place (or a place in it).")
@no_derived_ties
@output_format()
@engine_options
def connectors(
    graph: str,
    between: str,
    focus: tuple[str, str] | None,
    top: int,
    exact_limit: int,
    samples: int,
    seed: int,
    relations: frozenset[Relation] | None,
    place: str | None,
    derived_ties: bool,
    fmt: str,
    engine: str,
    uri: str,
    user: str,
    database: str | None,
) -> None:
    """Who brokers between groups that would otherwise be apart.

    Ranks organisations of GRAPH by betweenness on the collaboration ties (or, with --focus,
    by the open triads they bridge between two groups) and explains each: brokerage roles,
    the groups their partners span, constraint, and what would be cut off without them.
    Only organisations that score are listed; equal scores are ordered by partners across
    groups, then by the sources recording their ties. Funding is not brokerage: bodies that
    connect others only by their grants are listed apart as funders, with what they fund.
    With --place, ties across the place's boundary are counted, not ranked.
    """
    from .queries.collaboration import COLLABORATION
    from .queries.connectors import connectors as find_connectors

    g = _question_graph(graph, "connectors", engine, uri, user, database)
    with progress_bar() as advance:
        result = find_connectors(
            g,
            between=between,
            focus=focus,
            top=top,
            exact_limit=exact_limit,
            samples=samples,
            seed=seed,
            progress=advance,
            derived_ties=derived_ties,
            relations=relations or COLLABORATION,
            place=place,
        )
    _emit(result, fmt)


@cli.command()
@click.argument("graph")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(GAP_KINDS),
    help="Gap kinds to look for (repeatable; default all).",
)
@click.option("--level", type=click.Choice([lv.value for lv in PlaceLevel]), help="Place level of the coverage grid.")
@click.option(
    "--place",
    type=PLACE,
    help="Only this place (and, with --level, the places of that level within it); funding dependence and "
    "single points of failure count only the bodies in or serving it.",
)
@click.option("--theme", "themes", type=THEME, multiple=True, help="Only these themes (repeatable).")
@click.option(
    "-k",
    "k",
    type=click.IntRange(1),
    default=3,
    show_default=True,
    help="Ties within which community-led bodies should reach a public or national body.",
)
@click.option(
    "--since",
    type=Parsed("YYYY-MM-DD", "queries.funding:parse_since"),
    help="Count grants active since this date (YYYY-MM-DD, not after today) for funding dependence "
    "[default: three years ago].",
)
@no_derived_ties
@output_format()
@engine_options
def gaps(
    graph: str,
    kinds: tuple[str, ...],
    level: str | None,
    place: str | None,
    themes: tuple[str, ...],
    k: int,
    since: dt.date | None,
    derived_ties: bool,
    fmt: str,
    engine: str,
    uri: str,
    user: str,
    database: str | None,
) -> None:
    """What is missing where: place x theme coverage ranked by need (judged where the data
    claims to offer help, or in --place), bodies funded by one funder alone, community bodies
    with no route to decision-makers, partnerships with no community member, cut-off groups and
    single points of failure, each with the evidence behind it."""
    from .queries.gaps import TABLE_ROWS
    from .queries.gaps import gaps as find_gaps

    g = _question_graph(graph, "gaps", engine, uri, user, database)
    found = find_gaps(
        g,
        kinds=kinds or GAP_KINDS,
        level=level,
        place=place,
        themes=themes,
        k=k,
        derived_ties=derived_ties,
        since=since,
    )
    _emit(found, fmt)
    if fmt == "table" and len(found.rows) > TABLE_ROWS:
        click.echo("--format json or --format csv lists every gap.")


@cli.command()
@click.argument("graph")
@click.argument("start", required=False)
@click.option("--resident-of", type=PLACE, help="Start as a resident of this place instead of at a node.")
@click.option("--need", type=THEME, help="Find assets addressing this theme that serve the start's place.")
@click.option("--to", "to", type=NODE, help="Find routes to this node instead.")
@click.option("-k", "k", type=click.IntRange(1), default=3, show_default=True, help="How many routes.")
@click.option("--max-hops", type=click.IntRange(1), default=6, show_default=True, help="Most steps a route may take.")
@click.option(
    "--via", type=click.Choice([kd.value for kd in NodeKind]), help="Routes must pass through a node of this kind."
)
@click.option("--avoid", multiple=True, type=NODE, help="A node no route may pass through (repeatable).")
@click.option(
    "--cost",
    "cost_specs",
    multiple=True,
    type=Parsed("RELATION=COST", parse_cost),
    help="Change a relation's cost: RELATION=COST, RELATION=FORWARD,REVERSE or RELATION=off.",
)
@click.option(
    "--cold-approach",
    type=click.FloatRange(min=0, max=COLD_APPROACH_MAX, min_open=True),
    callback=_a_number,
    default=COLD_APPROACH,
    show_default=True,
    help="Cost of approaching a national or regional service directly.",
)
@click.option(
    "--anywhere",
    is_flag=True,
    help="Let routes leave the start's council even where help exists inside it (they are flagged).",
)
@redact_people_option
@output_format()
@engine_options
def pathways(
    graph: str,
    start: str | None,
    resident_of: str | None,
    need: str | None,
    to: str | None,
    k: int,
    max_hops: int,
    via: str | None,
    avoid: tuple[str, ...],
    cost_specs: tuple[tuple[Relation, Costs], ...],
    cold_approach: float,
    anywhere: bool,
    redact_people: bool,
    fmt: str,
    engine: str,
    uri: str,
    user: str,
    database: str | None,
) -> None:
    """Signposting and referral routes from START (a node) or --resident-of PLACE to
    --need THEME or --to NODE, cheapest first, each step with its evidence. Routes of equal
    cost are ranked by how a person gets in, distance, then recency (the order column says
    which); routes stay in the start's council unless nothing there answers or --anywhere."""
    if (start is None) == (resident_of is None):
        raise click.UsageError("give a START node or --resident-of PLACE (one of them)")
    if (need is None) == (to is None):
        raise click.UsageError("give --need THEME or --to NODE (one of them)")
    from .graphmodel.redaction import Redactor
    from .queries.pathways import pathways as find_pathways

    costs = dict(DEFAULT_COSTS) | dict(cost_specs)
    g = _question_graph(graph, "pathways", engine, uri, user, database)
    redactor = Redactor(g) if redact_people else None
    with g.withholding(redactor):
        result = find_pathways(
            g,
            start=start,
            resident_of=resident_of,
            need=need,
            to=to,
            k=k,
            max_hops=max_hops,
            via=via,
            avoid=avoid,
            costs=costs,
            cold_approach=cold_approach,
            anywhere=anywhere,
        )
    _emit(redactor.result(result) if redactor else result, fmt)


@cli.command("map")
@click.argument("graph")
@click.option("-o", "--output", required=True, type=OUTPUT, help="HTML file to write.")
@click.option("--title", help="Title of the map (default: the graph's name).")
@selection_options("Draw")
@click.option(
    "--max-nodes",
    type=click.IntRange(10),
    default=2000,
    show_default=True,
    help="Above this many nodes, fold small areas and leaf services.",
)
@click.option(
    "--all-nodes",
    is_flag=True,
    help="Draw places, themes and services as nodes even in a large map (above 300 nodes a map shows the "
    "organisations, with services folded into them and places and themes left to the filters).",
)
@click.option("--from", "route_from", type=NODE, help="Highlight a route from this node (with --need or --to).")
@click.option("--resident-of", type=PLACE, help="Highlight a route for a resident of this place (with --need or --to).")
@click.option("--need", type=THEME, help="The route's need.")
@click.option("--to", "route_to", type=NODE, help="The route's destination.")
@click.option(
    "--connectors", "top_connectors", type=click.IntRange(0), default=0, help="Size and mark the top N connectors."
)
@click.option("--gaps", "mark_gaps", is_flag=True, help="Mark places, themes and organisations with gaps.")
@click.option(
    "--layout",
    type=click.Choice(["network", "geo"]),
    default="network",
    show_default=True,
    help="network: by the ties; geo: places and assets with a postcode at their grid reference, north up.",
)
@click.option(
    "--areas",
    is_flag=True,
    help="Draw the small areas of the council --place names, shaded by deprivation decile (or by coverage of "
    "--theme), with its providers and gaps, instead of the network.",
)
@click.option("--theme", type=THEME, help="With --areas: shade the areas by coverage of this theme.")
@engine_options
@output_format("table", "json")
def map_command(
    graph: str,
    output: str,
    title: str | None,
    around: str | None,
    depth: int,
    place: str | None,
    max_nodes: int,
    all_nodes: bool,
    route_from: str | None,
    resident_of: str | None,
    need: str | None,
    route_to: str | None,
    top_connectors: int,
    mark_gaps: bool,
    redact_people: bool,
    layout: str,
    areas: bool,
    theme: str | None,
    engine: str,
    uri: str,
    user: str,
    database: str | None,
    fmt: str,
) -> None:
    """Draw GRAPH as one self-contained HTML map that opens offline: search, filters, a side
    panel with evidence, and overlays of a route, the top connectors or the gaps. With --areas,
    a council's small areas shaded by need or by coverage of a theme."""
    from .viz import MapOptions, write_map

    if around and place:
        raise click.UsageError("give --around or --place, not both")
    if theme and not areas:
        raise click.UsageError("--theme shades the areas of --areas; give --areas --place COUNCIL")
    if areas:
        from .viz.areas import write_areas

        if not place:
            raise click.UsageError("--areas draws a council's small areas: give --place COUNCIL")
        network_only = ("title", "around", "depth", "max_nodes", "all_nodes", "route_from", "resident_of", "need")
        network_only += ("route_to", "top_connectors", "mark_gaps", "layout")
        if stray := _given(network_only):
            raise click.UsageError(f"{', '.join(stray)}: for the network map, not --areas; leave them out")
        if engine == "embedded":
            _refuse_overwrite({graph: "GRAPH"}, (output, "-o"))
        g = _question_graph(graph, None, engine, uri, user, database)
        _emit(write_areas(g, output, place, theme, redact_people=redact_people), fmt)
        return
    if engine == "embedded":
        _refuse_overwrite({graph: "GRAPH"}, (output, "-o"))
    route = None
    if route_from or resident_of or need or route_to:
        if bool(route_from) == bool(resident_of) or bool(need) == bool(route_to):
            raise click.UsageError("a route needs --from NODE or --resident-of PLACE, and --need THEME or --to NODE")
        route = {"start": route_from, "resident_of": resident_of, "need": need, "to": route_to}
    options = MapOptions(
        title=title,
        around=around,
        depth=depth,
        place=place,
        max_nodes=max_nodes,
        overview_above=None if all_nodes else MapOptions.overview_above,
        redact_people=redact_people,
        connectors=top_connectors,
        gaps=mark_gaps,
        route=route,
        layout=layout,
    )
    _emit(write_map(_question_graph(graph, None, engine, uri, user, database), output, options), fmt)


@cli.group("neo4j")
def neo4j_group() -> None:
    """Share a graph through a Neo4j server: push it, pull it back, list what is there.

    The server and user come from --uri/--user (or NEO4J_URI/NEO4J_USER), the password from
    NEO4J_PASSWORD. Several graphs live side by side in one database, each under its name.
    """


@neo4j_group.command("push")
@click.argument("graph", type=GRAPH)
@click.option("--name", help="Name of the graph on the server (default: the graph's own name).")
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Nodes or relationships per transaction.",
)
@click.option(
    "--writers",
    type=click.IntRange(1),
    default=DEFAULT_WRITERS,
    show_default=True,
    help="Transactions written at once (relationships written together never share a node).",
)
@click.option(
    "--replace", is_flag=True, help="Also remove what this graph holds on the server and GRAPH no longer has."
)
@redact_options
@output_format("table", "json")
@neo4j_options
def neo4j_push(
    graph: str,
    name: str | None,
    batch_size: int,
    writers: int,
    replace: bool,
    redact_personal: bool,
    redact_people: bool,
    fmt: str,
    uri: str,
    user: str,
    database: str | None,
) -> None:
    """Write GRAPH to Neo4j (merging, so pushing again converges to the same graph)."""
    from .graphmodel.storage import redacted
    from .neo4jdb import connect, push_graph

    g = open_graph(graph)
    if redact_people:
        g = redacted(g)
    with connect(_settings(uri, user, database)) as db, progress_bar() as advance:
        report = push_graph(
            db,
            g,
            name,
            batch_size=batch_size,
            replace=replace,
            redact_personal=redact_personal,
            writers=writers,
            progress=advance,
        )
    _emit(report.model_copy(update={"uri": uri}), fmt)


@neo4j_group.command("pull")
@click.argument("name")
@click.option("-o", "--output", required=True, type=OUTPUT, help="Graph file to write.")
@redact_options
@output_format("table", "json")
@neo4j_options
def neo4j_pull(
    name: str,
    output: str,
    redact_personal: bool,
    redact_people: bool,
    fmt: str,
    uri: str,
    user: str,
    database: str | None,
) -> None:
    """Read the graph NAME back from Neo4j and save it as a graph file."""
    from .graphmodel.storage import save_graph
    from .neo4jdb import connect, pull_graph
    from .neo4jdb.pull import Pulled

    with connect(_settings(uri, user, database)) as db:
        graph = pull_graph(db, name)
    save_graph(graph, output, redact_personal=redact_personal, redact_people=redact_people)
    _emit(Pulled(graph=name, uri=uri, output=output, nodes=len(graph), edges=graph.number_of_edges()), fmt)


@neo4j_group.command("graphs")
@output_format()
@neo4j_options
def neo4j_graphs(fmt: str, uri: str, user: str, database: str | None) -> None:
    """The graphs held in the database, with their counts and when they were last pushed."""
    from .neo4jdb import connect, list_graphs
    from .neo4jdb.pull import GraphList

    with connect(_settings(uri, user, database)) as db:
        _emit(GraphList(graphs=list_graphs(db)), fmt)


@cli.command()
@click.argument("query")
@click.option(
    "--engine",
    type=click.Choice(["embedded", "neo4j"]),
    default="embedded",
    show_default=True,
    help="Where to run the query.",
)
@click.option("--graph", "graph", metavar="GRAPH", help="The graph file (or @seed) for the embedded engine.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter for Neo4j ($NAME); VALUE is read as JSON, else as text.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, max=QUERY_SECONDS_MAX, min_open=True),
    callback=_a_number,
    default=QUERY_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this long (on Neo4j, the transaction's timeout).",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=1, max=QUERY_MEGABYTES_MAX),
    default=QUERY_MEGABYTES,
    show_default=True,
    metavar="MB",
    help="Stop an embedded query that needs this much more memory.",
)
@output_format()
@neo4j_options
def cypher(
    query: str,
    engine: str,
    graph: str | None,
    params: tuple[str, ...],
    timeout: float,
    max_memory: int,
    fmt: str,
    uri: str,
    user: str,
    database: str | None,
) -> None:
    """Run a read-only Cypher QUERY against Neo4j, or against a graph file.

    Both engines see the same model: labels Organisation, Person, Initiative, Service,
    Partnership, Place, Theme; relationship types as the relations (SERVES, MEMBER_OF, ...);
    properties as the fields, with provenance, attributes and identifiers as JSON text, and
    graph (the graph's name) on everything. On Neo4j, filter by graph: MATCH (o:Organisation
    {graph: $g}).

    The embedded engine (grand-cypher) runs a subset: one MATCH pattern with labels, types and
    variable lengths; WHERE with comparisons, AND/OR/NOT, IN, STARTS WITH, CONTAINS, IS NULL;
    RETURN with AS, DISTINCT, COUNT/SUM/AVG/MIN/MAX in capitals, ORDER BY, SKIP, LIMIT; strings
    in double quotes. Anything else is refused with a clear error.

    On Neo4j the server plans the query first, and a plan that reads files or URLs (LOAD
    CSV), calls a procedure or function off the read-only allow-list, or is a command (SHOW,
    TERMINATE, ...) is refused.
    """
    from .neo4jdb import connect
    from .neo4jdb.cypher import Limits, embedded_cypher, neo4j_cypher

    if engine == "neo4j":
        if graph:
            raise click.UsageError("--graph is for the embedded engine; on Neo4j, match on the graph property")
        with connect(_settings(uri, user, database)) as db:
            result = neo4j_cypher(db, query, _parse_params(params), timeout=timeout)
    else:
        if not graph:
            raise click.UsageError("the embedded engine needs --graph GRAPH (a graph file or @seed)")
        if params:
            raise click.UsageError("--param is for --engine neo4j; the embedded engine takes no parameters")
        if problem := _missing_source(graph):
            raise click.BadParameter(problem, param_hint="--graph")
        result = embedded_cypher(open_graph(graph), query, Limits(seconds=timeout, megabytes=max_memory))
    _emit(result, fmt)


def _parse_params(specs: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for spec in specs:
        name, eq, text = spec.partition("=")
        if not eq or not name.strip():
            raise click.BadParameter(f"{spec!r} is not NAME=VALUE", param_hint="--param")
        try:
            params[name.strip()] = json.loads(text)
        except json.JSONDecodeError:
            params[name.strip()] = text
    return params


@cli.command()
@click.option(
    "--dir",
    "folder",
    default="assetgraph-demo",
    show_default=True,
    type=OutputFolder(),
    help="Folder to write the demo's files into.",
)
@output_format("table", "json")
def demo(folder: str, fmt: str) -> None:
    """Build the bundled seed map, save it, and show what it holds and what to try next."""
    from .demo import run_demo

    result = run_demo(folder)
    _emit(result, fmt)
    if fmt == "table":
        path, out = result.graph_file, Path(folder)
        click.echo(
            "\nTry next:\n"
            f"  assetgraph show {path} CHEX           # a node, its relations and their evidence\n"
            f"  assetgraph connectors {path} --between scale\n"
            f"  assetgraph gaps {path} --kind unlinked_community --kind single_point_of_failure\n"
            f"  assetgraph pathways {path} --resident-of Pentwyn --need 'mental health' --format json\n"
            f"  assetgraph map {path} -o gaps.html --gaps --public\n"
            f"  assetgraph profile {path} Pentwyn -o {out / 'pentwyn.html'}   # one page to take to a meeting\n"
            f"  assetgraph export {path} --to gexf -o {out / 'seed-map.gexf'} --public   # for Gephi\n"
            f"  assetgraph build @seed --places wales -o {out / 'seed-wales.json'} --report {out / 'review.csv'}"
            "   # with Welsh small areas and WIMD"
        )


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the ``assetgraph`` console script. A SIGTERM unwinds like an interrupt,
    so that a file being written is removed, never left half-made. The process runs one
    command on one graph that lives until it ends, so the cyclic garbage collector is off:
    walking the graph's objects again and again cost a large graph's command half its time.
    When the command is done the process ends at once, its output flushed: freeing a large
    graph's objects one by one would only keep the user waiting for the prompt."""
    gc.disable()
    signal.signal(signal.SIGTERM, _terminate)
    status: object = None
    try:
        cli(prog_name="assetgraph")
    except SystemExit as exc:
        status = exc.code
    if isinstance(status, int):
        code = status
    else:
        code = 0 if status is None else 1
        if status is not None:
            print(status, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            code = code or 1
    os._exit(code)
