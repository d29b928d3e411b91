"""The record that every quote in the seed map was found in its source document.

The three source documents live in ../shared/seeds, beside a developer's checkout but not in a
clean clone. ``tests/fixtures/seed_quotes.json`` keeps what checking them found: each document's
SHA-256 (whitespace folded) and, for each quote, where it stands in that text. The seed-map test
checks every quote against that record always, and the record against the documents wherever
they are present; ``python tests/seed_quotes.py`` rewrites it after the seed map changes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
RECORD = ROOT / "tests" / "fixtures" / "seed_quotes.json"


def fold(text: str) -> str:
    return " ".join(text.split())


def seed_quotes(seed: Any) -> set[tuple[str, str]]:
    """(document, quote) for every quoted piece of evidence in the seed map."""
    return {
        (p.locator, fold(p.snippet))
        for item in (*seed.nodes(), *seed.edges())
        for p in item.provenance
        if p.snippet and (p.locator or "").startswith("seeds/")
    }


def check_documents(seed: Any, seeds_dir: Path = SEEDS_DIR) -> dict[str, Any]:
    """The record for ``seed`` against the documents in ``seeds_dir``; AssertionError listing
    any quote its document does not hold."""
    texts = {f"seeds/{p.name}": fold(p.read_text(encoding="utf-8")) for p in seeds_dir.glob("*.txt")}
    quotes = sorted(seed_quotes(seed))
    missing = [(doc, q) for doc, q in quotes if q not in texts.get(doc, "")]
    assert missing == [], f"quotes not in their documents: {missing}"
    used = sorted({doc for doc, _ in quotes})
    return {
        "documents": {doc: hashlib.sha256(texts[doc].encode("utf-8")).hexdigest() for doc in used},
        "quotes": [[doc, q, texts[doc].index(q)] for doc, q in quotes],
    }


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from assetgraph.loaders import SEED, load

    record = check_documents(load(SEED))
    RECORD.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{RECORD}: {len(record['quotes'])} quotes in {len(record['documents'])} documents")


if __name__ == "__main__":
    main()
