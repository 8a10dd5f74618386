"""Statistics (thống kê): published records by office, kind, school year and stage, as SVG charts.

Each chart comes with the same figures as a table (screen readers, copying) and links to the
browse list behind each figure. The page also lists the open data files and the feed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import urls
from ..charts import Bar, bar_chart
from ..labels import KINDS_PLURAL, STAGES
from ..model import Catalog
from ..spec import EXEMPLAR_KINDS, STAGES as STAGE_CODES
from . import VirtualPage


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    url: str  # site-relative list behind the figure


@dataclass(frozen=True)
class Chart:
    title: str
    figures: tuple[Figure, ...]
    svg: str


def _chart(title: str, figures: list[Figure]) -> Chart:
    return Chart(title, tuple(figures), bar_chart([Bar(f.label, f.count) for f in figures], title))


def by_office(catalog: Catalog) -> list[Figure]:
    """Each office with every unit under it; the department's own units together, last."""
    dept = catalog.department
    # Counted unit by unit (`records_under` would gather and sort each office's records).
    figures = [Figure(office.name, sum(len(catalog.by_unit.get(u.id, ())) for u in
                                       [office, *catalog.descendants(office.id)]),
                      urls.md_to_url(urls.BROWSE_UNIT.format(id=office.id)))
               for office in catalog.children.get(dept.id, []) if office.kind == "office"]
    rest = len(catalog.exemplars) - sum(f.count for f in figures)  # offices' subtrees are disjoint
    figures.append(Figure(f"{dept.name} và các đơn vị trực thuộc", rest, urls.md_to_url(urls.UNIT.format(id=dept.id))))
    return figures


def charts(catalog: Catalog) -> list[Chart]:
    recs = catalog.exemplars
    # Counted in one pass each (a pass per kind, year and stage took a tenth of a second at 10,000).
    kinds, years, stages = Counter(e.kind for e in recs), Counter(e.school_year for e in recs), Counter(
        e.stage for e in recs)
    return [
        _chart("Điển hình theo Phòng GD&ĐT", by_office(catalog)),
        _chart("Điển hình theo loại", [
            Figure(KINDS_PLURAL[k], kinds[k],
                   urls.md_to_url(urls.BROWSE_KIND.format(slug=urls.KIND_SLUGS[k]))) for k in EXEMPLAR_KINDS]),
        _chart("Điển hình theo năm học", [
            Figure(f"Năm học {y}", years[y], urls.md_to_url(urls.BROWSE_YEAR.format(year=y))) for y in sorted(years)]),
        _chart("Điển hình theo bước", [
            Figure(STAGES[s], stages[s],
                   urls.md_to_url(urls.BROWSE_STAGE.format(slug=urls.STAGE_SLUGS[s]))) for s in STAGE_CODES]),
    ]


def plan(catalog: Catalog) -> list[VirtualPage]:
    return [VirtualPage(
        src_uri=urls.STATS, template="stats.html", title="Thống kê điển hình tiên tiến",
        description="Số điển hình tiên tiến theo Phòng GD&ĐT, loại, năm học và bước (phát hiện, đăng ký, bồi dưỡng, nhân rộng, tôn vinh); dữ liệu mở",
        context={"charts": charts(catalog), "total": len(catalog.exemplars),
                 "good_deeds": sum(1 for e in catalog.exemplars if e.good_deed),
                 "open_data": [("Tin mới (RSS 2.0)", urls.FEED),
                               ("Danh sách điển hình (JSON)", urls.API_EXEMPLARS),
                               ("Danh sách đơn vị (JSON)", urls.API_UNITS),
                               ("Chỉ tiêu đăng ký (JSON)", urls.API_QUOTAS)]})]
