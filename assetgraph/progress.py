"""Progress bars on the terminal for long jobs; silent when output is not a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

__all__ = ["Advance", "progress_bar"]

#: advance(task name, amount done, task total or None where unknown)
Advance = Callable[[str, int, int | None], None]


@contextmanager
def progress_bar() -> Iterator[Advance]:
    """One bar per named task on standard error, created on its first advance."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bars:
        tasks: dict[str, TaskID] = {}

        def advance(name: str, amount: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bars.add_task(name, total=total)
            bars.advance(tasks[name], amount)

        yield advance
