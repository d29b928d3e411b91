"""The reference geography is a layer of its own (issue 25 item 8): ``assetgraph/geography/``
imports nothing from the packages above it, and nothing outside ``loaders/`` takes place lookup
from the loaders. Imports are read with ``ast``, so ones inside functions count too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import assetgraph
from assetgraph import geography

PACKAGE = Path(assetgraph.__file__).parent
ROOT = PACKAGE.parent
#: the packages that stand on the reference geography
ABOVE = ("loaders", "queries", "viz", "extraction", "exports")


def _module_name(path: Path) -> str:
    """``assetgraph/geography/places.py`` -> ``assetgraph.geography.places``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str, str | None]]:
    """Each import of ``source`` (the text of ``module``) as (line, absolute module, name), the
    name None for ``import x``; relative imports resolved against the module's package.

    >>> list(imports("from ..loaders.placing import find_place", "assetgraph.geography.lookup"))
    [(1, 'assetgraph.loaders.placing', 'find_place')]
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                yield node.lineno, target, alias.name


def _imports_of(path: Path) -> Iterator[tuple[int, str, str | None]]:
    return imports(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py")


def _above(target: str, name: str | None) -> bool:
    """Whether an import reaches one of the packages above the geography (``from .. import
    loaders`` too)."""
    full = f"{target}.{name}" if name and target == "assetgraph" else target
    return any(full == f"assetgraph.{p}" or full.startswith(f"assetgraph.{p}.") for p in ABOVE)


def _geography_names() -> set[str]:
    """The public names of every geography module, from their ``__all__``."""
    names: set[str] = set()
    for path in Path(geography.__file__).parent.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
                names |= set(ast.literal_eval(node.value))
    return names


def test_the_checks_see_a_forbidden_import():
    """The oracle for the two tests below: planted imports are found, allowed ones are not."""
    planted = "from ..loaders.placing import find_place\nfrom .. import viz\nimport assetgraph.queries.gaps\n"
    found = [(t, n) for _, t, n in imports(planted, "assetgraph.geography.fake") if _above(t, n)]
    assert found == [
        ("assetgraph.loaders.placing", "find_place"),
        ("assetgraph", "viz"),
        ("assetgraph.queries.gaps", None),
    ]
    allowed = "from ..graphmodel.graph import AssetGraph\nfrom .places import bundled_rows\nfrom ..tables import Row\n"
    assert not [t for _, t, n in imports(allowed, "assetgraph.geography.fake") if _above(t, n)]
    assert list(imports("from . import places", "assetgraph.geography", is_package=True)) == [
        (1, "assetgraph.geography", "places")
    ]
    assert {"find_place", "postcode_place", "Gazetteer", "everyday_names", "read_places"} <= _geography_names()


def test_geography_imports_nothing_from_the_layers_above_it():
    modules = sorted(Path(geography.__file__).parent.glob("*.py"))
    assert {p.stem for p in modules} >= {"places", "postcodes", "small_areas", "everyday_names", "gazetteer", "lookup"}
    found = [
        f"{p.relative_to(ROOT)}:{line}: {target} {name or ''}"
        for p in modules
        for line, target, name in _imports_of(p)
        if _above(target, name)
    ]
    assert found == []


def test_no_module_outside_the_loaders_takes_place_lookup_from_them():
    """Queries, viz, exports, extraction, tools, benchmarks and tests import place lookup (or
    any other name of the reference geography) from ``assetgraph.geography``, never by way of
    the loaders."""
    names = _geography_names()
    paths = [p for p in PACKAGE.rglob("*.py") if "loaders" not in p.relative_to(PACKAGE).parts]
    paths += [p for folder in ("tools", "benchmarks", "tests") for p in (ROOT / folder).rglob("*.py")]
    assert len(paths) > 100
    found = [
        f"{p.relative_to(ROOT)}:{line}: {name} from {target}"
        for p in paths
        for line, target, name in _imports_of(p)
        if target.startswith("assetgraph.loaders") and name in names
    ]
    assert found == []
