"""Extraction on real reports of the field it was not written from, against hand annotation (issue 26).

    python benchmarks/corpus.py                          # both halves, every document found
    python benchmarks/corpus.py --split measure          # the half kept for measuring only
    python benchmarks/corpus.py --errors --split tune    # and what was missed or wrong, per document
    python benchmarks/corpus.py --limit 2                # a quick run on the first two documents

``benchmarks/corpus/manifest.csv`` lists each document (id, split, source address, licence);
``benchmarks/corpus/gold/<id>.yaml`` is its hand annotation, made before the extractor ran on it:
entities (name, kind, aliases) and stated pairs ``[a, b, RELATION]``. A text whose licence allows
it is in ``benchmarks/corpus/texts/``; the others are read from ``--private`` (default
``/work/corpus-private/texts``) where present, and are left out, saying so, where not.

Scoring: an extracted entity is right where one of its names (name or alias, compared as the
name index compares them, a leading "The" aside) is a name of an annotated entity; recall counts
annotated entities found, precision extracted ones right (themes are not annotated, so not
counted). A pair is found where an extracted tie joins the two matched entities, either way
round, whatever its relation (how often the relation agrees is given beside); precision counts
extracted ties between entities other than themes, except the place hierarchy (WITHIN), which
annotators did not write.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.extraction.extract import extract  # noqa: E402
from assetgraph.extraction.language import pipeline  # noqa: E402
from assetgraph.graphmodel.names import normalise  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
PRIVATE = Path("/work/corpus-private/texts")
KINDS = ("organisation", "partnership", "initiative", "service", "person", "place")
_UNSCORED = {"theme"}
_PAGE = 3000  # characters of text to a printed page


def _key(label: str) -> str:
    key = normalise(label)
    return key[4:] if key.startswith("the ") else key


@dataclass
class Score:
    """Counts over documents: per kind, annotated / found / extracted / right; pairs likewise."""

    kinds: Counter = field(default_factory=Counter)
    pairs: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.kinds.update(other.kinds)
        self.pairs.update(other.pairs)
        self.errors += other.errors


def score(gold: dict, draft, doc: str) -> Score:
    """How ``draft`` (extracted from one document) agrees with the document's ``gold``."""
    out = Score()
    by_label: dict[str, int] = {}
    entities = gold.get("entities") or []
    for i, entity in enumerate(entities):
        for label in [entity["name"], *(entity.get("aliases") or [])]:
            by_label.setdefault(_key(str(label)), i)
    hits = {}
    for e in draft.entities:
        hits[id(e)] = next((by_label[k] for k in map(_key, e.labels()) if k in by_label), None)
    found = {i for i in hits.values() if i is not None}
    for i, entity in enumerate(entities):
        out.kinds[(entity["kind"], "annotated")] += 1
        if i in found:
            out.kinds[(entity["kind"], "found")] += 1
        else:
            out.errors.append(f"{doc}: missed {entity['kind']} {entity['name']!r}")
    for e in draft.entities:
        if e.kind.value in _UNSCORED:
            continue
        out.kinds[(e.kind.value, "extracted")] += 1
        if hits[id(e)] is not None:
            out.kinds[(e.kind.value, "right")] += 1
            out.kinds[("kind", "agrees")] += entities[hits[id(e)]]["kind"] == e.kind.value
        else:
            out.errors.append(f"{doc}: wrong {e.kind.value} {e.name!r}")
    stated: dict[frozenset[int], str] = {}
    for pair in gold.get("pairs") or []:
        a, b = by_label.get(_key(str(pair[0]))), by_label.get(_key(str(pair[1])))
        if a is not None and b is not None and a != b:
            stated.setdefault(frozenset((a, b)), pair[2])
    got: set[frozenset[int]] = set()
    for tie in draft.ties.values():
        if tie.relation.value == "WITHIN" or {tie.source.kind.value, tie.target.kind.value} & _UNSCORED:
            continue
        out.pairs["extracted"] += 1
        inferred = all(e.inferred for e in tie.evidence)
        out.pairs["inferred"] += inferred
        a, b = hits[id(tie.source)], hits[id(tie.target)]
        pair = frozenset((a, b)) if a is not None and b is not None and a != b else None
        if pair in stated:
            out.pairs["right"] += 1
            out.pairs["inferred right"] += inferred
            out.pairs["type agrees"] += stated[pair] == tie.relation.value
            got.add(pair)
        else:
            out.errors.append(f"{doc}: wrong tie {tie.source.name} {tie.relation.value} {tie.target.name}")
    out.pairs["annotated"] += len(stated)
    out.pairs["found"] += len(got)
    for pair, relation in stated.items():
        if pair not in got:
            a, b = sorted(pair)
            out.errors.append(f"{doc}: missed tie {entities[a]['name']} {relation} {entities[b]['name']}")
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def report(title: str, s: Score) -> None:
    print(f"\n== {title}")
    print(f"{'kind':<14}{'gold':>6}{'found':>7}{'recall':>8}{'extracted':>11}{'right':>7}{'precision':>11}")
    total = Counter()
    for kind in KINDS:
        row = {k: s.kinds[(kind, k)] for k in ("annotated", "found", "extracted", "right")}
        total.update(row)
        print(
            f"{kind:<14}{row['annotated']:>6}{row['found']:>7}{_ratio(row['found'], row['annotated']):>8}"
            f"{row['extracted']:>11}{row['right']:>7}{_ratio(row['right'], row['extracted']):>11}"
        )
    print(
        f"{'all':<14}{total['annotated']:>6}{total['found']:>7}{_ratio(total['found'], total['annotated']):>8}"
        f"{total['extracted']:>11}{total['right']:>7}{_ratio(total['right'], total['extracted']):>11}"
    )
    print(f"kinds agree on {s.kinds[('kind', 'agrees')]} of {total['right']} matched entities")
    p = s.pairs
    print(
        f"related pairs: gold {p['annotated']}, found {p['found']}, recall {_ratio(p['found'], p['annotated'])}; "
        f"extracted {p['extracted']}, right {p['right']}, precision {_ratio(p['right'], p['extracted'])}; "
        f"relation agrees on {p['type agrees']}"
    )
    said, said_right = p["extracted"] - p["inferred"], p["right"] - p["inferred right"]
    print(
        f"of which stated in the text (not inferred): extracted {said}, right {said_right}, "
        f"precision {_ratio(said_right, said)}; inferred: {p['inferred']}, right {p['inferred right']}"
    )


