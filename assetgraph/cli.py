"""The assetgraph command line: parse options, call the library, format the result.

Exit codes: 0 done, 1 bad data or a runtime problem (a one-line message, no traceback),
2 a usage error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import AssetGraphError
from .graphmodel.graph import AssetGraph
from .graphmodel.storage import save_graph
from .graphmodel.vocabulary import NodeKind
from .loaders import FORMATS, SEED, load
from .queries.inspect import describe_node, summarise
from .render import RENDERERS, render


class _Group(click.Group):
    """Turns library errors into one-line messages with exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AssetGraphError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}") from None


class GraphSource(click.ParamType):
    """A saved graph, any loadable source, or ``@seed`` for the bundled seed map."""

    name = "GRAPH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value != SEED and not Path(value).exists():
            self.fail(f"{value!r} does not exist (give a graph file, a source, or {SEED})", param, ctx)
        return str(value)


GRAPH = GraphSource()


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


def redact_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--redact-personal", is_flag=True, help="Leave out personal data (people's contact details)."
    )(func)


def _emit(result: Any, fmt: str) -> None:
    click.echo(render(result, fmt), nl=False)
    if fmt == "json":
        click.echo()


def _load(sources: tuple[str, ...] | str, name: str | None = None, fmt: str | None = None) -> AssetGraph:
    paths = (sources,) if isinstance(sources, str) else sources
    return load(*paths, format=fmt, name=name)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assetgraph")
def cli() -> None:
    """Map the assets of community-led health as a knowledge graph.

    A GRAPH argument is a saved graph (.json), any source assetgraph can read (a YAML or JSON
    file of our format, a folder of CSV tables, an XLSX workbook), or @seed for the bundled
    seed map.
    """


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=GRAPH)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="Graph file to write.")
@click.option("--name", help="Name of the graph (default: the first source's).")
@click.option("--source-format", type=click.Choice(sorted(FORMATS)), help="Read every source as this format instead of guessing.")
@redact_option
def build(sources: tuple[str, ...], output: str, name: str | None, source_format: str | None, redact_personal: bool) -> None:
    """Build one graph from SOURCES and save it as a versioned JSON file.

    The same body named in several sources (by id, name or alias) becomes one node that keeps
    every source's provenance. Nothing is written unless every source loads cleanly.
    """
    graph = _load(sources, name, source_format)
    save_graph(graph, output, redact_personal=redact_personal)
    click.echo(f"Wrote {output}: {len(graph)} nodes, {graph.number_of_edges()} edges from {len(sources)} source(s).")


@cli.command()
@click.argument("graph", type=GRAPH)
@output_format("table", "json")
def info(graph: str, fmt: str) -> None:
    """Counts of GRAPH by kind, relation and source."""
    _emit(summarise(_load(graph)), fmt)


@cli.command()
@click.argument("graph", type=GRAPH)
@click.argument("name")
@click.option("--kind", type=click.Choice([k.value for k in NodeKind]), help="Only look among nodes of this kind.")
@output_format("table", "json")
@redact_option
def show(graph: str, name: str, kind: str | None, fmt: str, redact_personal: bool) -> None:
    """One node of GRAPH, found by NAME (an id, name, alias or acronym): its attributes,
    its relations both ways, and the evidence for each."""
    g = _load(graph)
    _emit(describe_node(g, g.find(name, kind).id, redact_personal), fmt)


@cli.command()
@click.option("--dir", "folder", default="assetgraph-demo", show_default=True, type=click.Path(file_okay=False), help="Folder to write the demo's files into.")
def demo(folder: str) -> None:
    """Build the bundled seed map, save it, and show what it holds and what to try next."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    graph = _load(SEED)
    path = out / "seed-map.json"
    save_graph(graph, path)
    click.echo(f"Built the seed map from the three source documents: {path}\n")
    click.echo(render(summarise(graph), "table"), nl=False)
    click.echo(
        "\nTry next:\n"
        f"  assetgraph show {path} CHEX           # a node, its relations and their evidence\n"
        f"  assetgraph show {path} 'Health Champions' --format json\n"
        f"  assetgraph info {path} --format json\n"
    )


def main() -> None:
    """Entry point of the ``assetgraph`` console script."""
    cli(prog_name="assetgraph")
