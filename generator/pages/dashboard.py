"""Quota dashboard (chỉ tiêu): registrations of each office and school against the plan's minimums.

The arithmetic is `generator.quotas`; this module lays it out: a hub with one line per school
year and one page per school year with the offices' and schools' tables, a chart of the offices'
totals (inline SVG drawn here) and the late registrations.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..charts import Bar, bar_chart
from ..labels import KINDS, LEVELS
from ..model import Catalog
from ..quotas import YearQuota, dashboard
from . import VirtualPage

#: Column headings of quota kinds (`staff` counts staff and managers).
KIND_HEADINGS = {"staff": "Cán bộ, giáo viên", "collective": "Tập thể, mô hình",
                 "student": "Học sinh", "manager": "Cán bộ quản lý"}
#: Column headings of school levels: the short forms Vietnamese schools use.
LEVEL_HEADINGS = {"mam-non": "Mầm non", "tieu-hoc": "Tiểu học", "th-thcs": "TH&THCS", "thcs": "THCS",
                  "thpt": "THPT", "thcs-thpt": "THCS&THPT", "gdtx": "GDTX"}


@dataclass(frozen=True)
class Column:
    kind: str
    key: str

    @property
    def heading(self) -> str:
        if self.key == "total":
            return "Tổng"
        return LEVEL_HEADINGS.get(self.key) or LEVELS.get(self.key, self.key)


def column_groups(columns: tuple[tuple[str, str], ...]) -> list[tuple[str, list[Column]]]:
    groups: dict[str, list[Column]] = {}
    for kind, key in columns:
        groups.setdefault(kind, []).append(Column(kind, key))
    return [(KIND_HEADINGS.get(k, KINDS.get(k, k)), cols) for k, cols in groups.items()]


def offices_chart(yq: YearQuota) -> str:
    bars = [Bar(q.unit.name, q.registered, q.required or None) for q in yq.offices]
    return bar_chart(bars, f"Số điển hình đăng ký của các Phòng GD&ĐT, năm học {yq.school_year}")


def year_url(school_year: str) -> str:
    return urls.md_to_url(urls.QUOTA_YEAR.format(year=school_year))


def plan(catalog: Catalog) -> list[VirtualPage]:
    years = dashboard(catalog)
    pages = []
    by_year: dict[str, list[YearQuota]] = {}
    for yq in years:
        by_year.setdefault(yq.school_year, []).append(yq)
    for year, sections in by_year.items():
        pages.append(VirtualPage(
            src_uri=urls.QUOTA_YEAR.format(year=year), template="quota-year.html",
            title=f"Chỉ tiêu đăng ký điển hình năm học {year}",
            description=f"Số điển hình đăng ký của từng Phòng GD&ĐT và từng trường so với chỉ tiêu, năm học {year}",
            context={"school_year": year, "quotas_url": urls.md_to_url(urls.QUOTAS), "sections": [
                {"quota": yq, "chart": offices_chart(yq),
                 "office_columns": column_groups(yq.columns["office"]),
                 "school_columns": column_groups(yq.columns["school"]),
                 "registrations_url": urls.md_to_url(urls.REGISTRATION.format(
                     year=year, id=catalog.department.id))}
                for yq in sections]}))
    totals = bar_chart([Bar(f"Năm học {yq.school_year}", len(yq.records)) for yq in years],
                       "Số điển hình đăng ký theo năm học")
    pages.append(VirtualPage(
        src_uri=urls.QUOTAS, template="quotas.html", title="Chỉ tiêu đăng ký điển hình",
        description="Theo dõi chỉ tiêu đăng ký điển hình tiên tiến của các Phòng GD&ĐT và trường học",
        context={"years": [(yq, year_url(yq.school_year)) for yq in years], "chart": totals,
                 "registrations_url": urls.md_to_url(urls.REGISTRATIONS)}))
    return pages
