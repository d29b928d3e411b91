"""Speed measurements: scripts that print figures, run from the repository root."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

__all__ = ["timed"]


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``work()`` took, and what it returned."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result
