"""The reporting duty's pages (chế độ báo cáo): an index, a page per school year, and
`api/reporting.json`. The rules are in `generator/reporting.py`.

A year's page shows each office month by month and each directly affiliated unit quarter by
quarter: sent (with what), missing, or open (the current period); per unit the number sent and
the missing periods named in words (phones read those, not the grid); province totals on top.
"""

from __future__ import annotations

import json
from typing import Any

from .. import urls
from ..labels import label
from ..model import Catalog
from ..reporting import MISSING, OPEN, SENT, UnitDuty, YearDuty, duty
from . import Asset, VirtualPage
from .options import SiteOptions

TITLE = "Chế độ báo cáo"
#: Who reports, in the plan's words ("01 lần/tháng/phòng GD&ĐT; 01 lần/quý/đơn vị, trường học trực thuộc").
SCOPE_TITLES = {"office": "Phòng GD&ĐT huyện, thành phố", "affiliated": "Đơn vị, trường học trực thuộc Sở"}
SCOPE_SHORT = {"office": "phòng GD&ĐT", "affiliated": "đơn vị, trường học trực thuộc"}
PER_PERIOD = {"monthly": "01 lần/tháng", "quarterly": "01 lần/quý"}


def cadence_of(years: list[YearDuty]) -> dict[str, str]:
    """Scope → cadence as plan.yml `reporting` sets it (read off the units that owe news)."""
    return {u.scope: u.cadence for y in years for u in y.units}


def duty_text(cadence: dict[str, str]) -> str:
    """"01 lần/tháng/phòng GD&ĐT; 01 lần/quý/đơn vị, trường học trực thuộc", from the cadence."""
    return "; ".join(f"{PER_PERIOD.get(c, c)}/{SCOPE_SHORT[s]}" for s, c in sorted(cadence.items(),
                                                                              key=lambda i: i[0] != "office"))


def _columns(units: list[UnitDuty]) -> list:
    """The periods of a table, in order (a unit that ceased has fewer)."""
    seen = {p.period.key: p.period for u in units for p in u.periods}
    return sorted(seen.values())


def _year_page(year: YearDuty, catalog: Catalog) -> VirtualPage:
    tables = []
    for scope_name in ("office", "affiliated"):
        units = year.of_scope(scope_name)
        if units:
            columns = _columns(units)
            rows = [(u, [next((p for p in u.periods if p.period.key == c.key), None) for c in columns])
                    for u in units]
            title = f"{SCOPE_TITLES[scope_name]} ({label(units[0].cadence, 'reporting')})"
            tables.append({"scope": scope_name, "title": title, "columns": columns,
                           "rows": rows, "sent": year.total(SENT, scope_name),
                           "missing": year.total(MISSING, scope_name)})
    return VirtualPage(
        src_uri=urls.REPORTING_YEAR.format(year=year.school_year), template="reporting.html",
        title=f"{TITLE} – năm học {year.school_year}",
        description=f"Các đơn vị gửi tin tuyên truyền về Sở năm học {year.school_year}: kỳ đã gửi, kỳ còn thiếu",
        context={"year": year, "tables": tables, "totals": {s: year.total(s) for s in (SENT, MISSING, OPEN)},
                 "duty": duty_text(cadence_of([year])),
                 "index_url": urls.md_to_url(urls.REPORTING), "today": catalog.today})


def _period_json(status) -> dict[str, Any]:
    return {"period": status.period.key, "start": status.period.start.isoformat(),
            "end": status.period.end.isoformat(), "state": status.state,
            "exemplars": [e.id for e in status.exemplars], "news": [n.id for n in status.news]}


def reporting_json(years: list[YearDuty], catalog: Catalog) -> bytes:
    data = {"today": catalog.today.isoformat(), "school_years": [{
        "school_year": y.school_year,
        "totals": {s: y.total(s) for s in (SENT, MISSING, OPEN)},
        "units": [{"unit": u.unit.id, "name": u.unit.name, "scope": u.scope, "cadence": u.cadence,
                   "sent": u.count(SENT), "missing": [p.key for p in u.missing], "due": u.due,
                   "periods": [_period_json(p) for p in u.periods]} for u in y.units],
    } for y in years]}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def plan(catalog: Catalog, site: SiteOptions) -> list[VirtualPage | Asset]:
    years = duty(catalog)
    out: list[VirtualPage | Asset] = [_year_page(y, catalog) for y in years]
    out.append(VirtualPage(
        src_uri=urls.REPORTING, template="reporting-index.html", title=TITLE,
        description=f"Định kỳ gửi thông tin tuyên truyền về Văn phòng Sở: {duty_text(cadence_of(years))}",
        context={"duty": duty_text(cadence_of(years)),"years": [(y, urls.md_to_url(urls.REPORTING_YEAR.format(year=y.school_year))) for y in years],
                 "today": catalog.today, "json_url": urls.API_REPORTING}))
    out.append(Asset(urls.API_REPORTING, reporting_json(years, catalog)))
    return out
