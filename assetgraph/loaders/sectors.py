"""Sector and scale where a source leaves them out, inferred into the graph after entity
resolution (issue 25, item 1).

Each organisation with no ``sector`` gets one from the first rule that applies, in this order:

1. ``funder``: a body whose only ties are grants it gives;
2. ``name words`` of a grant-maker (Community Foundation, trust fund: funder), then of a body a
   community runs for itself: Community Association, Residents, Tenants, Friends of, village
   halls, clubs, choirs, WIs, Scout groups, British Legion branches, parkruns, Men's Sheds,
   steering groups and other small groups (community-led). These come before register numbers,
   unlike the issue's list: such bodies are often registered charities too, and measured on the
   labels (benchmarks/sector_inference.py) a charity number put 40 of them in the third sector;
3. ``grant programme``: a grant it receives from a programme for community pubs (community-led:
   the pubs Power to Change's More Than a Pub funds are owned by their communities);
4. ``org-id prefix``: GB-CHC, GB-SC, GB-NIC (third sector); GB-COH with CIC in the name (third
   sector); GB-LAE, GB-LAS, GB-PLA, GB-GOR, GB-NHS (public); GB-EDU (academic);
5. ``register number``: a charity number in the record's identifiers or description, or a
   registered society's company number (IP, RS: third sector);
6. ``name words``: Council, NHS, Health Board, Police, a Trust with health words, a school
   (public); University, College (academic); CIC, charity, foundation, trust (third sector); Ltd
   or Limited with no charity or CIC mark, and trades sold by the hour (counselling, coaching,
   fitness, Pilates: private);
7. ``web domain``: a gov.uk, police.uk, nhs.uk or nhs.net address (public), ac.uk (academic);
8. ``description words``: a description that calls the body a charity, a non-profit or a CIC
   (third sector), community-owned, run by its members or a group of neighbours
   (community-led), or a company or business with customers, or one person speaking of
   themself, as a sole trader does (private);
9. ``services run``: the same words in the names and descriptions of the services it RUNS (a
   body that runs only a veterans' breakfast club "we are a group of veterans" is community-led);
10. ``web domain``: an .org or .org.uk address (third sector), read after the descriptions, as a
    group's page on a shared .org host says more in its own words;
11. ``grant recipient``: a body that receives grants and shows no other mark (third sector).

Rules 7 to 11 are not in the issue's list and are read only where the others find nothing.
A body with no ``scale`` gets one from stated evidence first, then stated areas, and only last
from inferred areas, so an inferred area never outranks the record's own words:

1. ``name words``: a district or county ("Scunthorpe and District": local); a village, a town or
   parish council, a WI, a Scout group, a branch, a community centre, shop or pub
   (neighbourhood); the name of one council the graph holds ("Healthwatch North Lincolnshire":
   local), of two or more, or of a health board's area (regional); a national body's name
   followed by a place, as federated charities name their branches ("Age UK Leeds": local);
   National, UK, British, England, Federation (national);
2. ``description words``: "across the UK", "nationwide", "the UK's", "a national charity"
   (national), "across the North East" (regional); not where the body says it is one of many
   across the country (a member of a national network);
3. ``area served``: the places it and the services it runs are stated to SERVE: a nation or
   the UK (national), several councils or a region (regional), one council (local), small
   areas or neighbourhoods only (neighbourhood);
4. ``inferred area served``: the same from areas that were themselves inferred (a directory's
   own area given at build, a grant's beneficiary area), where a small area says neighbourhood
   only of a community-led body: any other body a grant reaches in one small area is taken to
   work across its town (local).

A value a source states is never overwritten. An inferred one is written to the node with a
provenance entry marked ``inferred`` whose locator names the field and the rule and whose
snippet holds the words that triggered it, so a reader can tell the two apart.

>>> from assetgraph.graphmodel import AssetGraph, Organisation, Provenance
>>> g = AssetGraph()
>>> _ = g.add_node(Organisation(name="Crowle Bowls Club", provenance=[Provenance(source="feed.json")]))
>>> infer_sectors(g).sectors
Counter({'name words': 1})
>>> node = g.find("Crowle Bowls Club")
>>> node.sector.value, node.provenance[-1].locator, node.provenance[-1].snippet
('community_led', 'sector inferred by rule: name words', 'Club')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ..geography.everyday_names import everyday_names
from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import organisation_keys
from ..graphmodel.nodes import Node, Organisation
from ..graphmodel.provenance import Provenance
from ..graphmodel.vocabulary import NodeKind, PlaceLevel, Relation, Scale, Sector

__all__ = ["Inferred", "SectorCounts", "infer_sector", "infer_scale", "infer_sectors"]


@dataclass(frozen=True)
class Inferred:
    """A value a rule gave, with the rule and the words (or facts) that triggered it."""

    value: str
    rule: str
    evidence: str


@dataclass
class SectorCounts:
    """How many organisations got a sector, and a scale, by each rule."""

    sectors: Counter[str] = field(default_factory=Counter)
    scales: Counter[str] = field(default_factory=Counter)


_PREFIXES: tuple[tuple[str, Sector], ...] = (
    ("GB-CHC-", Sector.THIRD_SECTOR),
    ("GB-SC-", Sector.THIRD_SECTOR),
    ("GB-NIC-", Sector.THIRD_SECTOR),
    ("GB-LAE-", Sector.PUBLIC),
    ("GB-LAS-", Sector.PUBLIC),
    ("GB-PLA-", Sector.PUBLIC),
    ("GB-GOR-", Sector.PUBLIC),
    ("GB-NHS-", Sector.PUBLIC),
    ("GB-EDU-", Sector.ACADEMIC),
)


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_CIC = _words(r"C\.?I\.?C\.?", "community interest company")
_CHARITY_MARK = _words("charity", "charitable", r"C\.?I\.?O\.?", "CIC", "community interest company")
_HEALTH = r"(?:NHS|health|healthcare|hospitals?|care|ambulance|mental health|partnership|foundation)"
#: name words by sector, tried in this order (a public body's name may hold a community word)
_NAME_WORDS: tuple[tuple[Sector, re.Pattern[str]], ...] = (
    (Sector.PUBLIC, _words(r"(?:borough|county|city|district|town|parish|metropolitan)\s+council")),
    (Sector.PUBLIC, re.compile(r"\bCouncil\b(?!\s+(?:for|of)\b)", re.IGNORECASE)),
    (Sector.PUBLIC, _words("NHS", "health board", "police", "constabulary", "fire and rescue")),
    (Sector.PUBLIC, _words(rf"{_HEALTH}\s+(?:\w+\s+)?trust", "clinical commissioning group")),
    (Sector.PUBLIC, _words("primary school", "junior school", "infant school", "secondary school", "academy trust")),
    (Sector.ACADEMIC, _words("university", "college", "academia")),
    (Sector.THIRD_SECTOR, _CIC),
    (Sector.THIRD_SECTOR, _words("charity", "charitable", "housing association", "hospice", "foundation", "trust")),
    (Sector.THIRD_SECTOR, _words(r"national [\w' ]*society", "federation", "mind", "age uk", "citizens advice")),
    (Sector.PRIVATE, _words("ltd", "limited", "llp", "plc")),
    (
        Sector.PRIVATE,
        _words(
            "counsell(?:ing|or)",
            "coaching",
            "pilates",
            "yoga",
            "zumba",
            "martial arts",
            "tuition",
            "fitness",
            "therapy",
            "hypnotherapy",
            "psychology services",
            "home ?care",
            "alarms",
            "personal training",
        ),
    ),
)
#: words of a grant-maker's name, read first: a community foundation or a club's trust fund is
#: often a registered charity too, and its name says what it does
_FUNDER_WORDS: tuple[tuple[Sector, re.Pattern[str]], ...] = (
    (Sector.FUNDER, _words("community foundation", "trust fund", "grant[- ]?making", "UnLtd")),
)
#: words of a body a community runs for itself, read before its register numbers: a village
#: hall, a Scout group or a Women's Institute is often a registered charity too
_COMMUNITY_WORDS: tuple[tuple[Sector, re.Pattern[str]], ...] = (
    (
        Sector.COMMUNITY_LED,
        _words(
            "community association",
            "residents",
            "residents'?",
            "tenants'?",
            r"friends of(?! the earth)",
            "village hall",
            "memorial hall",
            "community (?:centre|center|hall|(?:book)?shop|pub|store|cafe|café|garden)",
            "community (?:land trust|society|trust|library)",
            "neighbou?rhood (?:trust|council)",
            "(?:senior citizens|seniors|senior forum|pensioners)",
            "playing fields? association",
            "players",
            "cohousing",
            "young farmers'?",
            "guild",
            "british legion",
            "clubs?",
            "choir",
            "choral",
            "singers",
            r"(?:gardening|garden|allotment|horticultural|history|operatic|dramatic|drama|art|arts) (?:society|group)",
            "women'?s institute",
            "W\\.?I\\.?",
            "townswomen'?s guild",
            "scouts?",
            "guides",
            "brownies",
            "parkrun",
            "men'?s sheds?",
            "men in sheds",
            "u3a",
            "(?:support|social|toddler|parent|walking|friendship|craft|knit\\w*|coffee|lunch) group",
            "walkers",
            "steering group",
            "church",
            "chapel",
        ),
    ),
)
_DOMAINS: tuple[tuple[Sector, re.Pattern[str]], ...] = (
    (Sector.PUBLIC, re.compile(r"[./@](?:[\w-]+\.)*(gov\.uk|police\.uk|nhs\.uk|nhs\.net)\b", re.IGNORECASE)),
    (Sector.ACADEMIC, re.compile(r"[./@](?:[\w-]+\.)*(ac\.uk)\b", re.IGNORECASE)),
)
_DESCRIPTION_WORDS: tuple[tuple[Sector, re.Pattern[str]], ...] = (
    (Sector.THIRD_SECTOR, re.compile(r"\b(?:is|are) (?:a|an|the)\b[^.]{0,60}\bcharity\b", re.IGNORECASE)),
    (Sector.THIRD_SECTOR, re.compile(r"(?:^|[.!?]\s+)an? (?:[\w-]+ )?charity\b", re.IGNORECASE)),
    (Sector.THIRD_SECTOR, _words("registered charity", "CIC")),
    (
        Sector.THIRD_SECTOR,
        _words("community interest company", "not[- ]for[- ]profit", "non[- ]profit", "social enterprise"),
    ),
    (
        Sector.COMMUNITY_LED,
        _words(
            "community[- ]owned",
            "owned by the community",
            "run by (?:local )?volunteers",
            "run by its members",
            r"we are (?:a|an) (?:[\w-]+ ){0,3}group",
            "(?:a|our) group of (?:local )?(?:villagers|volunteers|veterans|residents|neighbours)",
            "peer[- ]led",
            "members are involved",
            "village hall committee",
            "men[’']?s sheds?",
        ),
    ),
    (
        Sector.PRIVATE,
        _words(
            r"(?:a|our) (?:small |family[- ]run )?(?:company|business)",
            r"(?:we are|we[’']re|is) (?:a|an) (?:[\w-]+ ){0,2}(?:company|business)",
            "ltd",
            "limited",
            "customers?",
        ),
    ),
    #: a sole trader speaks of themself: "I'm Sarah", "I can help you save"
    (Sector.PRIVATE, re.compile(r"\b(?:I[’']m|I am|I can|I have|I offer|my name is)\b")),
)
#: the .org domains charities use; read after the descriptions, which a community group's
#: own words on a shared host (e-voice.org.uk) outrank
_ORG_DOMAIN = ((Sector.THIRD_SECTOR, re.compile(r"[./@](?:[\w-]+\.)*(org(?:\.uk)?)\b(?!\.)", re.IGNORECASE)),)
#: a grant programme for community-owned pubs (Power to Change's More Than a Pub): the pubs it
#: funds are owned by their communities
_PROGRAMME_WORDS = ((Sector.COMMUNITY_LED, _words("pubs?")),)
#: Companies House numbers of registered societies (co-operative and community benefit
#: societies, once industrial and provident societies): not-for-profit, not private companies
_SOCIETY_NUMBER = re.compile(r"^(?:IP|RS)\d", re.IGNORECASE)
_CHARITY_NUMBER = re.compile(
    r"\b(?:registered )?charity (?:no\.?|number|reg(?:istration)?\.? (?:no\.?|number))[:\s]*(SC\d{6}|\d{6,7})",
    re.IGNORECASE,
)


def _first(patterns: tuple[tuple[StrEnum, re.Pattern[str]], ...], text: str, rule: str) -> Inferred | None:
    for value, pattern in patterns:
        found = pattern.search(text)
        if found:
            return Inferred(value.value, rule, found.group(0).strip(" ./@"))
    return None


class _Ties:
    """The ties of every body that the rules read, gathered once: where edges run from networkx's
    adjacency (each body's own edges in the order :meth:`AssetGraph.edges` gives them) and the
    few values read from the stored edges without reading their models. Asking the graph for
    each body's edges cost ~6 networkx views per body, each as long as the body's edges (a
    funder's thousands), 4.9 s of CPU for 20k grants; this costs one pass over the edges."""

    def __init__(self, graph: AssetGraph) -> None:
        view = graph.nx
        self.succ, self.pred = view.succ, view.pred
        self.kinds = graph.kinds()
        self.programmes = {(s, t, k): v for s, t, k, (v,) in graph.edge_values(Relation.FUNDS, "programme")}
        #: the services each body RUNS, in the order of its edges
        self.runs: dict[str, list[str]] = {}
        for source, target, *_ in graph.edge_values(Relation.RUNS):
            self.runs.setdefault(source, []).append(target)
        #: the places each asset SERVES, by whether the tie is inferred
        self.serves: dict[tuple[str, bool], set[str]] = {}
        for source, target, _, (provenance,) in graph.edge_values(Relation.SERVES, "provenance"):
            self.serves.setdefault((source, _inferred(provenance)), set()).add(target)

    def gives_only_grants(self, org: str) -> int:
        """How many grants ``org`` gives, where grants it gives are its only ties to other
        bodies (places aside); 0 otherwise."""
        given = 0
        for target, keys in self.succ[org].items():
            for attrs in keys.values():
                if attrs["relation"] == Relation.FUNDS:
                    given += 1
                elif self.kinds[target] != NodeKind.PLACE:
                    return 0
        if any(self.kinds[source] != NodeKind.PLACE for source in self.pred[org]):
            return 0
        return given

    def received(self, org: str) -> list[str | None]:
        """The programme of each grant ``org`` receives (None where it names none)."""
        return [
            self.programmes[(source, org, key)]
            for source, keys in self.pred[org].items()
            for key, attrs in keys.items()
            if attrs["relation"] == Relation.FUNDS
        ]


def _inferred(provenance: list) -> bool:
    """Whether any of a stored edge's provenance (models, or their dumped form) is inferred."""
    return any(p.get("inferred", False) if isinstance(p, dict) else p.inferred for p in provenance)


def _org_id_prefix(node: Organisation) -> Inferred | None:
    org_ids = {s: v for s, v in node.identifiers.items() if s not in ("charity_number", "company_number")}
    for key in sorted(organisation_keys(org_ids)):
        for prefix, sector in _PREFIXES:
            if key.startswith(prefix):
                return Inferred(sector.value, "org-id prefix", key)
        if key.startswith("GB-COH-") and _CIC.search(node.name):
            return Inferred(Sector.THIRD_SECTOR.value, "org-id prefix", f"{key} and {_CIC.search(node.name).group(0)}")
    return None


def _register_number(node: Organisation) -> Inferred | None:
    number = str(node.identifiers.get("charity_number", ""))
    if any(c.isdigit() for c in number):
        return Inferred(Sector.THIRD_SECTOR.value, "register number", f"charity number {number}")
    stated = _CHARITY_NUMBER.search(node.description or "")
    if stated:
        return Inferred(Sector.THIRD_SECTOR.value, "register number", stated.group(0))
    company = str(node.identifiers.get("company_number", ""))
    if _SOCIETY_NUMBER.match(company):
        return Inferred(Sector.THIRD_SECTOR.value, "register number", f"registered society {company}")
    return None


def _name_words(name: str) -> Inferred | None:
    found = _first(_NAME_WORDS, name, "name words")
    if found and found.value == Sector.PRIVATE.value and _CHARITY_MARK.search(name):
        return None
    return found


def infer_sector(
    node: Organisation,
    grants_given: int = 0,
    programmes: Sequence[str | None] = (),
    services: Sequence[str] = (),
) -> Inferred | None:
    """The sector of an organisation whose source states none, by the first rule of the module
    that applies, or None where none does (or a sector is stated). ``grants_given`` is how many
    grants the body gives where they are its only ties; ``programmes`` holds the programme of
    each grant it receives (None where a grant names none), and ``services`` the names and
    descriptions of the services it runs.

    >>> from assetgraph.graphmodel import Provenance
    >>> infer_sector(Organisation(name="Oikos", identifiers={"org_id": "GB-CHC-1090"},
    ...                           provenance=[Provenance(source="x")]))
    Inferred(value='third_sector', rule='org-id prefix', evidence='GB-CHC-1090')
    """
    if node.sector is not None:
        return None
    if grants_given:
        return Inferred(Sector.FUNDER.value, "funder", f"only gives grants ({grants_given})")
    text = " ".join(p for p in (node.url, node.email) if p)
    return (
        _first(_FUNDER_WORDS, node.name, "name words")
        or _first(_COMMUNITY_WORDS, node.name, "name words")
        or _first(_PROGRAMME_WORDS, " | ".join(p for p in programmes if p), "grant programme")
        or _org_id_prefix(node)
        or _register_number(node)
        or _name_words(node.name)
        or _first(_DOMAINS, text, "web domain")
        or _first(_DESCRIPTION_WORDS, node.description or "", "description words")
        or _first(_DESCRIPTION_WORDS, "\n".join(services), "services run")
        or _first(_ORG_DOMAIN, text, "web domain")
        or _grant_recipient(programmes)
    )


def _grant_recipient(programmes: Sequence[str | None]) -> Inferred | None:
    """Third sector for a body that receives grants and shows no other mark: grant-makers fund
    charities and social enterprises far more than companies or public bodies."""
    if not programmes:
        return None
    return Inferred(Sector.THIRD_SECTOR.value, "grant recipient", f"receives {len(programmes)} grants")


def _ties(graph: AssetGraph, ties: _Ties, org: str) -> tuple[list[str | None], list[str]]:
    """The programmes of the grants ``org`` receives, and the names and descriptions of the
    services it RUNS."""
    services = []
    for target in ties.runs.get(org, ()):
        service = graph.node(target)
        services.append(f"{service.name}. {getattr(service, 'description', None) or ''}")
    return ties.received(org), services


_LEVEL_SCALE = {
    PlaceLevel.COUNTRY: Scale.NATIONAL,
    PlaceLevel.NATION: Scale.NATIONAL,
    PlaceLevel.REGION: Scale.REGIONAL,
    PlaceLevel.HEALTH_BOARD: Scale.REGIONAL,
    PlaceLevel.LOCAL_AUTHORITY: Scale.LOCAL,
    PlaceLevel.NEIGHBOURHOOD: Scale.NEIGHBOURHOOD,
    PlaceLevel.SMALL_AREA: Scale.NEIGHBOURHOOD,
}
_SCALE_ORDER = [Scale.NEIGHBOURHOOD, Scale.LOCAL, Scale.REGIONAL, Scale.NATIONAL]

#: words of a name that say a body serves a village, an estate or part of a town, read before
#: national marks: "Crowle WI" or "Brigg Men in Sheds" may carry a national movement's name too
_NEIGHBOURHOOD_NAME = _words(
    "village",
    "(?:town|parish) council",
    "W\\.?I\\.?",
    "women'?s institute",
    "townswomen'?s guild",
    "parkrun",
    "scouts?",
    "scout group",
    "(?:men'?s|men in|the) sheds?",
    "community (?:centre|center|hall|association|shop|pub|kitchen|bakery|cafe|café|garden|library)",
    "community (?:development )?trust",
    "neighbou?rhood",
    "residents'?",
    "tenants'?",
    "playing fields? association",
    "(?:primary|junior|infant) school",
    "branch",
)
#: a district or county body ("Scunthorpe and District", "Sunderland District Scout Council")
_DISTRICT_NAME = _words("(?:and )?district", "county")
#: a national body's name followed by a place is one of its local branches ("Age UK Leeds",
#: "British Legion Cheriton and Morehall"); the words after the mark that do not start a place
#: are the nouns of a national body's own name ("British Heart Foundation")
_BODY_NOUNS = (
    r"foundation|society|trust|association|federation|charity|council|ltd|limited|cic|network|alliance"
    r"|institute|centre|services?|group|company|plc|llp|partnership|and|for|of|the"
)
_BRANCH_NAME = re.compile(
    rf"\b(?:UK|british \w+|national \w+)\s*[-–,]?\s+(?!(?:{_BODY_NOUNS})\b)[A-Z][\w'’-]+", re.IGNORECASE
)
_NATIONAL_NAME = _words("national", "UK", "british", "England", "Scotland", "Wales", "federation", "nationwide")
#: a body's own words (its description, then those of the services it runs) that say it works
#: across a nation, or a region
_NATIONAL_WORDS = _words(
    "(?:across|throughout|all over|around) the (?:UK|United Kingdom|country|nation)",
    "across (?:England|Scotland|Wales|Britain|Great Britain)",
    "UK[-‐ ]wide",
    "nationwide",
    "(?:the )?UK[’']s",
    "(?:the )?(?:largest|leading|biggest) (?:UK|national)",
    "national (?:charity|helpline|organisation|organization|network)",
    "(?:branches|groups|centres|services) (?:across|throughout|all over) (?:the )?(?:UK|country|England)",
    "UK population",
)
_REGIONAL_WORDS = _words(
    "across the (?:North East|North West|South East|South West|East Midlands|West Midlands|Midlands|North"
    "|South|East of England|Humber|Yorkshire)",
)


class _PlaceNames:
    """The councils and health boards the graph holds, read as names a body may carry: one
    council's name says local ("Healthwatch North Lincolnshire"), two or more, or a health board's
    area ("Humber and North Yorkshire"), regional."""

    def __init__(self, graph: AssetGraph) -> None:
        councils = {
            n for p in graph.nodes(NodeKind.PLACE) if p.level == PlaceLevel.LOCAL_AUTHORITY for n in _names(p.name)
        }
        boards = {
            n
            for p in graph.nodes(NodeKind.PLACE)
            if p.level in (PlaceLevel.HEALTH_BOARD, PlaceLevel.REGION)
            for n in _names(re.sub(r"^NHS\s+|\s+(?:Integrated Care Board|ICB|Health Board)$", "", p.name))
        } - councils
        self.councils = _alternation(councils)
        self.regions = _alternation(boards)

    def scale(self, name: str) -> Inferred | None:
        """The scale the places in ``name`` say, or None where it names none."""
        found = list(self.councils.finditer(name)) if self.councils else []
        spans = [range(m.start(), m.end()) for m in found]
        for region in self.regions.finditer(name) if self.regions else ():
            if not any(region.start() in span for span in spans):
                return Inferred(Scale.REGIONAL.value, "name words", region.group(0))
        named = sorted({m.group(0) for m in found})
        if len(named) > 1:
            return Inferred(Scale.REGIONAL.value, "name words", ", ".join(named))
        return Inferred(Scale.LOCAL.value, "name words", named[0]) if named else None


def _names(name: str) -> list[str]:
    """A place's name and the names people write it by: "Bristol, City of" and "Bristol"."""
    return [name, *everyday_names(name)]


def _alternation(names: set[str]) -> re.Pattern[str] | None:
    """One pattern matching any of ``names`` as whole words, in their own case (a council named
    after a common word is not found in lower case), longest first."""
    names = {n for n in names if len(n) > 2}
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")


def _name_scale(places: _PlaceNames, name: str) -> Inferred | None:
    """The scale a body's name says: a district ("Sunderland District Scout Council"), a
    neighbourhood's words, the places it names, a national body's local branch, then a national
    mark. Names in capitals are read in title case
    so a council's name is found in them."""
    read = name.title() if name.isupper() else name
    found = _first(((Scale.LOCAL, _DISTRICT_NAME), (Scale.NEIGHBOURHOOD, _NEIGHBOURHOOD_NAME)), read, "name words")
    if found:
        return found
    found = places.scale(read)
    if found:
        return found
    branch = _BRANCH_NAME.search(read)
    if branch:
        return Inferred(Scale.LOCAL.value, "name words", f"a branch: {branch.group(0)}")
    return _first(((Scale.NATIONAL, _NATIONAL_NAME),), read, "name words")


#: a member of a national network says so ("one of 38 Rural Community Councils across the
#: country"): the network is national, the member is not
_NETWORK_MEMBER = re.compile(r"\bone of (?:\d+|the|many|our) [^.]{0,60}\b(?:across|throughout)\b", re.IGNORECASE)


def _own_words(node: Node) -> Inferred | None:
    """The scale a body's description says. The descriptions of the services it runs are not
    read: they speak of what a service does where, which measured on the labels said "across the
    country" of local bodies more often than not."""
    text = getattr(node, "description", None) or ""
    if _NETWORK_MEMBER.search(text):
        return None
    return _first(((Scale.NATIONAL, _NATIONAL_WORDS), (Scale.REGIONAL, _REGIONAL_WORDS)), text, "description words")


def _areas(graph: AssetGraph, ties: _Ties, node: Node, inferred: bool) -> dict[str, Scale]:
    """The places ``node`` and the services it RUNS serve, stated (or, with ``inferred``,
    inferred) ones only, with the scale of each place's level."""
    assets = {node.id, *ties.runs.get(node.id, ())}
    areas = set().union(*(ties.serves.get((a, inferred), ()) for a in assets))
    levels = {p: getattr(graph.node(p), "level", None) for p in areas}
    return {p: _LEVEL_SCALE[lvl] for p, lvl in levels.items() if lvl in _LEVEL_SCALE}


def _served(graph: AssetGraph, scales: dict[str, Scale], rule: str) -> Inferred:
    councils = sorted(graph.node(p).name for p, s in scales.items() if s == Scale.LOCAL)
    widest = max(scales.values(), key=_SCALE_ORDER.index)
    if widest == Scale.LOCAL and len(councils) > 1:
        return Inferred(Scale.REGIONAL.value, rule, f"serves {len(councils)} councils: {', '.join(councils[:3])}")
    named = sorted(graph.node(p).name for p, s in scales.items() if s == widest)
    more = f" and {len(named) - 3} more" if len(named) > 3 else ""
    return Inferred(widest.value, rule, f"serves {', '.join(named[:3])}{more}")


def _inferred_served(graph: AssetGraph, scales: dict[str, Scale], sector: str | None) -> Inferred:
    """The scale an inferred area gives: as :func:`_served`, but a small area (a grant's
    beneficiary area) says neighbourhood only of a body a community runs for itself; any other
    body that a grant reaches in one small area is taken to work across its town (local)."""
    found = _served(graph, scales, "inferred area served")
    if found.value == Scale.NEIGHBOURHOOD.value and sector != Sector.COMMUNITY_LED.value:
        return Inferred(Scale.LOCAL.value, "inferred area served", f"{found.evidence}, widened: not community-led")
    return found


def infer_scale(
    graph: AssetGraph,
    node: Node,
    sector: str | None = None,
    places: _PlaceNames | None = None,
    ties: _Ties | None = None,
) -> Inferred | None:
    """The scale of a body whose source states none, from stated evidence first: the words of
    its name (a village or a branch: neighbourhood; a district or one council's name: local; two
    councils or a health board's area: regional; National, UK: national), then of its
    description and its services' descriptions ("across the UK", "nationwide"), then the places
    it and the services it RUNS are stated to serve (the widest level among them, and regional
    for more than one council). Only last an area served that was itself inferred (a
    directory's own area, a grant's beneficiary area), where a small area says neighbourhood
    only of a community-led body (``sector``, else the node's own). None where nothing tells.
    ``places`` is the graph's council and health board names and ``ties`` its bodies' ties,
    built once by :func:`infer_sectors`.
    """
    if getattr(node, "scale", None) is not None:
        return None
    places = places or _PlaceNames(graph)
    ties = ties or _Ties(graph)
    found = _name_scale(places, node.name) or _own_words(node)
    if found:
        return found
    stated = _areas(graph, ties, node, inferred=False)
    if stated:
        return _served(graph, stated, "area served")
    given = _areas(graph, ties, node, inferred=True)
    if not given:
        return None
    if sector is None and getattr(node, "sector", None) is not None:
        sector = node.sector.value
    return _inferred_served(graph, given, sector)


def _provenance(node: Node, what: str, found: Inferred) -> Provenance:
    return Provenance(
        source=node.provenance[0].source,
        locator=f"{what} inferred by rule: {found.rule}",
        snippet=found.evidence,
        inferred=True,
    )


def infer_sectors(graph: AssetGraph) -> SectorCounts:
    """Write an inferred sector and scale to every organisation that states none (see the
    module); how many got each, by rule."""
    counts = SectorCounts()
    places = _PlaceNames(graph)
    ties = _Ties(graph)
    changes: dict[str, dict[str, object]] = {}
    for node in graph.nodes(NodeKind.ORGANISATION):
        assert isinstance(node, Organisation)
        sector = None
        if node.sector is None:
            sector = infer_sector(node, ties.gives_only_grants(node.id), *_ties(graph, ties, node.id))
        given = sector.value if sector else (node.sector.value if node.sector else None)
        scale = infer_scale(graph, node, given, places, ties)
        change: dict[str, object] = {}
        added = []
        if sector:
            change["sector"] = sector.value
            added.append(_provenance(node, "sector", sector))
            counts.sectors[sector.rule] += 1
        if scale:
            change["scale"] = scale.value
            added.append(_provenance(node, "scale", scale))
            counts.scales[scale.rule] += 1
        if change:
            changes[node.id] = {**change, "provenance": [*node.provenance, *added]}
    graph.update_nodes(changes)
    return counts
