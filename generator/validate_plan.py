"""Rules of units.yml and plan.yml: the tree of units, the campaigns and the plan's own rules
(deadlines, quota scopes, milestones, pilot schools). Called by `validate.load_catalog`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import spec
from .loader import Document, Problem, load, not_plain
from .model import Campaign, Unit, school_year_of
from .records_from import campaign_from, unit_from
from .schema import check, is_bad


def document(path: Path, shown, problems: list[Problem], load=load) -> Document | None:
    """The parsed file at `path`, or None with the problem; `load`: `loader.load` or one that
    keeps the parse (`plandocs`)."""
    if os.path.lexists(path) and not path.is_file() or path.is_symlink():
        doc = load(path, shown(path))  # refuses a symlink, FIFO or device without reading it
        problems.append(doc if isinstance(doc, Problem) else Problem(shown(path), 1, "not a regular file"))
        return None
    if not path.is_file():
        problems.append(Problem(shown(path), 1, f"{path.name} is missing; create it (see the content model)"))
        return None
    doc = load(path, shown(path))
    if isinstance(doc, Problem):
        problems.append(doc)
        return None
    return doc


def units(path: Path, shown, problems: list[Problem], load=load) -> dict[str, Unit]:
    doc = document(path, shown, problems, load)
    if doc is None:
        return {}
    if not isinstance(doc.data, list):
        problems.append(doc.problem((), "units.yml must be a list of units (lines starting with '- ')"))
        return {}
    data: dict[str, tuple[dict[str, Any], int]] = {}
    for i, item in enumerate(doc.data):
        value = check(spec.UNIT, item, doc, (i,), problems)
        if is_bad(value) or "id" not in value:
            continue
        if value["id"] == "index":  # don-vi/index.md is the unit tree
            problems.append(doc.problem((i, "id"), "id: 'index' is the name of a generated page (the list "
                                                   "of units); choose another id"))
            continue
        if value["id"] in data:
            problems.append(doc.problem((i, "id"), f"id: duplicate unit id {value['id']!r} (also on line "
                                                   f"{doc.line((data[value['id']][1], 'id'))}); rename one"))
            continue
        data[value["id"]] = (value, i)
    departments = [v for v, _ in data.values() if v.get("kind") == "department"]
    if len(departments) != 1:
        problems.append(doc.problem((), f"units.yml must have exactly one unit of kind 'department', "
                                        f"found {len(departments)}"))
    for uid, (value, i) in data.items():
        kind, parent = value.get("kind"), value.get("parent")
        if kind == "department":
            if parent:
                problems.append(doc.problem((i, "parent"), "parent: the department has no parent; remove it"))
        elif not parent:
            problems.append(doc.problem((i,), f"parent: required for a unit of kind {kind!r}; add the id "
                                              "of its office or of the department"))
        elif parent not in data:
            problems.append(doc.problem((i, "parent"), f"parent: unknown unit {parent!r}; use an id "
                                                       "defined in units.yml"))
        elif data[parent][0].get("kind") not in ("department", "office"):
            problems.append(doc.problem((i, "parent"), f"parent: {parent!r} is a {data[parent][0]['kind']}; "
                                                       "a parent must be an office or the department"))
        elif kind == "office" and data[parent][0].get("kind") != "department":
            problems.append(doc.problem((i, "parent"), "parent: an office belongs to the department"))
        if kind == "school" and not value.get("level"):
            problems.append(doc.problem((i,), "level: required for a school; add one of "
                                              + ", ".join(spec.LEVELS)))
        succ = value.get("successor")
        if succ and succ not in data:
            problems.append(doc.problem((i, "successor"), f"successor: unknown unit {succ!r}"))
        if succ and not value.get("until"):
            problems.append(doc.problem((i, "successor"), "until: a unit with a successor needs the date "
                                                          "it ended; add until: YYYY-MM-DD"))
    return {uid: unit_from(v) for uid, (v, _) in data.items()}


def campaigns(path: Path, shown, problems: list[Problem], media_dir: Path, load=load) -> dict[str, Campaign]:
    doc = document(path, shown, problems, load)
    if doc is None:
        return {}
    value = check(spec.PLAN, doc.data, doc, (), problems)
    if is_bad(value):
        return {}
    out: dict[str, Campaign] = {}
    for i, c in enumerate(value.get("campaigns", [])):
        if not {"id", "title", "start", "end"} <= c.keys():
            continue
        if c["id"] in out:
            problems.append(doc.problem(("campaigns", i, "id"), f"id: duplicate campaign id {c['id']!r}"))
            continue
        if c["end"] < c["start"]:
            problems.append(doc.problem(("campaigns", i, "end"), "end: is before start"))
        for kind, items in c.get("criteria", {}).items():
            ids = [item["id"] for item in items if "id" in item]
            for j, cid in enumerate(ids):
                if cid in ids[:j]:
                    problems.append(doc.problem(("campaigns", i, "criteria", kind, j, "id"),
                                                f"id: duplicate criterion id {cid!r} for {kind}"))
        _check_plan_rules(doc, ("campaigns", i), c, media_dir, problems)
        campaign = campaign_from(_complete(c))
        for j, m in enumerate(campaign.milestones):
            other = next((o for o in out.values() if o.milestone(m.id)), None)
            if other is not None:
                problems.append(doc.problem(("campaigns", i, "milestones"), f"milestones: id {m.id!r} is "
                                            f"already a milestone of campaign {other.id}; ids are unique"))
        out[c["id"]] = campaign
    return out


def _complete(c: dict[str, Any]) -> dict[str, Any]:
    """The campaign without the parts already reported as incomplete (a milestone without its
    kind, a signer without a name), so that the rest can still be checked and modelled."""
    required = {f.name for f in spec.MILESTONE.fields if f.required}
    out = {**c, "milestones": [m for m in c.get("milestones", []) if required <= m.keys()]}
    for person in ("signer", "contact"):
        if person in out and "name" not in out[person]:
            del out[person]
    return out


def _check_plan_rules(doc: Document, loc, c: dict[str, Any], media_dir: Path, problems: list[Problem]) -> None:
    """The plan's own rules on one campaign: deadlines, quota scopes, milestones, document."""
    campaign = campaign_from(_complete(c))
    first = c.get("registration_deadline")
    for year, when in c.get("deadlines", {}).items():
        if not campaign.covers(year):
            problems.append(doc.problem(loc + ("deadlines", year), f"deadlines: school year {year} is outside "
                                        f"the campaign ({c['start']:%d/%m/%Y}–{c['end']:%d/%m/%Y})"))
        elif first and year == school_year_of(first):
            problems.append(doc.problem(loc + ("deadlines", year), f"deadlines: {year} already has "
                                        f"registration_deadline {first:%d/%m/%Y}; keep one of the two"))
    quotas = c.get("quotas", {})
    school = quotas.get("school", {})
    if "affiliated" not in quotas and ({"staff", "student", "manager"} & school.keys()):
        problems.append(doc.problem(loc + ("quotas", "school"),
                                    "quotas.school: since contract v2 `school` is the quota of each school "
                                    "under a district office, which the plan asks for one model only; move "
                                    "the staff and student minimums of units directly under the department "
                                    "to a new `affiliated:` block (e.g. affiliated: {collective: {total: 1}, "
                                    "staff: {total: 2}, student: {total: 3}}) and keep school: {collective: "
                                    "{total: 1}}"))
    for scope, kinds in quotas.items():
        for kind, keys in kinds.items():
            if "up_to" in keys and keys["up_to"] < keys.get("total", 0):
                problems.append(doc.problem(loc + ("quotas", scope, kind, "up_to"),
                                            f"up_to: {keys['up_to']} is below total {keys.get('total')}; "
                                            "up_to is the top of the range (5-10: total 5, up_to 10)"))
            if "up_to" in keys and "total" not in keys:
                problems.append(doc.problem(loc + ("quotas", scope, kind), "up_to: needs a total (the "
                                            "minimum of the range)"))
    for j, m in enumerate(c.get("milestones", [])):
        if "id" in m and [x.get("id") for x in c["milestones"][:j]].count(m["id"]):
            problems.append(doc.problem(loc + ("milestones", j, "id"), f"id: duplicate milestone id {m['id']!r}"))
        if "date" in m and not (c["start"] <= m["date"] <= c["end"]):
            problems.append(doc.problem(loc + ("milestones", j, "date"), f"date: {m['date']:%d/%m/%Y} is "
                                        "outside the campaign's period"))
    if c.get("document"):
        check_file(doc, loc + ("document",), c["document"], media_dir, (".pdf",), problems)


