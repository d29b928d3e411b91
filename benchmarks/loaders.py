"""Loader speed: records per second for each publisher's format, validation and resolution
included, on generated files of 100,000+ records.

    python benchmarks/loaders.py            # 100,000 records per file
    python benchmarks/loaders.py --records 20000

Each file is generated in a temporary folder, read (parse and map to records), then built into a
graph (validation, entity resolution, relationships). A plain json/csv parse of the same file is
timed as the floor a Python loader can reach (with the garbage collector paused, as the loaders
run).
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.collector import collector_paused  # noqa: E402
from assetgraph.loaders import BuildReport, build_graph, read_source  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(0)
    folder = Path(tempfile.mkdtemp(prefix="assetgraph-loaders-"))
    files = {}
    files["Open Referral UK JSON (services)"] = folder / "oruk.json"
    files["Open Referral UK JSON (services)"].write_text(json.dumps(oruk(args.records, rng)))
    grant_list = grants(args.records, rng)
    files["360Giving JSON (grants)"] = folder / "grants.json"
    files["360Giving JSON (grants)"].write_text(json.dumps({"grants": grant_list}))
    files["360Giving CSV (grants)"] = folder / "grants.csv"
    grants_csv(grant_list, files["360Giving CSV (grants)"])
    print(
        f"{'file':<36}{'records':>9}{'parse only':>12}{'read':>8}{'build':>8}{'records/s':>11}{'nodes':>9}{'edges':>9}"
    )
    for label, path in files.items():
        gc.collect()
        with collector_paused():
            floor, _ = timed(
                lambda: json.loads(path.read_text()) if path.suffix == ".json" else list(csv.reader(path.open()))
            )
        read, records = timed(lambda: read_source(path))
        build, graph = timed(lambda: build_graph([records], report=BuildReport()))
        total = read + build
        print(
            f"{label:<36}{args.records:>9,}{floor:>11.2f}s{read:>7.2f}s{build:>7.2f}s{args.records / total:>11,.0f}"
            f"{len(graph):>9,}{graph.number_of_edges():>9,}"
        )


if __name__ == "__main__":
    main()
