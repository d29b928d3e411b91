"""Need themes at build speed (issue 28): the classifier tries only the needs whose cues begin
with a lemma of the text, lemmas are remembered per word, the crosswalk is a look-up and a build
gathers what each body addresses once. Each is checked against the path it replaced, kept here
as the oracle, on the seed map, the publisher-shape fixtures and thousands of generated texts
made of the vocabulary's own cues, negations and filler."""

from __future__ import annotations

import importlib
import json
import random

import pytest

from assetgraph.graphmodel import AssetGraph
from assetgraph.graphmodel.vocabulary import NodeKind, Relation
from assetgraph.loaders import load
from assetgraph.loaders import need_themes as module
from assetgraph.loaders.loading import seed_path
from assetgraph.needs import classify, load_needs
from assetgraph.needs.classify import DOMINANCE, NEGATIONS, _hit, _Text
from assetgraph.needs.lemmas import WORD, lemma

from .publisher_shapes import directory, grants, recipients

FILLER = "the a any and for with of to in our we every week free local people help support group club".split()


def _every_need_tried(texts: list[str | None]) -> list[tuple[str, str, list[str]]]:
    """The classifier before issue 28: every need tried on every text, each word lemmatised."""
    read = []
    for raw in (t for t in texts if t):
        found = list(WORD.finditer(raw))
        read.append(_Text(raw, [m.span() for m in found], [lemma(m.group().lower().replace("’", "'")) for m in found]))
    if not read:
        return []
    hits = [h for h in (_hit(need, read) for need in load_needs().needs) if h is not None]
    top = max((score for score, _, _ in hits), default=0)
    return [(h.need, h.rule, h.words) for score, named, h in hits if named or score * DOMINANCE >= top]


def _classified(texts: list[str | None]) -> list[tuple[str, str, list[str]]]:
    return [(h.need, h.rule, h.words) for h in classify(texts)]


def _generated(count: int, rng: random.Random) -> list[list[str | None]]:
    """Records written from the vocabulary's cues of every kind, their synonyms and crosswalk
    terms, negations and filler, in mixed case, plural and apostrophe forms. Each record leans
    on one need (half its words from that need's cues, often its weak cues only), so the rules
    that need several cues of one need fire too."""
    needs = load_needs().needs
    phrases = [p for n in needs for p in (*n.cues, *n.sure_cues, *n.weak_cues, *n.not_cues, *n.synonyms)]
    words = [*phrases, *sorted(NEGATIONS), *FILLER, *(t for n in needs for ts in n.crosswalk.values() for t in ts)]

    def text(length: int, focus: list[str]) -> str:
        out = []
        for _ in range(length):
            word = rng.choice(focus if rng.random() < 0.5 else words if rng.random() < 0.7 else FILLER)
            form = rng.random()
            word = word.upper() if form < 0.1 else word.title() if form < 0.2 else word
            word = word + "s" if rng.random() < 0.1 else word + "’s" if rng.random() < 0.05 else word
            out.append(word + rng.choice(["", "", "", ",", ".", ";", " -"]))
        return " ".join(out)

    records: list[list[str | None]] = []
    for _ in range(count):
        need = rng.choice(needs)
        focus = need.weak_cues if need.weak_cues and rng.random() < 0.5 else [*need.cues, *need.weak_cues]
        name = text(rng.randint(1, 4), focus)
        records.append([name, *(text(rng.randint(0, 30), focus) or None for _ in range(rng.choice([0, 1, 1, 2])))])
    return records


def _fixture_texts(tmp_path) -> list[list[str | None]]:
    seed = load(seed_path())
    feed = tmp_path / "oruk.json"
    feed.write_text(json.dumps(directory(services=60)))
    funded = tmp_path / "grants.json"
    funded.write_text(
        json.dumps(grants({"id": "GB-CHC-1", "name": "Funder"}, recipients(30, "GB-COH", ["E06000013"]), "f"))
    )
    shaped = load(feed, funded, infer=False)
    return [[n.name, n.description] for g in (seed, shaped) for n in g.nodes()]


def test_the_classifier_finds_what_trying_every_need_found_on_fixtures_and_generated_texts(tmp_path):
    records = [*_fixture_texts(tmp_path), *_generated(3000, random.Random(28))]
    found = 0
    for texts in records:
        expected = _every_need_tried(texts)
        assert _classified(texts) == expected, texts
        found += bool(expected)
    # the generated texts reach the rules: most find a need, so a prefilter that skipped a
    # need it should have tried would show
    assert found > len(records) / 2


def test_a_text_holding_no_cues_first_lemma_tries_no_need(monkeypatch):
    tried = []
    classifier = importlib.import_module("assetgraph.needs.classify")
    monkeypatch.setattr(classifier, "_hit", lambda need, texts: tried.append(need.name))
    classify(["Service 12", "Help number 12 here"])
    assert tried == []
    classify(["Food Bank", "Help number 12 here"])
    assert "food" in tried and len(tried) < len(load_needs().needs)


def test_the_crosswalk_look_up_finds_what_scanning_every_need_found():
    needs = load_needs()
    terms = {t for n in needs.needs for ts in n.crosswalk.values() for t in ts}
    for term in [*terms, *(f"  {t.upper()} " for t in terms), "Art", ""]:
        key = term.strip().casefold()
        scanned = [n.name for n in needs.needs if any(key == t.casefold() for ts in n.crosswalk.values() for t in ts)]
        assert needs.crosswalked(term) == scanned, term


def _inferred_before(graph: AssetGraph) -> int:
    """infer_need_themes before issue 28: each body's stated themes and each hit's theme
    looked up in the graph anew."""
    needs = load_needs()
    added = 0
    for node in [n for kind in module.THEMED_KINDS for n in graph.nodes(kind)]:
        stated = {e.target for e in graph.edges(Relation.ADDRESSES, node=node.id) if e.source == node.id}
        for hit in module._needs_of(graph, node, stated, needs):
            theme = module._theme(graph, needs.get(hit.need))
            if theme in stated:
                continue
            evidence = {
                "source": node.provenance[0].source,
                "locator": f"{node.id}, {hit.explained()}",
                "snippet": "; ".join(hit.words),
                "inferred": True,
            }
            graph.add_edge(
                module.Edge(source=node.id, relation=Relation.ADDRESSES, target=theme, provenance=[evidence])
            )
            stated.add(theme)
            added += 1
    return added


def _addresses(graph: AssetGraph) -> list[tuple]:
    return sorted(
        (e.source, e.target, json.dumps(e.model_dump(mode="json"), sort_keys=True)) for e in graph.edges("ADDRESSES")
    )


@pytest.mark.parametrize("which", ["seed", "directory"])
def test_the_build_infers_the_same_edges_as_before(which, tmp_path):
    if which == "seed":
        paths = [seed_path()]
    else:
        paths = [tmp_path / "oruk.json"]
        paths[0].write_text(json.dumps(directory(services=80)))
    now, before = load(*paths, infer=False), load(*paths, infer=False)
    assert module.infer_need_themes(now) == _inferred_before(before) > 0
    assert _addresses(now) == _addresses(before)
    assert sorted(n.id for n in now.nodes(NodeKind.THEME)) == sorted(n.id for n in before.nodes(NodeKind.THEME))
