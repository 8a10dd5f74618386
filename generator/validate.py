"""Rules of the content model across files → a `Catalog`, or every problem of the run at once.

Flow: load (`loader`) → field types (`spec`) → cross-record rules (here) → typed model (`model`).
"""

from __future__ import annotations

import gc
import logging
import os
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from . import markdown_guard, plandocs, privacy, recordcache, spec
from . import validate_plan as plan_rules
from .incremental import record_digest
from .loadahead import LoadAhead
from .levels import person_level
from .loader import ContentError, Document, Problem, listed_files, load, shown_path, shown_paths
from .plandocs import KeptPosts, PlanDocuments
from .recordcache import FileResult, RecordCache
from .quotas import level_counted_kinds
from .model import Campaign, Catalog, Exemplar, Unit
from .records_from import exemplar_from
from .record_rules import check_level, check_photo, check_student, suggest
from .schema import SLUG, check, is_bad

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Text `exemplars new` writes where the editor must fill in; never published.
PLACEHOLDER = "CẦN THAY"

#: Ids that would take the place of a generated page (`don-vi/index.md` is the unit tree).
RESERVED_IDS = {"index"}


def today_from(value: str | None) -> date:
    """The build's "today": `value` (YYYY-MM-DD), else $EXEMPLARS_TODAY, else the clock.

    Raises ValueError with a message for an editor when the date is malformed."""
    value = value or os.environ.get("EXEMPLARS_TODAY")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"today: {value!r} is not a YYYY-MM-DD date") from None


#: Files to parse and check beyond which a load collects garbage as usual (`load_catalog`).
FRESH_WITHOUT_GC = 200


def load_catalog(content_dir: Path, today: date, shown_from: Path | None = None,
                 cache: dict | None = None, withheld: list | None = None,
                 cache_dir: Path | None = None, workers: int = 1) -> Catalog:
    """Load and check all of `content_dir`; raise `ContentError` listing every problem.

    The record cache (`recordcache`) keeps each unchanged file's checked result: in `cache`, a
    dict kept between preview rebuilds, and/or in the folder `cache_dir` between builds.
    `withheld`, a list only `exports.internal` passes, receives (status, Exemplar) for valid
    records that are not published (drafts, scheduled); the Catalog itself never holds them.
    `workers` > 1 lets a forked worker check half the files (only where no threads run: builds).
    """
    # No cyclic garbage collection meanwhile (but while many files are parsed): the load makes a
    # million objects (the records read from the cache) and no cycles worth collecting, and
    # collections of the growing heap took a quarter of a one-edit load at 10,000 records. A build (or `exemplars check`) with
    # a cache folder keeps the catalog until it exits: frozen, no later full collection walks it
    # (a preview keeps no cache folder: it loads again and again, and its old catalogs must go).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_catalog(content_dir, today, shown_from, cache, withheld, cache_dir, workers)
    finally:
        if cache_dir is not None and cache is None:
            gc.freeze()
        (gc.enable if enabled else gc.disable)()


