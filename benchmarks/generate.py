"""Synthetic, national-shaped asset graphs for benchmarks.

A place hierarchy of the United Kingdom, four nations, ~360 councils and up to ~40,000 small
areas; organisations mostly small and local with a few national ones; services run by
organisations; networks and partnerships with heavy-tailed membership; partnership and
signposting ties that favour the same council. Degrees follow preferential attachment, so a few
hubs have thousands of ties, as in real directories.

    python benchmarks/generate.py mid -o mid.json
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.graphmodel import (  # noqa: E402
    AssetGraph,
    Edge,
    Initiative,
    Organisation,
    Partnership,
    Place,
    Provenance,
    Service,
    Theme,
    save_graph,
)

SRC = [Provenance(source="synthetic")]
NATIONS = {"England": 300, "Scotland": 32, "Wales": 22, "Northern Ireland": 11}
THEMES = [
    "Smoking",
    "Mental health",
    "Nutrition",
    "Physical activity",
    "Screening",
    "Food insecurity",
    "Loneliness",
    "Long-term conditions",
    "Poverty",
    "Debt advice",
    "Housing",
    "Employment",
    "Learning",
    "Substance use",
    "Alcohol",
    "Sexual health",
    "Maternity",
    "Early years",
    "Carers",
    "Dementia",
    "Disability",
    "Domestic abuse",
    "Youth",
    "Older people",
    "Digital inclusion",
    "Transport",
    "Fuel poverty",
    "Refugees",
    "Gambling",
    "Suicide prevention",
]
SCALES = [("neighbourhood", 0.55), ("local", 0.38), ("regional", 0.05), ("national", 0.02)]
SECTORS = [
    ("community_led", 0.45),
    ("third_sector", 0.35),
    ("public", 0.12),
    ("private", 0.05),
    ("academic", 0.02),
    ("funder", 0.01),
]


@dataclass(frozen=True)
class Size:
    small_areas: int
    organisations: int


SIZES = {
    "tiny": Size(400, 150),
    "small": Size(4_000, 4_000),
    "mid": Size(15_000, 18_000),
    "large": Size(40_000, 75_000),
}


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


class _Preferential:
    """Draws nodes with probability growing with the times they were drawn (Barabasi-Albert)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.pool = rng, []

    def add(self, node: str) -> None:
        self.pool.append(node)

    def draw(self) -> str:
        node = self.rng.choice(self.pool)
        self.pool.append(node)
        return node


