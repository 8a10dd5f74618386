"""Rules of one record beyond its fields' types (quy tắc của một hồ sơ): the level a person is
counted at, a student's consent and privacy, a photo's file; `validate` applies them to each
record file, `news` the photo rule to each post."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from . import privacy, spec
from .levels import class_level, needs_level, unit_levels
from .loader import Document, Problem, not_plain
from .model import Unit
from .schema import check, is_bad

#: Photo file names that are the same in a URL (no space, #, ?, %, or empty part).
PHOTO_NAME = re.compile(r"^(?:[\w.-]+/)*[\w-][\w.-]*$")
PHOTO_TYPES = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",),
               ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}


def check_level(doc: Document, data: dict[str, Any], unit: Unit, problems: list[Problem],
                 warnings: list[Problem]) -> None:
    """One level per person: a level the unit does not teach is an error; a person of a school of
    several levels with neither `level` nor a class in `position` is a warning (totals only)."""
    own, levels = data.get("level"), unit_levels(unit.level)
    if own and levels and own not in levels:
        problems.append(doc.problem(("level",), f"level: {own!r} is not a level of {unit.name} "
                                                f"({', '.join(levels)}); use one of them"))
    elif not own and needs_level(unit.level) and class_level(data.get("position")) not in levels:
        warnings.append(doc.problem(("position",) if data.get("position") else (),
                                    f"level: {unit.name} teaches several levels ({', '.join(levels)}) and "
                                    "position names no class of them, so this record counts toward its "
                                    "kind's total only; add level: " + " or ".join(levels)))


def check_student(doc: Document, data: dict[str, Any], today: date, problems: list[Problem],
                   notes: list[str], preschool: bool = False) -> bool:
    """Minors: consent of a guardian and of the child; no contact data in public fields.

    Returns True when consent was withdrawn: the record is then left out of every output.
    """
    private = data.get("private") or {}
    consent = private.get("consent")
    if consent is None:
        problems.append(doc.problem(("private",) if "private" in data else (),
                                    "private.consent: a student record needs the consent of a parent or "
                                    "guardian: add private: consent: {by: <name>, date: YYYY-MM-DD, child: true}"))
        return False
    value = check(spec.CONSENT, consent, doc, ("private", "consent"), problems, "private.consent")
    if is_bad(value):
        return False
    if value.get("adult") is True:
        if value.get("by", "").casefold() != "self":
            problems.append(doc.problem(("private", "consent", "by"), "private.consent.by: an adult learner "
                                        "(adult: true) consents alone: write by: self"))
    elif "child" not in value or (value["child"] is not True and not preschool):
        problems.append(doc.problem(("private", "consent", "child") if "child" in value else
                                    ("private", "consent"),
                                    "private.consent.child: the student's own agreement is required "
                                    "(child: true; child: false only for a preschool child under 7) "
                                    "before publishing; an adult learner (18 or over) writes by: self "
                                    "and adult: true instead"))
    withdrawn = value.get("withdrawn")
    if withdrawn and withdrawn <= today:
        notes.append(f"{doc.path}: consent withdrawn on {withdrawn:%d/%m/%Y}, left out of the site")
        return True
    privacy.check_student_texts(doc, problems)
    return False


def check_photo(doc: Document, loc, file: str, media_dir: Path, problems: list[Problem]) -> None:
    target = (media_dir / file).resolve()
    if ".." in Path(file).parts or Path(file).is_absolute() or media_dir.resolve() not in target.parents:
        problems.append(doc.problem(loc, f"file: {file!r} must be a path inside content/media/"))
        return
    if not PHOTO_NAME.match(file):
        problems.append(doc.problem(loc, f"file: {file!r}: a photo's name may hold letters, digits, '-', "
                                         "'_', '.' and '/' between folders only (no space, #, ? or % and "
                                         "no trailing /); rename the file"))
        return
    reason = not_plain(media_dir / file, media_dir.parent) if os.path.lexists(media_dir / file) else None
    if reason:
        problems.append(doc.problem(loc, f"file: {file!r} {reason}"))
        return
    magic = PHOTO_TYPES.get(target.suffix.lower())
    if magic is None:
        problems.append(doc.problem(loc, f"file: {file!r}: use a .jpg, .png, .gif or .webp photo"))
        return
    if not target.is_file():
        problems.append(doc.problem(loc, f"file: photo {file!r} not found in content/media/; add the file "
                                         "or fix the name"))
        return
    with target.open("rb") as fh:
        head = fh.read(12)
    if not any(head.startswith(m) for m in magic):
        problems.append(doc.problem(loc, f"file: {file!r} is not a {target.suffix} image"))


def suggest(value: Any, known: dict[str, Any]) -> str:
    import difflib

    match = difflib.get_close_matches(str(value), list(known), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""
