"""The reporting duty (chế độ báo cáo): who sent publicity news to the department, and when.

The plan (section "Tổ chức thực hiện", point 5): "Định kỳ gửi thông tin tuyên truyền về Văn phòng
Sở GD&ĐT: 01 lần/tháng/phòng GD&ĐT; 01 lần/quý/đơn vị, trường học trực thuộc". `plan.yml`
`reporting` gives the cadence per campaign ({office: monthly, affiliated: quarterly}).

Rules, as the content model states them:
- an office has sent news for a period when a published exemplar or news post of the office or
  of a unit under it is dated in that period (an exemplar's date is its `published` date, a
  post's its `date`); a directly affiliated unit (school or unit whose parent is the department)
  likewise, from its own records and posts;
- periods are calendar months and quarters (Quý I = January–March) that overlap a campaign with
  a `reporting` cadence; only periods that have begun by the build date count; a period that has
  ended without news is missing, the current one is open until it ends;
- a unit whose `until` is before a period begins is no longer expected to report;
- a period belongs to the school year (1 September – 31 August) in which it ends, so each period
  is shown once: 2019 Quý III (July–September) is in school year 2019-2020.

Pure functions of the catalog (published records only), no MkDocs import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .model import Campaign, Catalog, Exemplar, Unit
from .news import NewsPost

CADENCES = ("monthly", "quarterly")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")
SENT, MISSING, OPEN = "sent", "missing", "open"


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month or quarter."""

    start: date
    end: date
    cadence: str = field(compare=False)

    @property
    def key(self) -> str:
        if self.cadence == "monthly":
            return f"{self.start:%Y-%m}"
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    @property
    def label(self) -> str:
        """"Tháng 03/2019", "Quý I/2019"."""
        if self.cadence == "monthly":
            return f"Tháng {self.start:%m/%Y}"
        return f"Quý {ROMAN[(self.start.month - 1) // 3 + 1]}/{self.start.year}"

    @property
    def in_words(self) -> str:
        """"tháng 03/2019", "quý I/2019": inside a sentence."""
        return self.label[0].lower() + self.label[1:]

    @property
    def short(self) -> str:
        """"03/2019", "QI/2019": a table column's heading."""
        return self.label.removeprefix("Tháng ").replace("Quý ", "Q")

    @property
    def school_year(self) -> str:
        first = self.end.year if self.end.month >= 9 else self.end.year - 1
        return f"{first}-{first + 1}"

    @property
    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month in the period."""
        return [(self.start.year, m) for m in range(self.start.month, self.end.month + 1)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def period(year: int, month: int, cadence: str) -> Period:
    """The month, or the quarter holding `month`."""
    if cadence == "quarterly":
        month = (month - 1) // 3 * 3 + 1
    span = 1 if cadence == "monthly" else 3
    nxt = date(year + (month + span - 1) // 12, (month + span - 1) % 12 + 1, 1)
    return Period(date(year, month, 1), nxt - timedelta(days=1), cadence)


def parse_period(text: str) -> Period:
    """`2019-03` (a month) or `2019-Q1` (a quarter); ValueError with a message otherwise."""
    found = _PERIOD.match(text.strip())
    if not found:
        raise ValueError(f"period: {text!r} is not a month (YYYY-MM) or a quarter (YYYY-Q1 … YYYY-Q4)")
    year, month, quarter = found.groups()
    if month:
        return period(int(year), int(month), "monthly")
    return period(int(year), (int(quarter) - 1) * 3 + 1, "quarterly")


def periods_between(first: date, last: date, cadence: str) -> list[Period]:
    """Every period of the cadence that overlaps [first, last], oldest first."""
    out, current = [], period(first.year, first.month, cadence)
    while current.start <= last:
        out.append(current)
        current = period(current.end.year + (current.end.month == 12), current.end.month % 12 + 1, cadence)
    return out


def scope(catalog: Catalog, unit: Unit) -> str | None:
    """"office" or "affiliated" (directly under the department): the units with a duty; else None."""
    found = catalog.scope_of(unit.id)
    return found if found in ("office", "affiliated") else None


@dataclass(frozen=True)
class PeriodStatus:
    period: Period
    state: str  # sent | missing | open
    exemplars: tuple[Exemplar, ...] = ()
    news: tuple[NewsPost, ...] = ()


@dataclass(frozen=True)
class UnitDuty:
    """One office or affiliated unit in one school year."""

    unit: Unit
    scope: str
    cadence: str
    periods: tuple[PeriodStatus, ...]

    def count(self, state: str) -> int:
        return sum(p.state == state for p in self.periods)

    @property
    def due(self) -> int:
        """Periods that have ended (an open one is not due yet)."""
        return self.count(SENT) + self.count(MISSING)

    @property
    def missing(self) -> list[Period]:
        return [p.period for p in self.periods if p.state == MISSING]


@dataclass(frozen=True)
class YearDuty:
    school_year: str
    units: tuple[UnitDuty, ...]

    def of_scope(self, name: str) -> list[UnitDuty]:
        return [u for u in self.units if u.scope == name]

    def total(self, state: str, scope_name: str | None = None) -> int:
        return sum(u.count(state) for u in self.units if scope_name in (None, u.scope))


def cadences(campaign: Campaign) -> dict[str, str]:
    """{"office": "monthly", "affiliated": "quarterly"} from plan.yml `reporting`, or {}."""
    return dict(campaign.reporting or {})


def due_periods(catalog: Catalog, scope_name: str) -> list[Period]:
    """Every period a unit of this scope must report for, up to the build date."""
    found: dict[str, Period] = {}
    for campaign in sorted(catalog.campaigns.values(), key=lambda c: c.start):
        cadence = cadences(campaign).get(scope_name)
        if cadence not in CADENCES:
            continue
        for p in periods_between(campaign.start, min(campaign.end, catalog.today), cadence):
            found.setdefault(p.key, p)
    return sorted(found.values())


def duty(catalog: Catalog) -> list[YearDuty]:
    """Every school year with a reporting duty, newest first; units in the unit tree's order."""
    tree = catalog.descendants(catalog.department.id)
    years: dict[str, list[UnitDuty]] = {}
    for scope_name in ("office", "affiliated"):
        periods = due_periods(catalog, scope_name)
        if not periods:
            continue
        for unit in (u for u in tree if scope(catalog, u) == scope_name):
            expected = [p for p in periods if not unit.until or p.start <= unit.until]
            if not expected:
                continue
            # By month once, so that a period looks at its own records only (thousands per office).
            records: dict[tuple[int, int], list[Exemplar]] = {}
            for e in catalog.records_under(unit.id):
                records.setdefault((e.published.year, e.published.month), []).append(e)
            posts: dict[tuple[int, int], list[NewsPost]] = {}
            for n in catalog.news_under(unit.id):
                posts.setdefault((n.date.year, n.date.month), []).append(n)
            by_year: dict[str, list[PeriodStatus]] = {}
            for p in expected:
                sent = tuple(e for key in p.months for e in records.get(key, ()))
                news = tuple(n for key in p.months for n in posts.get(key, ()))
                state = SENT if sent or news else (OPEN if p.end >= catalog.today else MISSING)
                by_year.setdefault(p.school_year, []).append(PeriodStatus(p, state, sent, news))
            for year, statuses in by_year.items():
                years.setdefault(year, []).append(UnitDuty(unit, scope_name, statuses[0].period.cadence,
                                                           tuple(statuses)))
    return [YearDuty(year, tuple(units)) for year, units in sorted(years.items(), reverse=True)]
