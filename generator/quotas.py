"""Quota arithmetic (chỉ tiêu đăng ký): registrations of each unit against the plan's minimums.

Pure functions of the catalog, no MkDocs import. The rules are those of the plan (section IV.2.a)
as the content model states them:

- a campaign's `quotas` give, per scope, per exemplar kind, a minimum `total` (and `up_to`, the
  top of a range such as "ít nhất từ 5-10 mô hình") and minimums per level, for every school year;
- scopes (`Catalog.scope_of`): each **office** is counted over every unit under it (and its own
  records); each **school under an office** owes its own model (its staff and pupils count
  toward the office's figures, not toward a quota of its own); each unit or school **directly
  affiliated** to the department owes model, staff and students itself;
- the `staff` quota's total counts `staff` and `manager` records; a level key of `staff` counts
  teachers (`staff` records) of that level, as the plan asks "3 giáo viên mầm non…";
- a record counts toward one level only (`levels.person_level`), so level cells never add up to
  more than their total; a record without a level counts toward the total only;
- a record still at the `discovered` step (phát hiện) is not registered and counts toward nothing;
- a registration is on time when its date (the record's first `registered` event) is *before*
  the deadline of its school year ("trước ngày 20/10/2017"); on the deadline day it is late. A
  year without a deadline has no late registrations. Late ones still count and are listed;
- a unit whose `until` is before the school year starts is no longer expected to register.

Only published records exist in the catalog, so figures never reveal drafts or scheduled records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .levels import unit_levels
from .model import Campaign, Catalog, Exemplar, Unit
from .vietnamese import collation_key

#: Record kinds a quota kind's total counts.
KIND_MEMBERS = {"staff": ("staff", "manager")}
#: Record kinds a quota kind's level keys count: the plan's level minimums are for teachers.
LEVEL_MEMBERS = {"staff": ("staff",)}
SCOPES = ("office", "school", "affiliated")
#: Units that carry a quota of their own: schools and other units (offices carry theirs).
SCHOOL_KINDS = ("school", "unit")
#: Keys of a quota kind that are not columns of their own.
NOT_COLUMNS = ("up_to",)


class Minimum:
    """Something counted (`actual`) against a minimum the plan sets (`required`)."""

    required: int
    actual: int

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.actual)

    @property
    def met(self) -> bool:
        return self.actual >= self.required


@dataclass(frozen=True)
class QuotaLine(Minimum):
    """One figure: `actual` records of a quota kind (and level) against the `required` minimum."""

    kind: str
    key: str  # "total" or a level (mam-non, tieu-hoc, …)
    required: int
    actual: int
    #: Top of the plan's range ("5–10 mô hình"), for the total only.
    up_to: int | None = None

    @property
    def counted(self) -> int:
        """Records that fill the minimum: a surplus in one figure never hides a gap in another."""
        return min(self.actual, self.required)

    @property
    def target(self) -> str:
        """"5–10" for a range, "9" otherwise."""
        return f"{self.required}–{self.up_to}" if self.up_to else str(self.required)


@dataclass(frozen=True)
class UnitQuota:
    """An office or a school in one school year: its figures and its late registrations."""

    unit: Unit
    scope: str
    lines: tuple[QuotaLine, ...]
    registered: int
    late: tuple[Exemplar, ...]
    #: Office the unit belongs to (None for offices and units directly under the department).
    office: Unit | None = None
    #: The unit is a pilot school (trường chỉ đạo điểm) of the campaign.
    pilot: bool = False
    #: Records of a school of several levels that name no level: they count toward totals only.
    without_level: tuple[Exemplar, ...] = ()

    @property
    def met(self) -> bool:
        return all(line.met for line in self.lines)

    @property
    def shortfall(self) -> int:
        """Records still missing to reach every kind's `total` minimum."""
        return sum(line.shortfall for line in self.lines if line.key == "total")

    @property
    def unmet(self) -> int:
        """Number of figures (totals and levels) below their minimum."""
        return sum(1 for line in self.lines if not line.met)

    @property
    def required(self) -> int:
        """Sum of the `total` minimums of every kind (the height of the bar to reach)."""
        return sum(line.required for line in self.lines if line.key == "total")

    @property
    def counted(self) -> int:
        return sum(line.counted for line in self.lines if line.key == "total")

    @property
    def percent(self) -> int:
        return Summary.of([self]).percent

    def line(self, kind: str, key: str = "total") -> QuotaLine | None:
        return next((li for li in self.lines if li.kind == kind and li.key == key), None)