def documents(split: str | None, private: Path) -> tuple[list[tuple[dict, Path]], list[str]]:
    """(manifest row, text path) of each document of ``split`` whose text is here, and the ids left out."""
    rows = list(csv.DictReader((CORPUS / "manifest.csv").open(encoding="utf-8")))
    kept, missing = [], []
    for row in sorted(rows, key=lambda r: r["id"]):
        if split and row["split"] != split:
            continue
        text = CORPUS / "texts" / f"{row['id']}.txt"
        if not text.exists():
            text = private / f"{row['id']}.txt"
        (kept.append((row, text)) if text.exists() else missing.append(row["id"]))
    return kept, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "measure"], help="one half only (default: both, apart)")
    parser.add_argument("--private", type=Path, default=PRIVATE, help="folder of the texts kept out of the repository")
    parser.add_argument("--errors", action="store_true", help="list what was missed and what was wrong")
    parser.add_argument("--limit", type=int, help="read only the first N documents of each half")
    args = parser.parse_args()
    start = time.perf_counter()
    pipeline()
    print(f"language pipeline loaded in {time.perf_counter() - start:.1f} s")
    for split in [args.split] if args.split else ["tune", "measure"]:
        docs, missing = documents(split, args.private)
        docs = docs[: args.limit] if args.limit else docs
        if missing:
            print(f"\n{split}: {len(missing)} documents without their text here: {', '.join(missing)}")
        total, chars, took = Score(), 0, 0.0
        for row, text in docs:
            gold = yaml.safe_load((CORPUS / "gold" / f"{row['id']}.yaml").read_text(encoding="utf-8"))
            start = time.perf_counter()
            draft = extract([text])
            took += time.perf_counter() - start
            chars += len(text.read_text(encoding="utf-8"))
            total.add(score(gold, draft, row["id"]))
        per_page = took / max(chars / _PAGE, 1e-9)
        report(f"{split}: {len(docs)} documents, {chars:,} characters, {took:.1f} s ({per_page:.2f} s a page)", total)
        if args.errors:
            print("\n".join(total.errors))


if __name__ == "__main__":
    main()
