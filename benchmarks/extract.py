"""Extraction quality: the extractor run on the seed documents against the hand-built seed map.

    python benchmarks/extract.py                        # ../shared/seeds against the bundled seed map
    python benchmarks/extract.py --seeds DIR --map FILE

An extracted entity is right where one of its names (name or alias, compared as the name index
compares them) is a name of an entity of the map that cites one of the documents; recall is per
kind of the map's entity, precision per kind of the extracted one, and how often the kinds agree
is given beside. A tie is right where its two ends are matched entities that the map relates
(either way round; the relation's type is reported separately); the map's ties that cite the
documents are what recall counts, and a tie the map holds from another source (the place
hierarchy) is not counted wrong.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.extraction.extract import extract  # noqa: E402
from assetgraph.graphmodel.names import normalise  # noqa: E402
from assetgraph.loaders.loading import seed_path  # noqa: E402

_SECTIONS = {
    "organisations": "organisation",
    "people": "person",
    "partnerships": "partnership",
    "initiatives": "initiative",
    "services": "service",
    "places": "place",
    "themes": "theme",
}


def _map_entities(data: dict, cited: set[str]) -> tuple[list[tuple[str, str, set[str], bool]], dict[str, int]]:
    """(kind, name, labels, whether it cites the documents) of the map's entities, and every label's entity."""
    entities, by_label = [], {}
    for section, kind in _SECTIONS.items():
        for record in data.get(section, []):
            labels = {normalise(x) for x in [record["name"], *record.get("aliases", [])]}
            for label in labels:
                by_label.setdefault(label, len(entities))
            entities.append((kind, record["name"], labels, record.get("source") in cited))
    return entities, by_label


def evaluate(seeds: Path, map_file: Path) -> None:
    data = yaml.safe_load(map_file.read_text(encoding="utf-8"))
    files = {Path(doc.get("file", "")).name: key for key, doc in data.get("documents", {}).items() if doc.get("file")}
    reports = sorted(p for p in seeds.iterdir() if p.name in files)
    if not reports:
        raise SystemExit(f"no document of {map_file} found in {seeds}")
    cited = {files[p.name] for p in reports}
    entities, by_label = _map_entities(data, cited)
    start = time.perf_counter()
    draft = extract(reports)
    took = time.perf_counter() - start

    def matched(labels: list[str]) -> int | None:
        return next((by_label[k] for k in (normalise(x) for x in labels) if k in by_label), None)

    wanted = [i for i, e in enumerate(entities) if e[3]]
    hits = {id(e): matched(e.labels()) for e in draft.entities}
    found_map = {i for i in hits.values() if i is not None}
    print(
        f"{len(reports)} reports, {sum(len(r.read_text(encoding='utf-8')) for r in reports):,} characters, {took:.2f} s"
    )
    print(f"{'kind':<14}{'map':>5}{'found':>7}{'recall':>8}{'extracted':>11}{'right':>7}{'precision':>11}")
    totals = Counter()
    for kind in _SECTIONS.values():
        of_kind = [i for i in wanted if entities[i][0] == kind]
        got = [e for e in draft.entities if e.kind.value == kind]
        right = [e for e in got if hits[id(e)] is not None]
        found = [i for i in of_kind if i in found_map]
        totals.update(map=len(of_kind), found=len(found), extracted=len(got), right=len(right))
        print(
            f"{kind:<14}{len(of_kind):>5}{len(found):>7}{len(found) / max(1, len(of_kind)):>8.2f}"
            f"{len(got):>11}{len(right):>7}{len(right) / max(1, len(got)):>11.2f}"
        )
    print(
        f"{'all':<14}{totals['map']:>5}{totals['found']:>7}{totals['found'] / max(1, totals['map']):>8.2f}"
        f"{totals['extracted']:>11}{totals['right']:>7}{totals['right'] / max(1, totals['extracted']):>11.2f}"
    )
    same_kind = sum(1 for e in draft.entities if hits[id(e)] is not None and entities[hits[id(e)]][0] == e.kind.value)
    print(f"kinds agree on {same_kind} of {totals['right']} matched entities")

    def pair_of(record: dict) -> frozenset[int] | None:
        a, b = matched([record["from"]]), matched([record["to"]])
        return frozenset((a, b)) if a is not None and b is not None and a != b else None

    stated: dict[frozenset[int], str] = {}
    held: set[frozenset[int]] = set()
    for record in data.get("relationships", []):
        pair = pair_of(record)
        if pair is None:
            continue
        held.add(pair)
        if record.get("source") in cited:
            stated.setdefault(pair, record["relation"])
    right_pairs, same_type = set(), 0
    for tie in draft.ties.values():
        a, b = hits[id(tie.source)], hits[id(tie.target)]
        pair = frozenset((a, b)) if a is not None and b is not None and a != b else None
        if pair in held:
            right_pairs.add(pair)
            same_type += stated.get(pair) == tie.relation.value
    recalled = right_pairs & set(stated)
    recall, precision = len(recalled) / max(1, len(stated)), len(right_pairs) / max(1, len(draft.ties))
    print(
        f"related pairs: map {len(stated)}, found {len(recalled)}, recall {recall:.2f}; "
        f"extracted {len(draft.ties)}, right {len(right_pairs)}, precision {precision:.2f}; type agrees on {same_type}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    parser.add_argument("--seeds", type=Path, default=default_seeds, help="folder of the seed documents")
    parser.add_argument("--map", type=Path, default=None, help="the hand-built map (default: the bundled seed map)")
    args = parser.parse_args()
    evaluate(args.seeds, args.map or seed_path())


if __name__ == "__main__":
    main()
