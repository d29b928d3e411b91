"""Progress of long jobs: one callback shape for the library, and bars on the terminal.

Every long job (a build, a push, sampled betweenness) takes ``progress``, a :data:`Progress`
callback ``progress(task, done, total)``: ``done`` more units of ``task`` are finished, of
``total`` (None where unknown). :func:`progress_bar` gives one that draws bars on standard
error, with the count, the rate and the time left, and is silent when that is not a terminal.

>>> seen = []
>>> def note(task, done, total):
...     seen.append((task, done, total))
>>> from assetgraph.loaders import load, SEED
>>> _ = load(SEED, progress=note)
>>> seen[-1][0], sum(d for t, d, _ in seen if t == "records") == seen[-1][2]
('records', True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["Progress", "progress_bar", "silent"]

#: progress(task, units done since the last call, total units or None where unknown)
Progress = Callable[[str, int, int | None], None]


def silent(task: str, done: int, total: int | None) -> None:
    """The progress callback of a job nobody watches."""


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """One bar per named task on standard error, created on its first report."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TaskProgressColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bars

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(show_speed=True),
        TimeRemainingColumn(),
    )
    with Bars(*columns, console=console, transient=True, disable=not console.is_terminal) as bars:
        tasks: dict[str, TaskID] = {}

        def advance(task: str, done: int, total: int | None) -> None:
            if task not in tasks:
                tasks[task] = bars.add_task(task, total=total)
            bars.advance(tasks[task], done)

        yield advance
