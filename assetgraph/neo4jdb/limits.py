"""Running embedded Cypher under a time and a memory limit.

grand-cypher has no limits of its own, and its matcher cannot be interrupted: one pattern over
the bundled places (``MATCH (a)-->(b)<--(c) RETURN COUNT(a)``) ran 80 s and grew to 4 GB. So the
query runs in a forked child process: it starts with the graph already in memory (nothing is
copied or pickled on the way in), its address space is capped with ``RLIMIT_AS`` at what it
has when forked plus the memory limit, and the parent kills it at the deadline. Only the rows
travel back, pickled through a pipe: about 12 ms a query on the seed map (21 ms against 9 ms).

The memory cap needs ``/proc`` (Linux); elsewhere only the time limit holds, and where ``fork``
does not exist (Windows) the query runs in this process without limits.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from ..errors import AssetGraphError, MemoryLimit, QueryError, TimeLimit
from . import QUERY_MEGABYTES, QUERY_MEGABYTES_MAX, QUERY_SECONDS, QUERY_SECONDS_MAX

__all__ = ["Limits", "run_limited"]

T = TypeVar("T")


class Limits(BaseModel):
    """How long a query may run, in seconds, and how much more memory it may take, in MB."""

    seconds: float = Field(QUERY_SECONDS, gt=0, le=QUERY_SECONDS_MAX, allow_inf_nan=False)
    megabytes: int = Field(QUERY_MEGABYTES, gt=0, le=QUERY_MEGABYTES_MAX)


def _address_space() -> int | None:
    """This process's virtual memory size in bytes, or None where /proc does not say."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def _child(work: Callable[[], T], limits: Limits, pipe: Connection) -> None:
    """Run ``work`` under the memory limit; send back ("ok", value), ("error", AssetGraphError)
    or ("memory", None)."""
    import resource  # POSIX only, as fork is

    # what a child that runs out of memory prints is noise: the parent reports in one line
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if (used := _address_space()) is not None:
        resource.setrlimit(resource.RLIMIT_AS, (used + limits.megabytes * 2**20, hard))
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", work())
    except MemoryError:
        # what the query took is still mapped: lift the cap so that the reply can be pickled
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        outcome = ("memory", None)
    except Exception as exc:  # any error goes back as one line, never as a child's traceback
        outcome = ("error", exc if isinstance(exc, AssetGraphError) else QueryError(f"{type(exc).__name__}: {exc}"))
    pipe.send(outcome)


def run_limited(work: Callable[[], T], limits: Limits) -> T:
    """``work()`` run in a child process within ``limits``.

    Raises TimeLimit or MemoryLimit (QueryErrors) naming the limit reached, or the
    AssetGraphError ``work`` raised.
    """
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return work()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, limits, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.seconds):
            raise TimeLimit(limits.seconds)
        try:
            outcome, value = receive.recv()
        except EOFError:
            # the child died without a word, as a C library that cannot allocate may end it
            raise MemoryLimit(
                limits.megabytes, "the query's process ended without an answer, as when it runs out of"
            ) from None
    finally:
        child.kill()
        child.join()
        receive.close()
    if outcome == "memory":
        raise MemoryLimit(limits.megabytes, "the query was stopped: it needed more than")
    if outcome == "error":
        raise value
    return value