def generate(size: str | Size, seed: int = 0) -> AssetGraph:
    """An asset graph of the named size (``small``, ``mid``, ``large``)."""
    spec = SIZES[size] if isinstance(size, str) else size
    rng = random.Random(seed)
    g = AssetGraph(f"synthetic {size}")
    add_node, add_edge = g.add_node, g.add_edge

    def link(source: str, relation: str, target: str, **kw) -> None:
        add_edge(Edge(source=source, relation=relation, target=target, provenance=SRC, **kw))

    add_node(Place(name="United Kingdom", level="country", provenance=SRC))
    councils: list[str] = []
    nation_of: dict[str, str] = {}
    for nation, n in NATIONS.items():
        nid = add_node(Place(name=nation, level="nation", provenance=SRC)).id
        link(nid, "WITHIN", "place:united-kingdom")
        for i in range(n):
            cid = add_node(Place(name=f"{nation} council {i}", level="local_authority", provenance=SRC)).id
            link(cid, "WITHIN", nid)
            councils.append(cid)
            nation_of[cid] = nid
    areas_of: dict[str, list[str]] = {c: [] for c in councils}
    council_of: dict[str, str] = {}
    for i in range(spec.small_areas):
        council = councils[int(rng.paretovariate(1.2) * 7) % len(councils)]
        area = add_node(
            Place(
                name=f"area {i}",
                level="small_area",
                deprivation_decile=rng.randint(1, 10),
                deprivation_rank=i + 1,
                population=rng.randint(800, 3000),
                provenance=SRC,
            )
        ).id
        link(area, "WITHIN", council)
        areas_of[council].append(area)
        council_of[area] = council
    for council, areas in areas_of.items():
        if not areas:
            area = add_node(Place(name=f"{council} centre", level="small_area", provenance=SRC)).id
            link(area, "WITHIN", council)
            areas.append(area)
            council_of[area] = council
    themes = [add_node(Theme(name=t, provenance=SRC)).id for t in THEMES]
    theme_weights = [1 / (i + 1) for i in range(len(themes))]

    def themes_for(n: int) -> set[str]:
        return set(rng.choices(themes, theme_weights, k=n))

    orgs_in: dict[str, list[str]] = {c: [] for c in councils}
    national: list[str] = []
    partner_pool, service_pool = _Preferential(rng), _Preferential(rng)
    home: dict[str, str] = {}
    for i in range(spec.organisations):
        scale = _pick(rng, SCALES)
        council = rng.choice(councils)
        oid = add_node(Organisation(name=f"org {i}", sector=_pick(rng, SECTORS), scale=scale, provenance=SRC)).id
        place = {
            "neighbourhood": rng.choice(areas_of[council]),
            "local": council,
            "regional": council,
            "national": nation_of[council],
        }[scale]
        link(oid, "LOCATED_IN", place)
        served = [place] + ([rng.choice(areas_of[council])] if scale == "neighbourhood" and rng.random() < 0.5 else [])
        for p in dict.fromkeys(served):
            if p != place:
                link(oid, "SERVES", p)
        for t in themes_for(rng.randint(1, 3)):
            link(oid, "ADDRESSES", t)
        orgs_in[council].append(oid)
        home[oid] = council
        (national if scale == "national" else []).append(oid)
        partner_pool.add(oid)
        for _ in range(rng.randint(1, 2)):
            sid = add_node(
                Service(
                    name=f"service {len(service_pool.pool)} of {oid}",
                    scale="national" if scale == "national" else "local",
                    provenance=SRC,
                )
            ).id
            link(oid, "RUNS", sid)
            link(sid, "SERVES", nation_of[council] if scale == "national" else council)
            for t in themes_for(rng.randint(1, 2)):
                link(sid, "ADDRESSES", t)
            service_pool.add(sid)
            home[sid] = council
    all_orgs = list(partner_pool.pool)
    for oid in all_orgs:
        for _ in range(rng.randint(1, 3)):
            local = orgs_in[home[oid]]
            other = rng.choice(local) if rng.random() < 0.7 and len(local) > 1 else partner_pool.draw()
            if other != oid:
                link(oid, "PARTNERS_WITH", other)
        for target in dict.fromkeys(service_pool.draw() for _ in range(rng.randint(1, 4))):
            if home[target] == home[oid] or rng.random() < 0.3:
                link(
                    oid, rng.choice(["SIGNPOSTS_TO", "SIGNPOSTS_TO", "REFERS_TO"]), target, trust=round(rng.random(), 2)
                )
    for i in range(len(all_orgs) // 10):
        host = partner_pool.draw()
        nid = add_node(Initiative(name=f"network {i}", type="network", provenance=SRC)).id
        link(host, "RUNS", nid)
        link(nid, "SERVES", home[host])
        for member in {partner_pool.draw() for _ in range(min(int(rng.paretovariate(1.3) * 3), 200))} - {host}:
            link(member, "MEMBER_OF", nid)
    for i in range(len(all_orgs) // 50):
        pid = add_node(Partnership(name=f"partnership {i}", provenance=SRC)).id
        council = rng.choice(councils)
        link(pid, "SERVES", council)
        for member in {rng.choice(orgs_in[council] or all_orgs) for _ in range(rng.randint(3, 15))}:
            link(member, "MEMBER_OF", pid)
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    graph = generate(args.size, args.seed)
    save_graph(graph, args.output)
    print(f"{args.output}: {len(graph)} nodes, {graph.number_of_edges()} edges")


if __name__ == "__main__":
    main()
