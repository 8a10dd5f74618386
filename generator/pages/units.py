"""One page per unit (trang đơn vị) and the unit tree (cây đơn vị).

A unit with units below it (the department, an office) shows how many exemplars they have and
the newest of them: an office's own records are few or none, its schools' are its record.
"""

from __future__ import annotations

from .. import urls
from ..model import Catalog, Exemplar, Unit
from ..spec import EXEMPLAR_KINDS
from . import VirtualPage

#: Newest records of the units below shown on a unit's page (the rest: its browse list).
BELOW = 6


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
        below = [e for e in catalog.records_under(unit.id) if e.unit != unit.id] if children else []
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
                "below_count": len(below),
                "below": below[:BELOW],
                "below_url": _list_url(catalog, unit),
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


def _list_url(catalog: Catalog, unit: Unit) -> str | None:
    """The browse list holding every record under a unit: all records for the department, the
    office's list for an office (browse.aggregate_units); other units have none."""
    if unit.id == catalog.department.id:
        return urls.md_to_url(urls.BROWSE_ALL)
    if unit.kind == "office":
        return urls.md_to_url(urls.BROWSE_UNIT.format(id=unit.id))
    return None


def _count(catalog: Catalog, unit: Unit) -> int:
    """Published exemplars of a unit and every unit below it."""
    return len(catalog.records_under(unit.id))


def _tree(catalog: Catalog, unit: Unit) -> dict:
    return {"unit": unit, "count": _count(catalog, unit),
            "children": [_tree(catalog, child) for child in catalog.children.get(unit.id, [])]}