def _load_catalog(content_dir: Path, today: date, shown_from: Path | None, cache: dict | None,
                  withheld: list | None, cache_dir: Path | None, workers: int) -> Catalog:
    content_dir = Path(content_dir)
    base = shown_from or content_dir.parent

    def shown(p: Path) -> str:
        return shown_path(p, base)

    problems: list[Problem] = []
    #: Not errors: records that count toward totals only, and the like (`exemplars check` prints them).
    warnings: list[Problem] = []
    plan_docs = PlanDocuments(cache_dir and cache_dir.parent / plandocs.FOLDER)  # their parse and units kept
    plan_files = plan_docs.load
    units = plan_docs.units(content_dir / "units.yml", shown, problems)
    campaigns = plan_rules.campaigns(content_dir / "plan.yml", shown, problems, content_dir / "media", plan_files)
    plan_rules.check_pilots(content_dir / "units.yml", shown, units, campaigns, problems, plan_files)
    exemplars: list[Exemplar] = []
    photo_files: dict[str, str] = {}
    seen: dict[str, str] = {}
    kinds: dict[str, Any] = {}
    media_dir = content_dir / "media"
    exemplars_dir = content_dir / "exemplars"
    records = _record_cache(cache, cache_dir, recordcache.context(today, units, campaigns, media_dir),
                            media_dir)
    check_file = partial(_file_result, units, campaigns, media_dir, today)

    def check_one(path: str) -> FileResult:  # an absolute path (`listed_files`)
        if records is None:
            return check_file(Path(path), load(path, where[path]))
        return records.result_at(path, where[path], lambda doc, seen: check_file(Path(path), doc, seen))

    if not exemplars_dir.is_dir():
        problems.append(Problem(shown(exemplars_dir), 1, "folder of exemplar records is missing; create it"))
    # Absolute path strings, not a pathlib object per file (10,000 records: a tenth of a second).
    paths = listed_files(Path(os.path.abspath(exemplars_dir)), Path(os.path.abspath(content_dir)), problems, shown) \
        if exemplars_dir.is_dir() else []
    where = dict(zip(paths, shown_paths(paths, base)))  # each file's shown path, worked out once
    # `workers` > 1: a forked worker checks half the files meanwhile (loadahead.py). A name ending
    # in .yml has that suffix in pathlib's sense too: names starting with "." are not listed.
    ymls = [p for p in paths if p.endswith(".yml")]
    # The unchanged files' results in one pass (10,000 after a one-record edit), the others after.
    kept = records.unchanged(ymls, where) if records is not None else {}
    fresh = [p for p in ymls if p not in kept]
    if len(fresh) > FRESH_WITHOUT_GC:
        # Parsing leaves cycles (PyYAML's loaders hold their text): collected as they come, as
        # before the load went without collections, not all at its end (a full build's memory).
        gc.enable()
    ahead = LoadAhead(fresh, check_one, records, workers)
    try:
        for path in paths:
            if not path.endswith(".yml"):
                if Path(path).suffix.lower() in (".yaml", ".yml"):
                    problems.append(Problem(where[path], 1, "exemplar files must end in .yml; rename it"))
                else:
                    log.info("%s: not a .yml record, ignored", where[path])
                continue
            result = kept.get(path)
            _take(os.path.basename(path)[:-4], where[path], ahead.result(path) if result is None else result,
                  seen, kinds, exemplars, problems, warnings, withheld, photo_files)
    finally:
        ahead.close()
    from .news import load_news  # news.py uses this module's photo rule: imported here, not on top

    milestones = {m.id for c in campaigns.values() for m in c.milestones}
    posts = KeptPosts(cache_dir and cache_dir.parent / plandocs.FOLDER)
    news = load_news(content_dir, shown, units, kinds, {e.id for e in exemplars}, milestones, media_dir,
                     today, problems, posts.read)
    posts.end()
    for post in news:
        for photo in post.photos:
            photo_files[photo.file] = str((media_dir / photo.file).resolve())
    if records is not None:
        records.end()
        log.debug("exemplars: %d of %d records from the record cache", records.hits, len(records.entries))
        if cache_dir is not None:
            records.write(cache_dir)
    if problems:
        raise ContentError(problems)
    for campaign in campaigns.values():
        if campaign.document:
            photo_files[campaign.document] = str((media_dir / campaign.document).resolve())
    catalog = Catalog(units=units, campaigns=campaigns, exemplars=exemplars, today=today,
                      photo_files=photo_files, warnings=warnings, news=news)
    catalog.record_kinds = kinds
    return catalog


def check_record(path: Path, catalog: Catalog, content_dir: Path) -> FileResult:
    """One record file checked alone against `catalog`'s units, campaigns and day, as a load of
    `content_dir` would check it before the rules across files (the preview's quick render)."""
    return _file_result(catalog.units, catalog.campaigns, content_dir / "media", catalog.today, path,
                        load(path, shown_path(path, content_dir.parent)))


def _take(record_id: str, where: str, result: FileResult, seen: dict[str, str], kinds: dict[str, Any],
          exemplars: list[Exemplar], problems: list[Problem], warnings: list[Problem], withheld: list | None,
          photo_files: dict[str, str]) -> None:
    """One file's result into the load, in file order; the rules across files (duplicate ids).
    `record_id`: the file's name without .yml."""
    if result.error is not None:
        problems.append(result.error)
        return
    problems.extend(result.head)
    if record_id in seen:  # across files: never cached
        problems.append(Problem(where, result.root_line, f"duplicate id {record_id!r}: {seen[record_id]} "
                                                         "has the same file name; rename one of them"))
        return
    seen[record_id] = where
    kinds[record_id] = result.kind  # news posts ask
    problems.extend(result.problems)
    warnings.extend(result.warnings)
    if withheld is not None:
        withheld.extend(result.withheld)
    for note in result.notes:
        log.info("%s", note)
    if result.record is not None:
        exemplars.append(result.record)
        photo_files.update(result.photo_paths)


