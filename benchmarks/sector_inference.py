"""Sectors and scales inferred for real organisations, against hand labels (issue 25, item 1).

    python benchmarks/sector_inference.py            # coverage, precision per sector and rule
    python benchmarks/sector_inference.py --errors   # and each disagreement on the tuned-on labels

Builds the North Lincolnshire Open Referral UK feed (serving North Lincolnshire) with the three
360Giving files, as ``assetgraph build`` does, and reads each organisation's sector and scale,
stated or inferred (:mod:`assetgraph.loaders.sectors`). The charity-register rows of the labels
(``charities/federated-charities.csv``, which no loader reads) become organisations of their
name and charity number, inferred the same way. Labels (columns source, record_id, name, sector,
scale) are joined on source and record id (an Open Referral organisation's id, a 360Giving
org-id, a register number), else on the name.

Two label files are measured apart: ``benchmarks/labels/sectors.csv``, which the rules were
tuned on ("tuned on"), and ``benchmarks/labels/sectors_fresh.csv``, a fresh sample drawn and
labelled after the rules were written and never used to tune them ("held out"). Only the
held-out figures say how the rules do on organisations they have not seen. A second annotator
labelled the held-out sample again, blind (``sectors_second.csv``): the script prints how often
the two agree, and measures the rules against the second annotator and on the rows where both
agree, so that the rules' precision can be read beside the humans' own agreement.

Prints the share of all organisations built that get a sector, then for each file: coverage
(the share that get a sector), precision overall, per sector given and per rule, recall per
labelled sector, and the same for scale. Skips, saying why, when the data or a label file is
absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.graphmodel import AssetGraph, Organisation, Provenance  # noqa: E402
from assetgraph.graphmodel.names import normalise  # noqa: E402
from assetgraph.graphmodel.vocabulary import NodeKind  # noqa: E402
from assetgraph.loaders import BuildReport, load  # noqa: E402
from assetgraph.loaders import build as build_module  # noqa: E402
from assetgraph.loaders.sectors import infer_sectors  # noqa: E402
from benchmarks import timed  # noqa: E402

DATA = Path("/work/shared/data")
LABELS = {
    "tuned on": Path(__file__).resolve().parent / "labels" / "sectors.csv",
    "held out": Path(__file__).resolve().parent / "labels" / "sectors_fresh.csv",
    "held out, second annotator": Path(__file__).resolve().parent / "labels" / "sectors_second.csv",
}
DIRECTORY = DATA / "openreferral" / "oruk-north-lincolnshire-services.json"
GRANTS = [
    DATA / "360giving" / "power_to_change_grants.json",
    DATA / "360giving" / "indigo_trust_360giving.csv",
    DATA / "360giving" / "oxfordshire_cf_ocf1.json",
]
CHARITIES = DATA / "charities" / "federated-charities.csv"


class Found:
    """What the build gave one organisation: its sector and scale and the rule of each
    (``stated`` where no inferred provenance names one)."""

    def __init__(self, node: Organisation) -> None:
        self.name = node.name
        self.sector = node.sector.value if node.sector else None
        self.scale = node.scale.value if node.scale else None
        rules = {p.locator.split(" inferred")[0]: p for p in node.provenance if p.inferred and p.locator}
        self.sector_rule = self._rule(rules.get("sector"), self.sector)
        self.scale_rule = self._rule(rules.get("scale"), self.scale)

    @staticmethod
    def _rule(prov: Provenance | None, value: str | None) -> str | None:
        if value is None:
            return None
        return f"{prov.locator.split('rule: ')[-1]}: {prov.snippet}" if prov else "stated"


def _keys(node: Organisation) -> set[tuple[str, str]]:
    """(source file name, record id) pairs a label may join this organisation on."""
    files = {Path(p.source).name for p in node.provenance if not p.inferred}
    ids = {str(v).upper() for v in node.identifiers.values()}
    locators = [p.locator for p in node.provenance if (p.locator or "").startswith("organization ")]
    ids |= {str(loc).split(" ", 1)[1].upper() for loc in locators}
    return {(f, i) for f in files for i in ids}


def build() -> tuple[AssetGraph, BuildReport, float]:
    """The directory and grants graph, its build report and the seconds the rules took."""
    took: list[float] = []

    def timed_rules(graph: AssetGraph):  # noqa: ANN202
        seconds, counts = timed(lambda: infer_sectors(graph))
        took.append(seconds)
        return counts

    report = BuildReport()
    with mock.patch.object(build_module, "infer_sectors", timed_rules):
        graph = load(
            DIRECTORY, *GRANTS, places=["england"], report=report, serves={str(DIRECTORY): "North Lincolnshire"}
        )
    return graph, report, sum(took)


def charity_rows(rows: list[dict[str, str]]) -> dict[str, Found]:
    """The labelled charity-register rows, each built as an organisation and inferred."""
    graph = AssetGraph()
    ids = {}
    for row in rows:
        node = Organisation(
            name=row["name"],
            identifiers={"charity_number": row["record_id"]},
            provenance=[Provenance(source=str(CHARITIES), locator=f"reg_number {row['record_id']}")],
        )
        ids[row["record_id"]] = graph.add_node(node, resolve=False).id
    infer_sectors(graph)
    return {rid: Found(graph.node(i)) for rid, i in ids.items()}  # type: ignore[arg-type]


def _share(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.3f}" if d else "0/0"


def measure(pairs: list[tuple[dict[str, str], Found]], field: str, errors: bool) -> None:
    """Coverage and precision of ``field`` (sector or scale) over the labelled pairs."""
    given = [(row, f) for row, f in pairs if getattr(f, field)]
    right = [(row, f) for row, f in given if getattr(f, field) == row[field]]
    print(f"\n{field}: coverage {_share(len(given), len(pairs))}, precision {_share(len(right), len(given))}")
    by_value: dict[str, list[bool]] = defaultdict(list)
    by_rule: dict[str, list[bool]] = defaultdict(list)
    recall: dict[str, list[bool]] = defaultdict(list)
    for row, f in pairs:
        value = getattr(f, field)
        if value:
            by_value[value].append(value == row[field])
            by_rule[getattr(f, f"{field}_rule").split(":")[0]].append(value == row[field])
        recall[row[field]].append(value == row[field])
    for title, table in (("precision by value given", by_value), ("precision by rule", by_rule)):
        print(f"  {title}:")
        for key, hits in sorted(table.items()):
            print(f"    {key:20} {_share(sum(hits), len(hits))}")
    print("  recall by labelled value:")
    for key, hits in sorted(recall.items()):
        print(f"    {key:20} {_share(sum(hits), len(hits))}")
    if errors:
        print("  disagreements (labelled -> given, by rule):")
        for row, f in pairs:
            if getattr(f, field) != row[field]:
                print(f"    {f.name[:48]:48} {row[field]:>14} -> {getattr(f, field)} by {getattr(f, f'{field}_rule')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list each disagreement with the labels")
    args = parser.parse_args()
    missing = [str(p) for p in [*LABELS.values(), DIRECTORY, *GRANTS, CHARITIES] if not p.exists()]
    if missing:
        print(f"skipped: not found: {', '.join(missing)}")
        return 0
    seconds, (graph, report, rules_took) = timed(build)
    orgs = [n for n in graph.nodes(NodeKind.ORGANISATION) if isinstance(n, Organisation)]
    print(f"built {len(orgs)} organisations in {seconds:.1f} s, of which the sector and scale rules {rules_took:.2f} s")
    print(f"all organisations with a sector: {_share(sum(1 for n in orgs if n.sector), len(orgs))}")
    print(f"all organisations with a scale: {_share(sum(1 for n in orgs if n.scale), len(orgs))}")
    print(f"inferred sectors by rule: {dict(report.sector_scale.sectors.most_common())}")
    print(f"inferred scales by rule: {dict(report.sector_scale.scales.most_common())}")
    by_key: dict[tuple[str, str], Organisation] = {}
    by_name: dict[str, Organisation] = {}
    for node in orgs:
        by_key.update(dict.fromkeys(_keys(node), node))
        by_name.setdefault(normalise(node.name), node)
    tables = {kind: list(csv.DictReader(path.open(encoding="utf-8"))) for kind, path in LABELS.items()}
    names = {(r["source"], r["record_id"]): r["name"] for rows in tables.values() for r in rows if r.get("name")}
    for rows in tables.values():
        for row in rows:
            row.setdefault("name", names.get((row["source"], row["record_id"]), ""))
            row["note"] = row.get("note") or ""
    first, second = tables["held out"], tables["held out, second annotator"]
    agreed = [a for a, b in zip(first, second, strict=True) if a["sector"] == b["sector"]]
    print(f"\ntwo annotators of the held-out sample agree on the sector of {len(agreed)} of {len(first)}")
    tables["held out, where both annotators agree"] = agreed
    for kind, rows in tables.items():
        path = LABELS.get(kind, LABELS["held out"])
        charities = charity_rows([r for r in rows if r["source"] == CHARITIES.name])
        pairs: list[tuple[dict[str, str], Found]] = []
        unmatched: Counter[str] = Counter()
        for row in rows:
            if row["source"] == CHARITIES.name:
                pairs.append((row, charities[row["record_id"]]))
                continue
            key = (row["source"], row["record_id"].upper())
            node = by_key.get(key) or by_name.get(normalise(row["name"] or "-"))
            if node is None:
                unmatched[row["source"]] += 1
                continue
            pairs.append((row, Found(node)))
        print(f"\n#### {kind}: {path.name}")
        print(f"labelled organisations joined: {len(pairs)} of {len(rows)}; not found by source: {dict(unmatched)}")
        drawn = [(r, f) for r, f in pairs if not r["note"].startswith("funder added on purpose")]
        chosen_sets = [("all labelled rows", pairs)]
        if len(drawn) < len(pairs):
            chosen_sets.append(("random draw only (the funders added left out)", drawn))
        for title, chosen in chosen_sets:
            print(f"\n== {kind}, {title} ({len(chosen)})")
            measure(chosen, "sector", args.errors and kind == "tuned on" and chosen is pairs)
            measure(chosen, "scale", args.errors and kind == "tuned on" and chosen is pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
