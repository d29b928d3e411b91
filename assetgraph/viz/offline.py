"""The Content-Security-Policy of a page that opens offline: its own inline scripts (allowed by
hash, so nothing else runs), inline styles and data: images, and no connection to any host.

>>> policy = content_policy(["1 + 1"])
>>> policy.startswith("default-src 'none'; script-src 'sha256-") and "connect-src 'none'" in policy
True
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

__all__ = ["script_hash", "content_policy"]


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def content_policy(scripts: Iterable[str]) -> str:
    """The policy of a page whose only scripts are ``scripts``, inlined as given."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(script_hash(s) for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "connect-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
        ]
    )