@dataclass(frozen=True)
class Summary:
    """What an officer presents: how many units met their quota, and the share of the minimum
    reached (each unit's totals capped at their minimum, so a surplus hides no gap)."""

    units: int
    met: int
    required: int
    counted: int

    @property
    def percent(self) -> int:
        """Whole per cent of the minimum reached, rounded down (100 only when all is reached)."""
        return 100 if not self.required else self.counted * 100 // self.required

    @classmethod
    def of(cls, rows: Iterable[UnitQuota]) -> Summary:
        rows = list(rows)
        return cls(units=len(rows), met=sum(1 for q in rows if q.met),
                   required=sum(q.required for q in rows), counted=sum(q.counted for q in rows))

    def __add__(self, other: Summary) -> Summary:
        return Summary(self.units + other.units, self.met + other.met, self.required + other.required,
                       self.counted + other.counted)


@dataclass(frozen=True)
class YearQuota:
    """The dashboard of one school year under one campaign."""

    school_year: str
    campaign: Campaign
    deadline: date | None
    offices: tuple[UnitQuota, ...]
    #: Schools and units under an office, grouped by office.
    schools: tuple[UnitQuota, ...]
    #: Schools and units directly under the department.
    affiliated: tuple[UnitQuota, ...]
    #: Every registered record of the year and campaign, in the catalog's order (newest first).
    records: tuple[Exemplar, ...]
    late: tuple[Exemplar, ...]

    @property
    def columns(self) -> dict[str, tuple[tuple[str, str], ...]]:
        return {scope: columns(self.campaign, scope) for scope in SCOPES}

    def rows(self, scope: str) -> tuple[UnitQuota, ...]:
        return {"office": self.offices, "school": self.schools, "affiliated": self.affiliated}[scope]

    def summary(self, scope: str) -> Summary:
        return Summary.of(self.rows(scope))

    @property
    def total(self) -> Summary:
        """Every unit with a duty this year, whatever its scope."""
        return Summary.of(q for scope in SCOPES for q in self.rows(scope))

    def office_summary(self, office: Unit) -> tuple[UnitQuota | None, Summary]:
        """An office's own figures and how its schools stand on theirs."""
        own = next((q for q in self.offices if q.unit.id == office.id), None)
        return own, Summary.of(q for q in self.schools if q.office and q.office.id == office.id)

    def by_kind(self) -> dict[str, int]:
        """Records of the year by quota kind (staff includes managers), in the quota's order."""
        kinds = list(dict.fromkeys(k for scope in SCOPES for k in self.campaign.quotas.get(scope, {})))
        return {k: sum(1 for e in self.records if e.kind in KIND_MEMBERS.get(k, (k,))) for k in kinds}

    @property
    def without_level(self) -> tuple[Exemplar, ...]:
        return tuple(e for q in self.offices for e in q.without_level)


def counts_toward(exemplar: Exemplar, level: str | None, kind: str, key: str) -> bool:
    """Whether a record whose one level is `level` counts toward quota `kind`/`key`."""
    if key == "total":
        return exemplar.kind in KIND_MEMBERS.get(kind, (kind,))
    return exemplar.kind in LEVEL_MEMBERS.get(kind, (kind,)) and level == key


