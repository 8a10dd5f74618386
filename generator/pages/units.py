"""One page per unit (trang đơn vị) and the unit tree (cây đơn vị).

A unit with units below it (the department, an office) shows how many exemplars they have and
the newest of them: an office's own records are few or none, its schools' are its record.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .. import urls
from ..incremental import record_digests
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
    counts = _counts(catalog)
    for unit in catalog.units.values():
        own = catalog.by_unit.get(unit.id, [])
        children = catalog.children.get(unit.id, [])
        below = [e for e in catalog.records_under(unit.id) if e.unit != unit.id] if children else []
        context = {
            "unit": unit,
            "unit_chain": catalog.ancestors(unit.id),
            "groups": grouped(own),
            "children": [(child, counts[child.id]) for child in children],
            "adopted": sorted(catalog.adopted_by.get(unit.id, []), key=lambda e: e.sort_key),
            "successor": catalog.units.get(unit.successor) if unit.successor else None,
            "below_count": len(below),
            "below": below[:BELOW],
            "below_url": _list_url(catalog, unit),
        }
        pages.append(VirtualPage(
            src_uri=urls.UNIT.format(id=unit.id),
            template="unit.html",
            title=unit.name,
            description=f"Điển hình tiên tiến của {unit.name}",
            context=context,
            context_digest=_context_digest(context),
        ))
    pages.append(VirtualPage(
        src_uri=urls.UNITS,
        template="units.html",
        title="Đơn vị",
        description="Các đơn vị trong ngành và điển hình tiên tiến của từng đơn vị",
        context={"tree": _tree(catalog, catalog.department, counts)},
    ))
    return pages


def _context_digest(context: dict[str, Any]) -> str:
    """Everything a unit page's context holds, in the order of its keys: records by their digests
    (incremental.record_digest), units by id (the shared key covers them, as when a context is
    described). Describing 1,012 unit contexts took a tenth of a second in the planning worker
    of a one-record edit (planfork.py)."""
    def ids(units: list[Unit]) -> list[str]:
        return [u.id for u in units]

    successor = context["successor"]
    shown = (context["unit"].id, ids(context["unit_chain"]),
             [(kind, record_digests(members)) for kind, members in context["groups"]],
             [(child.id, count) for child, count in context["children"]], record_digests(context["adopted"]),
             successor.id if successor else None, context["below_count"], record_digests(context["below"]),
             context["below_url"])
    return hashlib.sha1(repr(shown).encode("utf-8", "surrogatepass")).hexdigest()


def _list_url(catalog: Catalog, unit: Unit) -> str | None:
    """The browse list holding every record under a unit: all records for the department, the
    office's list for an office (browse.aggregate_units); other units have none."""
    if unit.id == catalog.department.id:
        return urls.md_to_url(urls.BROWSE_ALL)
    if unit.kind == "office":
        return urls.md_to_url(urls.BROWSE_UNIT.format(id=unit.id))
    return None


def _counts(catalog: Catalog) -> dict[str, int]:
    """Published exemplars of each unit and every unit below it (`len(records_under)`), added up
    from the units below: not every unit's records gathered and sorted again."""
    counts: dict[str, int] = {}

    def count(unit: Unit) -> int:
        found = counts.get(unit.id)
        if found is None:
            found = counts[unit.id] = len(catalog.by_unit.get(unit.id, ())) + sum(
                count(child) for child in catalog.children.get(unit.id, []))
        return found

    for unit in catalog.units.values():
        count(unit)
    return counts


def _tree(catalog: Catalog, unit: Unit, counts: dict[str, int]) -> dict:
    return {"unit": unit, "count": counts[unit.id],
            "children": [_tree(catalog, child, counts) for child in catalog.children.get(unit.id, [])]}
