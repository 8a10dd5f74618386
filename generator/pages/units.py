"""One page per unit (trang đơn vị) and the unit tree (cây đơn vị)."""

from __future__ import annotations

from .. import urls
from ..model import Catalog, Exemplar, Unit
from ..spec import EXEMPLAR_KINDS
from . import VirtualPage


def grouped(exemplars: list[Exemplar]) -> list[tuple[str, list[Exemplar]]]:
    """Exemplars by kind, in the content model's order; each group sorted the Vietnamese way."""
    groups = []
    for kind in EXEMPLAR_KINDS:
        members = sorted((e for e in exemplars if e.kind == kind), key=lambda e: (e.sort_key, e.id))
        if members:
            groups.append((kind, members))
    return groups


def plan(catalog: Catalog) -> list[VirtualPage]:
    pages = []
    for unit in catalog.units.values():
        own = catalog.by_unit.get(unit.id, [])
        children = catalog.children.get(unit.id, [])
        pages.append(VirtualPage(
            src_uri=urls.UNIT.format(id=unit.id),
            template="unit.html",
            title=unit.name,
            description=f"Điển hình tiên tiến của {unit.name}",
            context={
                "unit": unit,
                "unit_chain": catalog.ancestors(unit.id),
                "groups": grouped(own),
                "children": [(child, _count(catalog, child)) for child in children],
                "adopted": sorted(catalog.adopted_by.get(unit.id, []), key=lambda e: e.sort_key),
                "successor": catalog.units.get(unit.successor) if unit.successor else None,
            },
        ))
    pages.append(VirtualPage(
        src_uri=urls.UNITS,
        template="units.html",
        title="Đơn vị",
        description="Các đơn vị trong ngành và điển hình tiên tiến của từng đơn vị",
        context={"tree": _tree(catalog, catalog.department)},
    ))
    return pages


def _count(catalog: Catalog, unit: Unit) -> int:
    """Published exemplars of a unit and every unit below it."""
    return len(catalog.records_under(unit.id))


def _tree(catalog: Catalog, unit: Unit) -> dict:
    return {"unit": unit, "count": len(catalog.by_unit.get(unit.id, [])),
            "children": [_tree(catalog, child) for child in catalog.children.get(unit.id, [])]}
