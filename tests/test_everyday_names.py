"""Councils found by the names people use (issue 25, item 4)."""

from __future__ import annotations

import pytest

from assetgraph.geography.everyday_names import everyday_names
from assetgraph.geography.places import bundled_rows
from assetgraph.loaders import load


@pytest.fixture(scope="module")
def uk():
    return load(places=["england", "scotland", "wales"])


@pytest.mark.parametrize(
    ("said", "official"),
    [
        ("Bristol", "Bristol, City of"),
        ("Edinburgh", "City of Edinburgh"),
        ("Glasgow", "Glasgow City"),
        ("Hull", "Kingston upon Hull, City of"),
        ("Durham", "County Durham"),
        ("RCT", "Rhondda Cynon Taf"),
        ("western isles", "Na h-Eileanan Siar"),
    ],
)
def test_a_council_is_found_by_its_everyday_name(uk, said, official):
    assert uk.find(said, "place").name == official


def test_every_everyday_name_names_one_council_only(uk):
    councils = [r for r in bundled_rows() if r.level.value == "local_authority"]
    named = {alias: r.code for r in councils for alias in everyday_names(r.name)}
    assert len(named) >= 10
    for alias, code in named.items():
        (only,) = uk.lookup(alias, "place")
        assert uk.node(only).code == code, alias
