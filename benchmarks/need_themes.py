"""Need themes found in real descriptions against hand labels (issue 25, item 2).

    python benchmarks/need_themes.py                 # the measure half: the figures to report
    python benchmarks/need_themes.py --split tune    # the half the rules were tuned on
    python benchmarks/need_themes.py --split tune --errors   # and each disagreement

Reads the North Lincolnshire Open Referral UK feed (a service's name and description) and the
Power to Change 360Giving grants (a grant's title and description) from ``/work/shared/data``,
joins the labels in ``benchmarks/labels/needs.csv`` (columns source, record_id, split, needs:
needs separated by ';', named as in ``assetgraph/data/needs.yaml``) and prints micro precision
and recall, then per need. Disagreements are shown for the tune half only: the measure half is
kept unseen. Skips, saying why, when the data or the labels are absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.loaders.cleaning import plain_text  # noqa: E402
from assetgraph.needs import classify, load_needs  # noqa: E402
from benchmarks import timed  # noqa: E402

DATA = Path("/work/shared/data")
LABELS = Path(__file__).resolve().parent / "labels" / "needs.csv"
FEEDS = {
    "oruk-north-lincolnshire-services.json": DATA / "openreferral" / "oruk-north-lincolnshire-services.json",
    "power_to_change_grants.json": DATA / "360giving" / "power_to_change_grants.json",
}


def texts(source: str, path: Path) -> dict[str, list[str | None]]:
    """Each record's texts by its id: a name or title first, then its description."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if source.startswith("oruk"):
        return {s["id"]: [s.get("name"), plain_text(s.get("description"))] for s in data}
    return {g["id"]: [g.get("title"), plain_text(g.get("description"))] for g in data["grants"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "measure"], default="measure")
    parser.add_argument("--errors", action="store_true", help="list disagreements (tune half only)")
    args = parser.parse_args()
    missing = [str(p) for p in [LABELS, *FEEDS.values()] if not p.exists()]
    if missing:
        print(f"skipped: not found: {', '.join(missing)}")
        return 0
    if args.errors and args.split != "tune":
        print("disagreements are shown for the tune half only; the measure half stays unseen")
        return 2
    records = {source: texts(source, path) for source, path in FEEDS.items()}
    names = set(load_needs().names)
    rows = [r for r in csv.DictReader(LABELS.open(encoding="utf-8")) if r["split"] == args.split]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    seconds = 0.0
    for row in rows:
        gold = {n.strip() for n in row["needs"].split(";") if n.strip()}
        unknown = gold - names
        if unknown:
            print(f"{row['record_id']}: labels name needs not in the vocabulary: {sorted(unknown)}")
        record = records[row["source"]].get(row["record_id"])
        if record is None:
            print(f"{row['source']} holds no record {row['record_id']}")
            continue
        took, hits = timed(lambda record=record: classify(record))
        seconds += took
        found = {h.need for h in hits}
        for need in found & gold:
            tp[need] += 1
        for need in found - gold:
            fp[need] += 1
        for need in gold - found:
            fn[need] += 1
        if args.errors and found != gold:
            print(f"- {row['record_id']} gold={sorted(gold)} found={sorted(found)}")
            print(f"    {' | '.join(t or '' for t in record)[:400]!r}")
            for h in hits:
                print(f"    {h.need}: {h.rule} {h.words}")
    print(f"{args.split} half: {len(rows)} records, classified in {seconds * 1000:.0f} ms")
    print(f"{'need':28} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for need in [*sorted(set(tp) | set(fp) | set(fn))]:
        print(
            f"{need:28} {_share(tp[need], fp[need]):>6} {_share(tp[need], fn[need]):>6} "
            f"{tp[need]:>4} {fp[need]:>4} {fn[need]:>4}"
        )
    t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'micro':28} {_share(t, f):>6} {_share(t, n):>6} {t:>4} {f:>4} {n:>4}")
    return 0


def _share(hits: int, misses: int) -> str:
    return f"{hits / (hits + misses):.2f}" if hits + misses else "-"


if __name__ == "__main__":
    raise SystemExit(main())
