"""Derive the bundled UK places file from the published geography and deprivation tables.

    python tools/derive_places.py ../shared/data/geography

writes assetgraph/data/places/uk-places.csv.gz (Open Government Licence v3.0; the attribution
is its first line and in assetgraph/data/places/README.md).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.geography.places import BUNDLED, derive_places, write_places  # noqa: E402


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = derive_places(sys.argv[1])
    out = Path(__file__).resolve().parents[1] / "assetgraph" / "data" / "places" / BUNDLED
    write_places(rows, out)
    counts = Counter((r.nation or "uk", r.level.value) for r in rows)
    print(f"{out}: {len(rows)} places, {out.stat().st_size / 1e6:.2f} MB")
    for (nation, level), n in sorted(counts.items()):
        print(f"  {nation:<9} {level:<16} {n}")


if __name__ == "__main__":
    main()
