"""Địa danh (place names): the locality of a unit, for the place-and-date line of its forms.

Apart from exports/office.py, which imports python-docx (a tenth of a second): the registration
pages show the place on every build, the Word and Excel files are written only when they change.
"""

from __future__ import annotations

import re

from .model import Catalog, Unit

#: Words that precede a place name in a unit's name ("Phòng GD&ĐT huyện Lạc Sơn" → Lạc Sơn).
_PLACE = re.compile(r"(?:tỉnh|thành phố|huyện|thị xã|quận)\s+(.+)$", re.IGNORECASE)


def place_of(catalog: Catalog, unit: Unit) -> str:
    """The locality of the place-and-date line: from the unit's name, else the nearest unit above."""
    for u in [unit, *reversed(catalog.ancestors(unit.id))]:
        found = _PLACE.search(u.name)
        if found:
            return found.group(1).strip()
    return "……"
