"""Need themes a record leaves unstated, inferred into the graph: each service, initiative and
organisation ADDRESSES the needs its name and description speak of (:mod:`assetgraph.needs`),
and those its publisher's own taxonomy terms stand for in the vocabulary's crosswalk.

Every such edge is marked inferred; its locator gives the rule and its snippet the words that
triggered it. A theme the record states already is left as it is (an inferred one is added
beside it, never over it), and a need's theme is the graph's theme of that name where there is
one.

>>> from assetgraph.graphmodel import AssetGraph, Service, Provenance
>>> g = AssetGraph()
>>> _ = g.add_node(Service(name="Scunthorpe Food Bank", description="Emergency food parcels.",
...                        provenance=[Provenance(source="feed.json")]))
>>> infer_need_themes(g)
1
>>> [(e.target, e.provenance[0].snippet) for e in g.edges("ADDRESSES")]
[('theme:food', 'Food Bank; food parcels')]
"""

from __future__ import annotations

from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph
from ..graphmodel.names import node_id
from ..graphmodel.nodes import Node, Theme
from ..graphmodel.vocabulary import NodeKind, Relation
from ..needs import NeedHit, NeedVocabulary, classify, load_needs
from ..needs.vocabulary import VOCABULARY_SOURCE, Need

__all__ = ["infer_need_themes", "NEED_TAXONOMY", "THEMED_KINDS"]

#: the taxonomy a need theme made here names
NEED_TAXONOMY = "assetgraph needs"
#: the kinds of node whose descriptions are read for needs, in the order they are read
THEMED_KINDS = (NodeKind.SERVICE, NodeKind.INITIATIVE, NodeKind.ORGANISATION)


def _theme(graph: AssetGraph, need: Need) -> str:
    """The id of the graph's theme for ``need``, added (with the synonyms no other theme is
    called by as aliases) where the graph holds none."""
    found = graph.lookup(need.name, NodeKind.THEME)
    if len(found) == 1:
        return found.pop()
    if node_id(NodeKind.THEME.value, need.name) in found:
        return node_id(NodeKind.THEME.value, need.name)
    theme = Theme(
        name=need.name,
        aliases=[s for s in need.synonyms if not graph.lookup(s, NodeKind.THEME)],
        description=need.definition,
        taxonomy=NEED_TAXONOMY,
        provenance=[{"source": VOCABULARY_SOURCE, "locator": need.name}],
    )
    return graph.add_node(theme, resolve=False).id


def _crosswalked(graph: AssetGraph, stated: set[str], needs: NeedVocabulary) -> list[NeedHit]:
    """The needs the stated themes' names or aliases stand for in the crosswalk."""
    hits: dict[str, NeedHit] = {}
    for theme in sorted(stated):
        node = graph.node(theme)
        for term in [node.name, *node.aliases]:
            for need in needs.crosswalked(term):
                hits.setdefault(need, NeedHit(need, f"crosswalk from the stated theme '{node.name}'", [term]))
    return list(hits.values())


def _needs_of(graph: AssetGraph, node: Node, stated: set[str], needs: NeedVocabulary) -> list[NeedHit]:
    found = classify([node.name, node.description], needs) if node.description else []
    seen = {h.need for h in found}
    return found + [h for h in _crosswalked(graph, stated, needs) if h.need not in seen]


def infer_need_themes(graph: AssetGraph, vocabulary: NeedVocabulary | None = None) -> int:
    """Add the inferred ADDRESSES edges (see the module); how many were added.

    What each body addresses already is gathered once from the edges' ends, and each need's
    theme is found once, rather than per body: a build reads tens of thousands of bodies."""
    needs = vocabulary or load_needs()
    addressed: dict[str, set[str]] = {}
    for source, target in graph.ends(Relation.ADDRESSES):
        addressed.setdefault(source, set()).add(target)
    themes: dict[str, str] = {}
    added = 0
    for node in [n for kind in THEMED_KINDS for n in graph.nodes(kind)]:
        stated = addressed.get(node.id, set())
        for hit in _needs_of(graph, node, stated, needs):
            if hit.need not in themes:
                themes[hit.need] = _theme(graph, needs.get(hit.need))
            theme = themes[hit.need]
            if theme in stated:
                continue
            evidence = {
                "source": node.provenance[0].source,
                "locator": f"{node.id}, {hit.explained()}",
                "snippet": "; ".join(hit.words),
                "inferred": True,
            }
            graph.add_edge(Edge(source=node.id, relation=Relation.ADDRESSES, target=theme, provenance=[evidence]))
            stated.add(theme)
            added += 1
    return added
