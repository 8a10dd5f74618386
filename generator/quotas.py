"""Quota arithmetic (chỉ tiêu đăng ký): registrations of each office and school against the plan.

Pure functions of the catalog, no MkDocs import. The rules are those of the content model:

- a campaign's `quotas` give, per scope (`office`, `school`), per exemplar kind, a minimum
  `total` and minimums per school level, for every school year of the campaign;
- the `staff` quota counts `staff` and `manager` records; other kinds count themselves;
- a level key counts records whose unit has that level; `th-thcs` counts toward both `tieu-hoc`
  and `thcs` (and toward `th-thcs` itself);
- an office counts the records of every unit under it (and its own); a school or affiliated
  unit counts its own records;
- a registration is late when its date (the record's first event with `stage: registered`,
  `Exemplar.registered_on`) is after the campaign's deadline for that school year. Late
  registrations still count toward the quota; they are listed so the department can see them.

Only published records exist in the catalog, so figures never reveal drafts or scheduled records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import Campaign, Catalog, Exemplar, Unit
from .vietnamese import collation_key

#: Record kinds a quota kind counts.
KIND_MEMBERS = {"staff": ("staff", "manager")}
#: Levels a unit's level counts toward, besides itself.
LEVEL_ALSO = {"th-thcs": ("tieu-hoc", "thcs")}
SCOPES = ("office", "school")
#: Units that carry the `school` quota: schools and other affiliated units.
SCHOOL_KINDS = ("school", "unit")


@dataclass(frozen=True)
class QuotaLine:
    """One figure: `actual` records of a quota kind (and level) against the `required` minimum."""

    kind: str
    key: str  # "total" or a level (mam-non, tieu-hoc, …)
    required: int
    actual: int

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.actual)

    @property
    def met(self) -> bool:
        return self.actual >= self.required


@dataclass(frozen=True)
class UnitQuota:
    """An office or a school in one school year: its figures and its late registrations."""

    unit: Unit
    scope: str
    lines: tuple[QuotaLine, ...]
    registered: int
    late: tuple[Exemplar, ...]
    #: Office the school belongs to (None for offices and units directly under the department).
    office: Unit | None = None

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

    def line(self, kind: str, key: str = "total") -> QuotaLine | None:
        return next((li for li in self.lines if li.kind == kind and li.key == key), None)


@dataclass(frozen=True)
class YearQuota:
    """The dashboard of one school year under one campaign."""

    school_year: str
    campaign: Campaign
    deadline: date | None
    offices: tuple[UnitQuota, ...]
    schools: tuple[UnitQuota, ...]
    #: Every record of the year and campaign, in the catalog's order (newest first).
    records: tuple[Exemplar, ...]
    late: tuple[Exemplar, ...]

    @property
    def columns(self) -> dict[str, tuple[tuple[str, str], ...]]:
        return {scope: columns(self.campaign, scope) for scope in SCOPES}

    def by_kind(self) -> dict[str, int]:
        """Records of the year by quota kind (staff includes managers), in the quota's order."""
        kinds = list(dict.fromkeys(k for scope in SCOPES for k in self.campaign.quotas.get(scope, {})))
        return {k: sum(1 for e in self.records if e.kind in KIND_MEMBERS.get(k, (k,))) for k in kinds}


def counts_toward(exemplar: Exemplar, unit_level: str | None, kind: str, key: str) -> bool:
    """Whether a record of a unit with `unit_level` counts toward quota `kind`/`key`."""
    if exemplar.kind not in KIND_MEMBERS.get(kind, (kind,)):
        return False
    if key == "total":
        return True
    return unit_level is not None and (key == unit_level or key in LEVEL_ALSO.get(unit_level, ()))


def columns(campaign: Campaign, scope: str) -> tuple[tuple[str, str], ...]:
    """(kind, key) pairs of a scope's quota, `total` first in each kind, in plan.yml's order."""
    out: list[tuple[str, str]] = []
    for kind, keys in campaign.quotas.get(scope, {}).items():
        ordered = (["total"] if "total" in keys else []) + [k for k in keys if k != "total"]
        out.extend((kind, key) for key in ordered)
    return tuple(out)


def measure(records: Iterable[Exemplar], units: dict[str, Unit], campaign: Campaign,
            scope: str) -> tuple[QuotaLine, ...]:
    """The figures of one office or school from the records it counts."""
    records = list(records)
    quota = campaign.quotas.get(scope, {})
    return tuple(
        QuotaLine(kind, key, quota[kind][key],
                  sum(1 for e in records if counts_toward(e, units[e.unit].level, kind, key)))
        for kind, key in columns(campaign, scope))


def is_late(exemplar: Exemplar, deadline: date | None) -> bool:
    registered = exemplar.registered_on
    return deadline is not None and registered is not None and registered > deadline


def active(unit: Unit, school_year: str) -> bool:
    """A unit takes part in a school year unless it ceased to exist before the year began."""
    return unit.until is None or unit.until >= date(int(school_year[:4]), 9, 1)


def year_quota(catalog: Catalog, school_year: str, campaign: Campaign) -> YearQuota:
    records = tuple(e for e in catalog.exemplars
                    if e.school_year == school_year and e.campaign == campaign.id)
    deadline = campaign.deadline_for(school_year)
    by_unit: dict[str, list[Exemplar]] = {}
    for e in records:
        by_unit.setdefault(e.unit, []).append(e)

    def unit_quota(unit: Unit, scope: str, members: list[Exemplar], office: Unit | None) -> UnitQuota:
        return UnitQuota(unit=unit, scope=scope, lines=measure(members, catalog.units, campaign, scope),
                         registered=len(members), late=tuple(e for e in members if is_late(e, deadline)),
                         office=office)

    dept = catalog.department
    offices = []
    office_of: dict[str, Unit] = {}
    for unit in catalog.descendants(dept.id):
        if unit.kind != "office" or not (active(unit, school_year) or unit.id in by_unit):
            continue
        below = catalog.descendants(unit.id)
        office_of.update((u.id, unit) for u in below)
        members = [e for u in (unit, *below) for e in by_unit.get(u.id, [])]
        offices.append(unit_quota(unit, "office", members, None))
    schools = [unit_quota(u, "school", by_unit.get(u.id, []), office_of.get(u.id))
               for u in catalog.descendants(dept.id)
               if u.kind in SCHOOL_KINDS and (active(u, school_year) or u.id in by_unit)]
    offices.sort(key=lambda q: collation_key(q.unit.name))
    return YearQuota(school_year=school_year, campaign=campaign, deadline=deadline,
                     offices=tuple(offices), schools=tuple(schools), records=records,
                     late=tuple(e for e in records if is_late(e, deadline)))


def dashboard(catalog: Catalog) -> list[YearQuota]:
    """One YearQuota per (school year, campaign) that has published records, newest year first."""
    pairs = sorted({(e.school_year, e.campaign) for e in catalog.exemplars},
                   key=lambda p: (-int(p[0][:4]), p[1]))
    return [year_quota(catalog, year, catalog.campaigns[cid]) for year, cid in pairs]