def check_pilots(path: Path, shown, units: dict[str, Unit], campaigns: dict[str, Campaign],
                  problems: list[Problem], load=load) -> None:
    """`pilot:` names campaigns, and only schools under an office are pilot schools."""
    pilots = [u for u in units.values() if u.pilot]
    if not pilots or not path.is_file():
        return
    doc = load(path, shown(path))
    if isinstance(doc, Problem):
        return
    index = {item.get("id"): i for i, item in enumerate(doc.data) if isinstance(item, dict)}
    for unit in pilots:
        i = index.get(unit.id, 0)
        parent = units.get(unit.parent or "")
        if unit.kind not in ("school", "unit") or parent is None or parent.kind != "office":
            problems.append(doc.problem((i, "pilot"), "pilot: only a school under a district office can be "
                                        "a pilot school (trường chỉ đạo điểm); remove it here"))
        for j, cid in enumerate(unit.pilot):
            if campaigns and cid not in campaigns:
                problems.append(doc.problem((i, "pilot", j), f"pilot: unknown campaign {cid!r}; use one of "
                                            f"{', '.join(campaigns)}"))


def check_file(doc: Document, loc, file: str, media_dir: Path, suffixes: tuple[str, ...],
                problems: list[Problem]) -> None:
    """A document named in plan.yml: a file of one of `suffixes` inside content/media/."""
    target = (media_dir / file).resolve()
    if ".." in Path(file).parts or Path(file).is_absolute() or media_dir.resolve() not in target.parents:
        problems.append(doc.problem(loc, f"document: {file!r} must be a path inside content/media/"))
    elif target.suffix.lower() not in suffixes:
        problems.append(doc.problem(loc, f"document: {file!r}: use a {' or '.join(suffixes)} file"))
    elif not target.is_file():
        problems.append(doc.problem(loc, f"document: {file!r} not found in content/media/; add the file "
                                         "or fix the name"))
    elif not_plain(media_dir / file, media_dir.parent):  # a symlink, FIFO, device: never copied
        problems.append(doc.problem(loc, f"document: {file!r} {not_plain(media_dir / file, media_dir.parent)}"))