def level_counted_kinds(campaign: Campaign) -> set[str]:
    """Record kinds that some level minimum of the campaign counts (where a level matters)."""
    return {member for kinds in campaign.quotas.values() for kind, keys in kinds.items()
            if any(k != "total" and k not in NOT_COLUMNS for k in keys)
            for member in LEVEL_MEMBERS.get(kind, (kind,))}


def columns(campaign: Campaign, scope: str) -> tuple[tuple[str, str], ...]:
    """(kind, key) pairs of a scope's quota, `total` first in each kind, in plan.yml's order."""
    out: list[tuple[str, str]] = []
    for kind, keys in campaign.quotas.get(scope, {}).items():
        ordered = (["total"] if "total" in keys else []) + [k for k in keys
                                                            if k != "total" and k not in NOT_COLUMNS]
        out.extend((kind, key) for key in ordered)
    return tuple(out)


def measure(records: Iterable[Exemplar], catalog: Catalog, campaign: Campaign,
            scope: str) -> tuple[QuotaLine, ...]:
    """The figures of one unit from the records it counts."""
    level = catalog.level_by_id
    leveled = [(e, level[e.id]) for e in records]
    quota = campaign.quotas.get(scope, {})
    return tuple(
        QuotaLine(kind, key, quota[kind][key],
                  sum(1 for e, level in leveled if counts_toward(e, level, kind, key)),
                  quota[kind].get("up_to") if key == "total" else None)
        for kind, key in columns(campaign, scope))


def is_late(exemplar: Exemplar, deadline: date | None) -> bool:
    """Late unless registered *before* the deadline ("trước ngày 20/10/2017")."""
    registered = exemplar.registered_on
    return deadline is not None and registered is not None and registered >= deadline


def active(unit: Unit, school_year: str) -> bool:
    """A unit takes part in a school year unless it ceased to exist before the year began."""
    return unit.until is None or unit.until >= date(int(school_year[:4]), 9, 1)


def is_registration(exemplar: Exemplar) -> bool:
    """A record counts once registered: a model only discovered (phát hiện) is not yet."""
    return exemplar.stage != "discovered"


def year_quota(catalog: Catalog, school_year: str, campaign: Campaign,
               records: tuple[Exemplar, ...] | None = None) -> YearQuota:
    """`records`: the year's registered records of the campaign, in the catalog's order, if the
    caller has them (`dashboard`: one pass over the catalog for every year)."""
    if records is None:
        records = tuple(e for e in catalog.exemplars if e.school_year == school_year
                        and e.campaign == campaign.id and is_registration(e))
    level = catalog.level_by_id
    deadline = campaign.deadline_for(school_year)
    by_unit: dict[str, list[Exemplar]] = {}
    for e in records:
        by_unit.setdefault(e.unit, []).append(e)

    def unit_quota(unit: Unit, scope: str, members: list[Exemplar], office: Unit | None) -> UnitQuota:
        return UnitQuota(unit=unit, scope=scope, lines=measure(members, catalog, campaign, scope),
                         registered=len(members), late=tuple(e for e in members if is_late(e, deadline)),
                         office=office, pilot=campaign.id in unit.pilot,
                         without_level=tuple(e for e in members if e.is_person and
                                             level[e.id] is None and
                                             catalog.units[e.unit].level is not None))

    def takes_part(unit: Unit) -> bool:
        return active(unit, school_year) or unit.id in by_unit

    dept = catalog.department
    offices, schools, affiliated = [], [], []
    for unit in catalog.children.get(dept.id, []):
        if unit.kind == "office" and takes_part(unit):
            below = [u for u in catalog.descendants(unit.id) if takes_part(u)]
            members = [e for u in (unit, *below) for e in by_unit.get(u.id, [])]
            offices.append(unit_quota(unit, "office", members, None))
            schools.extend(unit_quota(u, "school", by_unit.get(u.id, []), unit)
                           for u in below if u.kind in SCHOOL_KINDS)
        elif unit.kind in SCHOOL_KINDS and takes_part(unit):
            affiliated.append(unit_quota(unit, "affiliated", by_unit.get(unit.id, []), None))
    offices.sort(key=lambda q: collation_key(q.unit.name))
    order = {q.unit.id: i for i, q in enumerate(offices)}
    schools.sort(key=lambda q: order[q.office.id] if q.office else -1)  # stable: tree order within
    return YearQuota(school_year=school_year, campaign=campaign, deadline=deadline,
                     offices=tuple(offices), schools=tuple(schools), affiliated=tuple(affiliated),
                     records=records, late=tuple(e for e in records if is_late(e, deadline)))


