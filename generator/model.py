"""Typed records of the published site. No MkDocs import: the core could move to another engine.

Only what may be published lives here: drafts, future-dated records, students whose consent was
withdrawn and every `private:` field are dropped by `Catalog.build`, once, so that no page,
feed or index built later can leak them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

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
    #: scope (`office` | `school`) → kind → {"total" | level: minimum}
    quotas: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def covers(self, school_year: str) -> bool:
        """A school year (1 Sep – 31 Aug) belongs to the campaign when it overlaps its period."""
        first = int(school_year[:4])
        return date(first, 9, 1) <= self.end and date(first + 1, 8, 31) >= self.start

    def criterion(self, kind: str, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria.get(kind, []) if c.id == criterion_id), None)

    def deadline_for(self, school_year: str) -> date | None:
        """The registration deadline's day and month, in the school year's first calendar year."""
        if not self.registration_deadline:
            return None
        d = self.registration_deadline
        return date(int(school_year[:4]), d.month, d.day)


@dataclass(frozen=True)
class Event:
    date: date
    text: str
    stage: str | None = None


@dataclass(frozen=True)
class Award:
    """Khen thưởng: an honour given at a level (President … school)."""

    title: str
    level: str
    date: date
    decision: str | None = None


@dataclass(frozen=True)
class Replication:
    """Nhân rộng: a unit that adopted the model."""

    unit: str
    date: date
    note: str | None = None


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
    story: str = ""
    featured: bool = False

    @property
    def is_person(self) -> bool:
        return self.kind != "collective"

    @property
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
    #: Photos referenced by published records: media-relative path → absolute source path.
    photo_files: dict[str, str] = field(default_factory=dict)
    #: Published news posts (tin tức, `generator/news.py`), newest first.
    news: list[NewsPost] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.exemplars.sort(key=lambda e: (-e.published.toordinal(), e.id))
        self.by_id = {e.id: e for e in self.exemplars}
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


def exemplar_from(record_id: str, source: str, data: dict[str, Any]) -> Exemplar:
    """Typed record from validated data; `private`, `draft` never cross this line."""
    return Exemplar(
        id=record_id, source=source,
        kind=data["kind"], name=data["name"], title=data["title"], unit=data["unit"],
        campaign=data["campaign"], school_year=data["school_year"], summary=data["summary"],
        registered_title=data["registered_title"], stage=data["stage"], published=data["published"],
        position=data.get("position"),
        criteria=tuple(data.get("criteria", ())), fields=tuple(data.get("fields", ())),
        good_deed=data.get("good_deed", False),
        events=tuple(sorted((Event(**e) for e in data.get("events", ())), key=lambda e: e.date)),
        awards=tuple(Award(**a) for a in data.get("awards", ())),
        replications=tuple(Replication(**r) for r in data.get("replications", ())),
        photos=tuple(Photo(**p) for p in data.get("photos", ())),
        media=tuple(MediaLink(**m) for m in data.get("media", ())),
        story=data.get("story", ""), featured=data.get("featured", False),
    )


def campaign_from(data: dict[str, Any]) -> Campaign:
    criteria = {kind: [Criterion(**c) for c in items] for kind, items in data.get("criteria", {}).items()}
    return Campaign(id=data["id"], title=data["title"], start=data["start"], end=data["end"],
                    registration_deadline=data.get("registration_deadline"), criteria=criteria,
                    quotas=data.get("quotas", {}))


def unit_from(data: dict[str, Any]) -> Unit:
    return Unit(**data)