def _record_cache(cache: dict | None, cache_dir: Path | None, context: str, media_dir: Path) -> RecordCache | None:
    """The record cache of this load: the preview's (in `cache`), else the build's files, else none."""
    if cache is None and cache_dir is None:
        return None
    records = cache.get("records") if cache is not None else None
    if not isinstance(records, RecordCache):
        records = RecordCache.read(cache_dir, context) if cache_dir is not None else RecordCache()
        if cache is not None:
            cache["records"] = records
    records.begin(context, media_dir)
    return records


def _file_result(units: dict[str, Unit], campaigns: dict[str, Campaign], media_dir: Path, today: date,
                 path: Path, doc: Document | Problem, photo_seen=None) -> FileResult:
    """What one record file yields on its own (see `recordcache`); checks across files are the
    caller's. `photo_seen(file)` is called before each photo is looked at in `media_dir`."""
    if isinstance(doc, Problem):
        return FileResult(error=doc)
    record_id = path.stem
    result = FileResult(root_line=doc.line(()), kind=doc.data.get("kind") if isinstance(doc.data, dict) else None)
    if not SLUG.match(record_id):
        result.head.append(doc.problem((), f"file name {path.name!r} is not a valid id: use lowercase "
                                           "a-z, 0-9 and '-' only, e.g. nguyen-thi-hoa.yml"))
    if record_id in RESERVED_IDS:
        result.head.append(doc.problem((), f"file name {path.name!r}: {record_id!r} is the name of a "
                                           "generated page; rename the file"))
    result.record = _exemplar(doc, record_id, units, campaigns, media_dir, today, result.problems,
                              result.warnings, result.withheld, result.notes, photo_seen)
    if result.record is not None:
        result.photo_paths = {p.file: str((media_dir / p.file).resolve()) for p in result.record.photos}
        # What later steps compute of the record alone, once: the record cache keeps it with it.
        record_digest(result.record, keep_inner=False)  # its page-fingerprint digest (incremental.py)
        result.record.sort_key  # noqa: B018 - cached properties: its Vietnamese sort key,
        result.record.registered_on  # noqa: B018 - its registration date
    return result


