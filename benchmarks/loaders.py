"""Loader speed: records per second for each publisher's format, validation and resolution
included, on generated files of 100,000+ records.

    python benchmarks/loaders.py            # 100,000 records per file
    python benchmarks/loaders.py --records 20000
    python benchmarks/loaders.py --records 500000 --formats 360json   # issue 28's 500k grants

Each file is generated in a temporary folder, read (parse and map to records), then built into a
graph (validation, entity resolution, relationships), then its sectors, scales and need themes
inferred (a whole ``build``). Two floors are timed on the same file: a plain json/csv parse (the
floor a Python loader that makes an object per record can reach, with the garbage collector
paused, as the loaders run) and a bare columnar parse with polars (issue 28's floor for a
columnar loader). ``peak MB`` is the process's peak resident memory after the format (run one
format per process to read one format's peak).
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import resource
import sys
import tempfile
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.collector import collector_paused  # noqa: E402
from assetgraph.loaders import BuildReport, build_graph, read_source  # noqa: E402
from assetgraph.loaders.need_themes import infer_need_themes  # noqa: E402
from assetgraph.loaders.sectors import infer_sectors  # noqa: E402
from benchmarks import timed  # noqa: E402

AUDIENCES = ["Homeless ", "Dementia", "Parents>Grandparents", "LGBTQ+ ", "Carers", "Low Income>Unemployed"]


def oruk(n: int, rng: random.Random) -> list[dict]:
    orgs = [
        {"id": f"o-{i}", "name": f"Organisation {i}", "description": "<p>A &amp; B</p>", "url": "https://example.org"}
        for i in range(n // 4)
    ]
    return [
        {
            "id": f"s-{i}",
            "name": f"Service {i}",
            "description": f"<p>Help number {i}&nbsp;here</p>",
            "status": "active",
            "organization": rng.choice(orgs),
            "pc_targetAudience": [{"id": "x", "audienceType": rng.choice(AUDIENCES)}],
        }
        for i in range(n)
    ]


def grants(n: int, rng: random.Random) -> list[dict]:
    funders = [{"id": f"GB-CHC-{100000 + i}", "name": f"Funder {i}"} for i in range(50)]
    return [
        {
            "id": f"360G-bench-{i}",
            "title": f"Grant {i}",
            "currency": "GBP",
            "amountAwarded": rng.randint(500, 50000),
            "awardDate": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(10, 24)}",
            "fundingOrganization": [rng.choice(funders)],
            "recipientOrganization": [
                {"id": f"GB-COH-{rng.randint(1, n // 3):08d}", "name": f"Recipient {i % (n // 3)}"}
            ],
            "beneficiaryLocation": [{"geoCode": f"E0{1000000 + rng.randint(0, 30000)}", "geoCodeType": "LSOA"}],
        }
        for i in range(n)
    ]


def grants_csv(items: list[dict], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "Identifier",
                "Title",
                "Currency",
                "Amount Awarded",
                "Award Date",
                "Funding Org:Identifier",
                "Funding Org:Name",
                "Recipient Org:Identifier",
                "Recipient Org:Name",
                "Beneficiary Location:Geographic Code",
                "Beneficiary Location:Geographic Code Type",
            ]
        )
        for g in items:
            f, r, b = g["fundingOrganization"][0], g["recipientOrganization"][0], g["beneficiaryLocation"][0]
            out.writerow(
                [
                    g["id"],
                    g["title"],
                    g["currency"],
                    f"{g['amountAwarded']:,}",
                    g["awardDate"],
                    f["id"],
                    f["name"],
                    r["id"],
                    r["name"],
                    b["geoCode"],
                    b["geoCodeType"],
                ]
            )


#: each format's short name (for --formats), label and file name
FORMATS = {
    "oruk": ("Open Referral UK JSON (services)", "oruk.json"),
    "360json": ("360Giving JSON (grants)", "grants.json"),
    "360csv": ("360Giving CSV (grants)", "grants.csv"),
}


def _columnar(path: Path) -> pl.DataFrame:
    """The bare columnar parse: every column as text for CSV, the list of records for JSON."""
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema=False)
    frame = pl.read_json(path)
    return frame.explode("grants").unnest("grants") if "grants" in frame.columns else frame


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated: {', '.join(FORMATS)}")
    args = parser.parse_args()
    wanted = args.formats.split(",")
    rng = random.Random(0)
    folder = Path(tempfile.mkdtemp(prefix="assetgraph-loaders-"))
    files = {short: folder / name for short, (_, name) in FORMATS.items() if short in wanted}
    if "oruk" in files:
        files["oruk"].write_text(json.dumps(oruk(args.records, rng)))
    if "360json" in files or "360csv" in files:
        grant_list = grants(args.records, rng)
        if "360json" in files:
            files["360json"].write_text(json.dumps({"grants": grant_list}))
        if "360csv" in files:
            grants_csv(grant_list, files["360csv"])
        del grant_list
    print(
        f"{'file':<36}{'records':>9}{'json/csv':>10}{'polars':>8}{'read':>8}{'build':>8}{'infer':>8}"
        f"{'records/s':>11}{'nodes':>9}{'edges':>9}{'peak MB':>9}"
    )
    for short, path in files.items():
        gc.collect()
        with collector_paused():
            floor, _ = timed(
                lambda: json.loads(path.read_text()) if path.suffix == ".json" else list(csv.reader(path.open()))
            )
            columnar, _ = timed(lambda: _columnar(path))
        read, records = timed(lambda: read_source(path))
        build, graph = timed(lambda: build_graph([records], report=BuildReport(), infer=False))
        infer, _ = timed(lambda: (infer_sectors(graph), infer_need_themes(graph)))
        total = read + build + infer
        print(
            f"{FORMATS[short][0]:<36}{args.records:>9,}{floor:>9.2f}s{columnar:>7.2f}s{read:>7.2f}s{build:>7.2f}s"
            f"{infer:>7.2f}s{args.records / total:>11,.0f}{len(graph):>9,}{graph.number_of_edges():>9,}"
            f"{_peak_mb():>9,.0f}"
        )
        records = graph = None  # let the next format start from an empty heap


if __name__ == "__main__":
    main()
