"""Derive the bundled postcode table from the ONS postcode directory (OGL v3.0).

    python tools/derive_postcodes.py ../shared/data/geography/postcodes/gb-postcodes-lad-nov2025.csv.gz

writes assetgraph/data/places/gb-postcodes.csv.gz: a row per postcode sector (its majority
council and centroid) and one per postcode outside its sector's council, with the attribution
as its first line.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.geography.postcodes import bundled_postcodes_path, write_postcodes


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with gzip.open(sys.argv[1], "rt", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        counts = write_postcodes(rows, bundled_postcodes_path())
    out = bundled_postcodes_path()
    print(
        f"{out}: {counts['sectors']} sectors, {counts['exceptions']} postcodes outside their sector's council, "
        f"{out.stat().st_size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
