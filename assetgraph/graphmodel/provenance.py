"""Provenance: who said that a node or an edge exists, and where.

>>> Provenance(source="orgs.csv", locator="row 4").describe()
'orgs.csv, row 4'
>>> Provenance(source="Learning event report", snippet="CHEX network member", inferred=True).describe()
'Learning event report (inferred): "CHEX network member"'
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .checks import MAX_TEXT

__all__ = ["Provenance"]


class Provenance(BaseModel):
    """One source's word for a node or an edge.

    ``source`` is the document, file or URL; ``locator`` the place inside it (a line, a row, a
    record id); ``snippet`` the quoted words; ``inferred`` is true where the source implies the
    claim but does not state it; ``via`` is the assetgraph input (file and line) that recorded a
    claim taken from another document; ``confidence`` (0-1) is how sure a machine reading of the
    source was (``assetgraph extract``), where one proposed the claim.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_max_length=MAX_TEXT)

    source: str = Field(min_length=1)
    locator: str | None = None
    snippet: str | None = None
    inferred: bool = False
    via: str | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)

    def describe(self) -> str:
        text = ", ".join(p for p in (self.source, self.locator) if p)
        if self.inferred:
            text += " (inferred)"
        if self.snippet:
            text += f': "{self.snippet}"'
        return text