def _exemplar(doc: Document, record_id: str, units: dict[str, Unit], campaigns: dict[str, Campaign],
              media_dir: Path, today: date, problems: list[Problem],
              warnings: list[Problem], withheld: list, notes: list[str], photo_seen=None) -> Exemplar | None:
    """Check one record; return it only if it is to be published. `withheld` receives the valid
    records held back, `notes` what the caller logs; `photo_seen(file)` is told each photo
    before it is read."""
    before = len(problems)
    data = check(spec.EXEMPLAR, doc.data, doc, (), problems)
    if is_bad(data):
        return None
    draft = data.get("draft", False)
    if isinstance(doc.data, dict) and "draft" in doc.data and doc.data["draft"] is None:
        draft = True  # held back: an empty `draft:` is a mistake, never a publication
        problems.append(doc.problem(("draft",), "draft: has no value; write draft: true (not published "
                                                "yet) or draft: false, or remove the line"))
    privacy.check_private(doc, today, problems)
    markdown_guard.check_markdown(doc, ("story",), problems)
    kind = data.get("kind")
    unit_id, campaign_id = data.get("unit"), data.get("campaign")
    if unit_id and units and unit_id not in units:
        problems.append(doc.problem(("unit",), f"unit: unknown unit {unit_id!r}; use an id from units.yml"
                                               f"{suggest(unit_id, units)}"))
    campaign = campaigns.get(campaign_id) if campaign_id else None
    if campaign_id and campaigns and campaign is None:
        problems.append(doc.problem(("campaign",), f"campaign: unknown campaign {campaign_id!r}; use one of "
                                                   f"{', '.join(campaigns)}"))
    year = data.get("school_year")
    if campaign and year and not campaign.covers(year):
        problems.append(doc.problem(("school_year",), f"school_year: {year} is outside campaign "
                                                      f"{campaign.id} ({campaign.start:%d/%m/%Y}–"
                                                      f"{campaign.end:%d/%m/%Y})"))
    unit = units.get(unit_id) if unit_id else None
    if unit and unit.until and year and unit.until < date(int(year[:4]), 9, 1):
        succ = f"; use its successor {unit.successor!r}" if unit.successor else ""
        problems.append(doc.problem(("unit",), f"unit: {unit_id!r} ceased on {unit.until:%d/%m/%Y}, "
                                               f"before school year {year}{succ}"))
    if campaign and kind:
        for j, cid in enumerate(data.get("criteria", [])):
            if campaign.criterion(kind, cid) is None:
                known = ", ".join(c.id for c in campaign.criteria.get(kind, [])) or "none defined"
                problems.append(doc.problem(("criteria", j), f"criteria: {cid!r} is not a {kind} criterion "
                                                             f"of campaign {campaign.id}; known: {known}"))
    if campaign:
        for field_name in ("events", "awards"):
            for j, item in enumerate(data.get(field_name, [])):
                mid = item.get("milestone")
                if mid and campaign.milestone(mid) is None:
                    known = ", ".join(m.id for m in campaign.milestones) or "none defined"
                    problems.append(doc.problem((field_name, j, "milestone"), f"milestone: {mid!r} is not a "
                                                f"milestone of campaign {campaign.id}; known: {known}"))
    if unit and campaign and kind in level_counted_kinds(campaign):
        check_level(doc, data, unit, problems, warnings)
    for j, r in enumerate(data.get("replications", [])):
        if units and r.get("unit") not in units:
            problems.append(doc.problem(("replications", j, "unit"),
                                        f"replications: unknown unit {r.get('unit')!r}{suggest(r.get('unit'), units)}"))
        elif r.get("unit") == unit_id:
            problems.append(doc.problem(("replications", j, "unit"), "replications: the model's own unit "
                                                                     "cannot adopt it; list other units"))
    for j, photo in enumerate(data.get("photos", [])):
        if photo_seen is not None:
            photo_seen(photo.get("file", ""))
        check_photo(doc, ("photos", j, "file"), photo.get("file", ""), media_dir, problems)
    if not draft and isinstance(doc.data, dict) and doc.data.get("published") is None:
        problems.append(doc.problem((), "published: required field is missing (publication date, "
                                        "YYYY-MM-DD); add it, or set draft: true"))
    withdrawn = False
    if kind == "student" and not draft:
        level = person_level(data.get("level"), unit.level if unit else None, data.get("position"))
        withdrawn = check_student(doc, data, today, problems, notes, preschool=level == "mam-non")
    if not draft:
        reported = {p.line for p in problems[before:]}
        for loc in _placeholders(doc.data, ()):
            if doc.line(loc) in reported:
                continue  # already wrong for another reason (a placeholder where a date goes)
            problems.append(doc.problem(loc, f"{_label(loc)}: still holds the placeholder "
                                             f"'{PLACEHOLDER}'; write the real text, or keep draft: true"))
    if len(problems) > before or withdrawn:
        return None
    if draft:
        consent = (data.get("private") or {}).get("consent") if isinstance(data.get("private"), dict) else None
        gone = isinstance(consent, dict) and str(consent.get("withdrawn") or "9999") <= today.isoformat()
        status = "awaiting-consent" if kind == "student" and not consent else "draft"
        if not gone:  # a withdrawn consent keeps the student out of every file, internal ones too
            withheld.append((status, exemplar_from(record_id, doc.path, {"published": None, **data})))
        return None
    if data["published"] > today:
        notes.append(f"{doc.path}: scheduled for {data['published']:%d/%m/%Y}, not published yet")
        withheld.append(("scheduled", exemplar_from(record_id, doc.path, data)))
        return None
    return exemplar_from(record_id, doc.path, data)


def _placeholders(value: Any, loc) -> list:
    """Locations of text still holding the scaffold's placeholder (see `scaffold`)."""
    if isinstance(value, str):
        return [loc] if PLACEHOLDER in value else []
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _placeholders(v, loc + (k,))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in _placeholders(v, loc + (i,))]
    return []


def _label(loc) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
