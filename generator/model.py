"""Typed records of the published site. No MkDocs import: the core could move to another engine.

Only what may be published lives here: drafts, future-dated records, students whose consent was
withdrawn and every `private:` field are dropped by `Catalog.build`, once, so that no page,
feed or index built later can leak them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .lazytext import LazyText, state
from .levels import person_level
from .vietnamese import collation_key, name_key

if TYPE_CHECKING:
    from .news import NewsPost


@dataclass(frozen=True)
class Unit:
    """Đơn vị: the department (Sở), a district office (Phòng), a school or another unit."""

    id: str
    name: str
    kind: str
    level: str | None = None
    parent: str | None = None
    website: str | None = None
    until: date | None = None
    successor: str | None = None
    #: Campaigns in which the school is a pilot school (trường chỉ đạo điểm).
    pilot: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """Người ký, đầu mối liên hệ: a named official of a plan (public by nature)."""

    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Milestone:
    """Mốc lộ trình: a review, a conference, a writing contest or the final review of a plan."""

    id: str
    date: date
    kind: str
    title: str
    text: str | None = None


@dataclass(frozen=True)
class Criterion:
    """Tiêu chí: one criterion of a campaign for one kind of exemplar."""

    id: str
    text: str


@dataclass(frozen=True)
class Campaign:
    """Kế hoạch: a multi-year plan with its criteria and minimum quotas per school year."""

    id: str
    title: str
    start: date
    end: date
    registration_deadline: date | None = None
    criteria: dict[str, list[Criterion]] = field(default_factory=dict)
    #: scope (`office` | `school` | `affiliated`) → kind → {"total" | "up_to" | level: minimum}
    quotas: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    number: str | None = None
    date: date | None = None
    issuer: str | None = None
    signer: Person | None = None
    document: str | None = None
    contact: Person | None = None
    #: Deadlines of later school years: school year → date (lists due before it).
    deadlines: dict[str, date] = field(default_factory=dict)
    #: Pilot schools each office designates, per level.
    pilot: dict[str, int] = field(default_factory=dict)
    #: How often publicity news is due: {"office": "monthly", "affiliated": "quarterly"}.
    reporting: dict[str, str] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()

    def covers(self, school_year: str) -> bool:
        """A school year (1 Sep – 31 Aug) belongs to the campaign when it overlaps its period."""
        first = int(school_year[:4])
        return date(first, 9, 1) <= self.end and date(first + 1, 8, 31) >= self.start

    def criterion(self, kind: str, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria.get(kind, []) if c.id == criterion_id), None)

    def deadline_for(self, school_year: str) -> date | None:
        """Hạn đăng ký: lists are due *before* this day. `registration_deadline` is the deadline of
        the school year it falls in (the campaign's first); later years have theirs in
        `deadlines`. A year without one has none: no deadline is invented."""
        if school_year in self.deadlines:
            return self.deadlines[school_year]
        d = self.registration_deadline
        if d is not None and school_year_of(d) == school_year:
            return d
        return None

    def all_deadlines(self) -> list[tuple[str, date]]:
        """(school year, deadline) of every year that has one, oldest first."""
        years = dict(self.deadlines)
        if self.registration_deadline is not None:
            years.setdefault(school_year_of(self.registration_deadline), self.registration_deadline)
        return sorted(years.items())

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    @property
    def reference(self) -> str | None:
        """"Kế hoạch số 1676/KH-SGD&ĐT-VP ngày 19 tháng 9 năm 2017", as the appendix cites it."""
        if not self.number:
            return None
        when = f" ngày {self.date.day:02d} tháng {self.date.month} năm {self.date.year}" if self.date else ""
        return f"Kế hoạch số {self.number}{when}"


def school_year_of(day: date) -> str:
    """The school year (1 September – 31 August) a day falls in: 20/10/2017 → 2017-2018."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


@dataclass(frozen=True)
class Event:
    date: date
    text: str
    stage: str | None = None
    #: Id of the campaign milestone where this happened (presented at the 2019 conference…).
    milestone: str | None = None


@dataclass(frozen=True)
class Award:
    """Khen thưởng: an honour given at a level (President … school)."""

    title: str
    level: str
    date: date
    decision: str | None = None
    milestone: str | None = None


@dataclass(frozen=True)
class Replication:
    """Nhân rộng: a unit that adopted the model, how far it reached and under which plan."""

    unit: str
    date: date
    note: str | None = None
    #: school | district | province | sector
    scope: str | None = None
    #: Number of the replication plan (Kế hoạch nhân rộng) that launched it.
    plan: str | None = None


@dataclass(frozen=True)
class Selection:
    """The department's pick of a model to replicate across the province or the sector."""

    scope: str
    date: date
    decision: str | None = None


@dataclass(frozen=True)
class Photo:
    file: str
    caption: str
    alt: str


@dataclass(frozen=True)
class MediaLink:
    """Press coverage (báo chí đưa tin)."""

    outlet: str
    title: str
    url: str
    date: date


@dataclass(frozen=True)
class Exemplar:
    """Điển hình tiên tiến: one published record, public fields only."""

    id: str
    source: str
    kind: str
    name: str
    title: str
    unit: str
    campaign: str
    school_year: str
    summary: str
    registered_title: str
    stage: str
    published: date
    position: str | None = None
    criteria: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    good_deed: bool = False
    events: tuple[Event, ...] = ()
    awards: tuple[Award, ...] = ()
    replications: tuple[Replication, ...] = ()
    photos: tuple[Photo, ...] = ()
    media: tuple[MediaLink, ...] = ()
    story: str = LazyText()  # type: ignore[assignment]  # pickled as UTF-8, decoded when read (lazytext.py)
    featured: bool = False
    #: The person's education level as written (`level:`); see `Catalog.level_of` for the one
    #: level the record counts toward.
    level: str | None = None
    selected: Selection | None = None

    def __getstate__(self) -> dict[str, Any]:
        return state(self)

    @property
    def is_person(self) -> bool:
        return self.kind != "collective"

    @cached_property  # asked per record by every quota, list and export: kept (record cache too)
    def registered_on(self) -> date | None:
        """Ngày đăng ký: the first event that starts the `registered` stage."""
        return next((e.date for e in sorted(self.events, key=lambda e: e.date)
                     if e.stage == "registered"), None)

    @cached_property
    def sort_key(self) -> tuple:
        return name_key(self.name) if self.is_person else collation_key(self.name)


@dataclass
class Catalog:
    """Everything the site publishes, with the lookups page builders need (built once)."""

    units: dict[str, Unit]
    campaigns: dict[str, Campaign]
    exemplars: list[Exemplar]
    today: date
    #: Files of content/media/ the site publishes (photos of published records, signed plans):
    #: media-relative path → absolute source path.
    photo_files: dict[str, str] = field(default_factory=dict)
    #: Published news posts (tin tức, `generator/news.py`), newest first.
    news: list[NewsPost] = field(default_factory=list)
    #: Problems that do not stop the build (`path:line: message`), for `exemplars check`.
    warnings: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Newest first, then by id: two stable sorts with C keys (a third of the time of a key
        # tuple per record at 10,000 records).
        self.exemplars.sort(key=attrgetter("id"))
        self.exemplars.sort(key=attrgetter("published"), reverse=True)
        self.by_id = {e.id: e for e in self.exemplars}
        #: Every record id of content/exemplars/, drafts and scheduled ones too → its kind (what a
        #: news post may name: the preview checks one post alone). Not a field: never on a page.
        self.record_kinds: dict[str, Any] = {}
        self._position = {e.id: i for i, e in enumerate(self.exemplars)}
        self.by_unit: dict[str, list[Exemplar]] = {}
        self.adopted_by: dict[str, list[Exemplar]] = {}
        for e in self.exemplars:
            self.by_unit.setdefault(e.unit, []).append(e)
            for r in e.replications:
                self.adopted_by.setdefault(r.unit, []).append(e)
        self.children: dict[str, list[Unit]] = {}
        self._descendants: dict[str, list[Unit]] = {}
        for u in self.units.values():
            if u.parent:
                self.children.setdefault(u.parent, []).append(u)
        for kids in self.children.values():
            kids.sort(key=lambda u: (_KIND_ORDER.get(u.kind, 9), collation_key(u.name)))

    @property
    def department(self) -> Unit:
        return next(u for u in self.units.values() if u.kind == "department")

    def ancestors(self, unit_id: str) -> list[Unit]:
        """From the department down to the unit's parent."""
        chain: list[Unit] = []
        unit = self.units[unit_id]
        while unit.parent:
            unit = self.units[unit.parent]
            chain.append(unit)
        return chain[::-1]

    def scope_of(self, unit_id: str) -> str:
        """`department`, `office`, `school` (a school or unit under an office) or `affiliated`
        (directly under the department): the plan sets different duties for each."""
        unit = self.units[unit_id]
        if unit.kind in ("department", "office"):
            return unit.kind
        parent = self.units.get(unit.parent or "")
        return "school" if parent is not None and parent.kind == "office" else "affiliated"

    def office_of(self, unit_id: str) -> Unit | None:
        """The office a unit is under (itself for an office); None under the department."""
        unit = self.units[unit_id]
        while unit.kind != "office":
            if not unit.parent:
                return None
            unit = self.units[unit.parent]
        return unit

    def level_of(self, exemplar: Exemplar) -> str | None:
        """The one level a record counts toward (see `levels.person_level`)."""
        unit = self.units.get(exemplar.unit)
        return person_level(exemplar.level, unit.level if unit else None, exemplar.position)

    @cached_property
    def level_by_id(self) -> dict[str, str | None]:
        """`level_of` of every published record by id, worked out once: a record counts in its
        school's, its office's and the open data's figures (45,000 asks at 10,000 records)."""
        return {e.id: self.level_of(e) for e in self.exemplars}

    @cached_property
    def milestones(self) -> dict[str, tuple[Campaign, Milestone]]:
        """Every campaign's milestones by id (ids are unique across campaigns)."""
        return {m.id: (c, m) for c in self.campaigns.values() for m in c.milestones}

    def records_under(self, unit_id: str) -> list[Exemplar]:
        """Published records of a unit and of every unit below it, in the catalog's order."""
        ids = [unit_id, *(u.id for u in self.descendants(unit_id))]
        records = [e for uid in ids for e in self.by_unit.get(uid, ())]
        return sorted(records, key=lambda e: self._position[e.id]) if len(ids) > 1 else records

    def descendants(self, unit_id: str) -> list[Unit]:
        """Every unit below, depth first; memoised because lists and quotas ask per unit and
        per year (the tree does not change after loading). A copy: callers may extend it."""
        cached = self._descendants.get(unit_id)
        if cached is None:
            cached = []
            for child in self.children.get(unit_id, []):
                cached.append(child)
                cached.extend(self.descendants(child.id))
            self._descendants[unit_id] = cached
        return list(cached)

    def news_about(self, exemplar_id: str) -> list[NewsPost]:
        """Published news posts (tin tức) naming an exemplar, newest first."""
        if not hasattr(self, "_news_about"):
            self._news_about: dict[str, list[NewsPost]] = {}
            for post in self.news:
                for rid in post.exemplars:
                    self._news_about.setdefault(rid, []).append(post)
        return self._news_about.get(exemplar_id, [])

    def news_under(self, unit_id: str) -> list[NewsPost]:
        """Published news posts of a unit and of every unit below it, newest first."""
        ids = {unit_id, *(u.id for u in self.descendants(unit_id))}
        return [post for post in self.news if post.unit in ids]


_KIND_ORDER = {"department": 0, "office": 1, "unit": 2, "school": 3}