def dashboard(catalog: Catalog) -> list[YearQuota]:
    """One YearQuota per (school year, campaign) that has registered records, newest year first."""
    groups: dict[tuple[str, str], list[Exemplar]] = {}
    for e in catalog.exemplars:
        if is_registration(e):
            groups.setdefault((e.school_year, e.campaign), []).append(e)
    pairs = sorted(groups, key=lambda p: (-int(p[0][:4]), p[1]))
    return [year_quota(catalog, year, catalog.campaigns[cid], tuple(groups[year, cid])) for year, cid in pairs]


@dataclass(frozen=True)
class CampaignQuota:
    """A campaign's years together: what the final review presents (cả giai đoạn)."""

    campaign: Campaign
    years: tuple[YearQuota, ...]

    def summary(self, scope: str) -> Summary:
        return sum((yq.summary(scope) for yq in self.years), Summary(0, 0, 0, 0))

    @property
    def total(self) -> Summary:
        return sum((yq.total for yq in self.years), Summary(0, 0, 0, 0))

    def office_summary(self, office: Unit) -> tuple[Summary, Summary]:
        """An office's own figures and its schools', added up over the campaign's years."""
        own, schools = Summary(0, 0, 0, 0), Summary(0, 0, 0, 0)
        for yq in self.years:
            mine, theirs = yq.office_summary(office)
            own += Summary.of([mine] if mine else [])
            schools += theirs
        return own, schools


def by_campaign(years: list[YearQuota]) -> list[CampaignQuota]:
    """The dashboard's years grouped by campaign, newest campaign first."""
    grouped: dict[str, list[YearQuota]] = {}
    for yq in years:
        grouped.setdefault(yq.campaign.id, []).append(yq)
    return [CampaignQuota(campaign=ys[0].campaign, years=tuple(ys)) for ys in grouped.values()]


@dataclass(frozen=True)
class PilotLine(Minimum):
    """One level of an office's pilot schools against the plan's number (3 mầm non, …)."""

    level: str
    required: int
    schools: tuple[Unit, ...]

    @property
    def actual(self) -> int:  # type: ignore[override]
        return len(self.schools)


@dataclass(frozen=True)
class OfficePilots:
    """Chỉ đạo điểm: the pilot schools an office designated for a campaign."""

    office: Unit
    campaign: Campaign
    lines: tuple[PilotLine, ...]
    schools: tuple[Unit, ...]

    @property
    def met(self) -> bool:
        return all(line.met for line in self.lines)

    @property
    def shortfall(self) -> int:
        return sum(line.shortfall for line in self.lines)


def pilots(catalog: Catalog, campaign: Campaign) -> list[OfficePilots]:
    """Each office's pilot schools by level against `campaign.pilot` ({mam-non: 3, …}).

    A school of several levels (TH&THCS) pilots the plan in each of its levels, so it counts
    toward each of them."""
    out = []
    for office in catalog.children.get(catalog.department.id, []):
        if office.kind != "office":
            continue
        mine = tuple(u for u in catalog.descendants(office.id) if campaign.id in u.pilot)
        lines = tuple(PilotLine(level, n, tuple(u for u in mine if level in unit_levels(u.level)))
                      for level, n in campaign.pilot.items())
        out.append(OfficePilots(office=office, campaign=campaign, lines=lines, schools=mine))
    out.sort(key=lambda p: collation_key(p.office.name))
    return out
