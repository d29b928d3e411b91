"""The words extraction reads by: what a name's last word says of its kind, the titles of
public roles, and the field's common themes with the words that raise them.

All of it is general English and the vocabulary of UK health and community work; none of it
names a body, a person or a place.
"""

from __future__ import annotations

from ..graphmodel.vocabulary import NodeKind

__all__ = ["NATIONS", "HEADS", "ROLE_TITLES", "THEMES", "CONNECTORS", "LEADING", "ACTIVITY_HEADS"]

#: the last word of a name -> the kind it makes the name
HEADS: dict[str, NodeKind] = {
    **dict.fromkeys(
        [
            "council",
            "government",
            "university",
            "college",
            "school",
            "trust",
            "charity",
            "foundation",
            "institute",
            "association",
            "society",
            "agency",
            "board",
            "police",
            "fund",
            "forum",
            "centre",
            "center",
            "ltd",
            "limited",
            "cic",
            "cio",
            "plc",
            "nhs",
            "hscp",
            "executive",
            "office",
            "department",
            "authority",
            "commission",
            "federation",
            "union",
            "church",
            "hospital",
            "practice",
            "surgery",
            "group",
            "team",
            "club",
            "exchange",
            "company",
            "co-operative",
            "cooperative",
            "enterprise",
            "hub",
            "library",
            "museum",
            "scotland",
            "wales",
            "england",
            "uk",
            "action",
            "bank",
            "shed",
            "pantry",
            "larder",
            "cafe",
            "café",
            "kitchen",
            "garden",
        ],
        NodeKind.ORGANISATION,
    ),
    **dict.fromkeys(
        ["partnership", "partners", "alliance", "consortium", "collaborative", "coalition", "agreement"],
        NodeKind.PARTNERSHIP,
    ),
    **dict.fromkeys(
        [
            "programme",
            "program",
            "project",
            "projects",
            "scheme",
            "initiative",
            "network",
            "event",
            "strategy",
            "campaign",
            "pilot",
            "champions",
            "conference",
            "festival",
            "challenge",
            "plan",
            "movement",
            "study",
            "research",
            "review",
            "week",
        ],
        NodeKind.INITIATIVE,
    ),
    **dict.fromkeys(["service", "services", "helpline", "clinic", "line"], NodeKind.SERVICE),
}

#: the last words of national bodies' names ("Sport Scotland"), not a sign of two bodies
NATIONS = frozenset({"scotland", "wales", "england", "uk"})

#: lower-case activities a community runs, found as "<word> <head>": "knitting groups"
ACTIVITY_HEADS = frozenset({"groups", "classes", "clubs", "cafes", "cafés", "choirs", "sessions"})

#: titles of public roles ("Paul Smith, Director of ...")
ROLE_TITLES = frozenset(
    {
        "ceo",
        "mayor",
        "lord mayor",
        "provost",
        "leader",
        "representative",
        "chief executive",
        "chief officer",
        "director",
        "chair",
        "chairperson",
        "chairman",
        "chairwoman",
        "manager",
        "coordinator",
        "co-ordinator",
        "officer",
        "lead",
        "head",
        "president",
        "vice president",
        "founder",
        "co-founder",
        "trustee",
        "secretary",
        "treasurer",
        "minister",
        "mp",
        "msp",
        "ms",
        "councillor",
        "professor",
        "consultant",
        "development worker",
        "project worker",
        "worker",
        "volunteer",
        "nurse",
        "gp",
        "programme manager",
        "project manager",
        "team leader",
        "deputy director",
        "executive director",
        "managing director",
        "convener",
        "convenor",
        "speaker",
        "presenter",
    }
)

#: words that may join the words of a name: "University of X", "Health & Social Care"
CONNECTORS = frozenset({"of", "and", "&", "for", "the", "upon", "de", "into"})

#: words that start a sentence with a capital but do not start a name: "One KHT project"
LEADING = frozenset(
    """one this these those our their its his her a an some many every each several both all any other
    using when while if since after before following through with working being as at by for from in on
    to we they it there here what how why where who new more most key our my your during within across
    over under between among around then also however moreover meanwhile today yesterday""".split()
)

#: theme -> the lower-case words or phrases that raise it
THEMES: dict[str, tuple[str, ...]] = {
    "Health inequalities": ("health inequalities", "health inequality", "inequalities in health", "inequalities"),
    "Mental health": ("mental health", "mental wellbeing", "mental illness", "anxiety", "depression"),
    "Smoking": ("smoking", "tobacco", "stop smoking", "stopping smoking"),
    "Alcohol": ("alcohol",),
    "Drugs": ("drug use", "substance use", "drugs"),
    "Nutrition": ("nutrition", "healthy eating", "diet", "cooking"),
    "Physical activity": ("physical activity", "exercise", "walking", "running", "sport", "active travel"),
    "Food insecurity": ("food insecurity", "hunger", "food bank", "food poverty"),
    "Loneliness": ("loneliness", "social isolation", "isolation"),
    "Poverty": ("poverty", "low income", "deprivation"),
    "Long-term conditions": ("long-term condition", "long term condition", "chronic", "diabetes", "frailty"),
    "Screening": ("screening",),
    "Learning": ("learning", "education", "skills"),
    "Prosperity": ("prosperity", "employment", "income"),
    "Health and wellbeing": ("health and wellbeing", "wellbeing", "well-being"),
    "Housing": ("housing", "homelessness", "homeless"),
    "Sexual health": ("sexual health", "hiv"),
    "Dementia": ("dementia",),
    "Carers": ("carers", "caring"),
    "Obesity": ("obesity", "healthy weight"),
    "Safeguarding": ("safeguarding",),
}
