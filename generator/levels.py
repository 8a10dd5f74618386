"""One level per person (cấp học): the plan counts a teacher or pupil toward one level only.

The plan's quotas ask an office for teachers of mầm non, tiểu học and THCS and for pupils of
tiểu học and THCS; a teacher or pupil of a TH&THCS school is primary or lower-secondary by the
class taught or attended, never both. The level of a record is, in order:

1. its own `level` field;
2. its unit's level, when the unit has a single level;
3. the class named in `position` (`Lớp 7A`, `lớp 7`, `7A1`, `Giáo viên lớp 4A`): classes 1–5 are
   tiểu học, 6–9 THCS, 10–12 THPT, if that is one of the unit's levels;
4. none: the record counts toward its kind's total only, and `exemplars check` names it.

No import from the rest of the package: the model, the validator and the quotas all ask here.
"""

from __future__ import annotations

import re

#: Levels of a school that teaches several.
LEVELS_OF = {"th-thcs": ("tieu-hoc", "thcs"), "thcs-thpt": ("thcs", "thpt")}

#: "lớp 7", "Lớp 7A", "lớp 10A1" (the word lớp, a class number, an optional class letter)…
_LOP = re.compile(r"(?i)\blớp\s*(\d{1,2})(?!\d)")
#: …or a bare class name such as "7A1", "10A2", "4B" (number, one capital letter, digits).
_CLASS = re.compile(r"(?<![\w/.-])(\d{1,2})[A-ZĐ]\d{0,2}(?![\w/.-])")


def level_of_class(number: int) -> str | None:
    if 1 <= number <= 5:
        return "tieu-hoc"
    if 6 <= number <= 9:
        return "thcs"
    if 10 <= number <= 12:
        return "thpt"
    return None


def class_level(position: str | None) -> str | None:
    """Level of the class(es) a `position` names; None when it names none, or classes of two levels."""
    if not position:
        return None
    numbers = [int(n) for n in _LOP.findall(position)] or [int(n) for n in _CLASS.findall(position)]
    found = {level_of_class(n) for n in numbers}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def unit_levels(unit_level: str | None) -> tuple[str, ...]:
    if unit_level is None:
        return ()
    return LEVELS_OF.get(unit_level, (unit_level,))


def person_level(own: str | None, unit_level: str | None, position: str | None) -> str | None:
    """The one level a record counts toward (rules in the module docstring)."""
    if own:
        return own
    levels = unit_levels(unit_level)
    if len(levels) == 1:
        return levels[0]
    inferred = class_level(position)
    return inferred if inferred in levels else None


def needs_level(unit_level: str | None) -> bool:
    """Whether a record of a unit of this level must say its level (own field or a class)."""
    return len(unit_levels(unit_level)) > 1
