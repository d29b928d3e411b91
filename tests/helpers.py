"""Small builders shared by the tests."""

from __future__ import annotations

from assetgraph.graphmodel import Edge, Organisation, Provenance

SRC = [Provenance(source="test")]


def org(name: str, **kw) -> Organisation:
    return Organisation(name=name, provenance=kw.pop("provenance", SRC), **kw)


def edge(source: str, relation: str, target: str, **kw) -> Edge:
    return Edge(source=source, relation=relation, target=target, provenance=kw.pop("provenance", SRC), **kw)
