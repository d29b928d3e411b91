"""Building large structures without the cyclic garbage collector scanning them over and over.

Python's collector runs every few hundred allocations and, as a graph grows, walks every object
it holds: reading a graph of a million edges spent more time there than parsing. Nothing a
graph holds is cyclic garbage while it is being built, so the collector is paused meanwhile.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (it is resumed after, if it ran).

    What the block built is then moved to the collector's oldest generation at once (frozen,
    then thawed: neither walks an object), where nothing is frozen already: left young, the
    millions of objects of a graph just read were all walked by the next young collection
    (a second on the 965k-edge graph), though every one of them is alive."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
