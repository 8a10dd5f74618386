"""Replication (nhân rộng): models ranked by how far they reached, and the department's picks.

The plan assesses replication by "số lượng, mức độ, hiệu quả": a model adopted across the sector
weighs more than one adopted by a neighbouring school. Each adopting unit counts once, with the
widest reach recorded for it (school 1, district 2, province 3, sector 4; a replication without a
`scope` counts as a school's). Models with the same weight share a rank (1, 2, 2, 4); ties are
broken by the number of units, then Vietnamese alphabetical order.

The department's selected models (`selected`, "Sở … lựa chọn các mô hình … nhân rộng trên địa bàn
tỉnh") get their own list.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..model import Catalog, Exemplar, Replication, Unit
from . import VirtualPage
from .options import SiteOptions
from .paging import paged_pages

REACH_WEIGHTS = {"school": 1, "district": 2, "province": 3, "sector": 4}


def weight(r: Replication) -> int:
    return REACH_WEIGHTS.get(r.scope or "school", 1)


@dataclass(frozen=True)
class Ranked:
    rank: int
    exemplar: Exemplar
    unit: Unit
    #: Each adopting unit once, with its widest replication.
    reach: tuple[tuple[Unit, Replication], ...]

    @property
    def adopters(self) -> tuple[Unit, ...]:
        return tuple(u for u, _ in self.reach)

    @property
    def score(self) -> int:
        return sum(weight(r) for _, r in self.reach)


def widest(catalog: Catalog, e: Exemplar) -> tuple[tuple[Unit, Replication], ...]:
    best: dict[str, Replication] = {}
    for r in e.replications:
        if r.unit not in best or weight(r) > weight(best[r.unit]):
            best[r.unit] = r
    return tuple((catalog.units[u], r) for u, r in best.items())


def ranking(catalog: Catalog) -> list[Ranked]:
    models = [(e, widest(catalog, e)) for e in catalog.exemplars if e.replications]
    scored = [(e, reach, sum(weight(r) for _, r in reach)) for e, reach in models]
    scored.sort(key=lambda m: (-m[2], -len(m[1]), m[0].is_person, m[0].sort_key, m[0].id))
    out: list[Ranked] = []
    for i, (e, reach, score) in enumerate(scored):
        rank = out[-1].rank if out and out[-1].score == score else i + 1
        out.append(Ranked(rank, e, catalog.units[e.unit], reach))
    return out


def plan(catalog: Catalog, site: SiteOptions) -> list[VirtualPage]:
    ranked = ranking(catalog)
    adopting = {u.id for r in ranked for u in r.adopters}
    selected = sorted((e for e in catalog.exemplars if e.selected),
                      key=lambda e: (e.selected.scope != "sector", -e.selected.date.toordinal(), e.sort_key))
    pages = paged_pages(urls.REPLICATION, ranked, site.per_page, template="replication.html",
                        title="Nhân rộng mô hình điển hình",
                        description="Các mô hình điển hình tiên tiến được học tập, nhân rộng, xếp theo phạm vi "
                                    "ảnh hưởng",
                        context={"models": len(ranked), "adopting_units": len(adopting),
                                 "adoptions": sum(len(r.adopters) for r in ranked),
                                 "selected_count": len(selected),
                                 "selected_url": urls.md_to_url(urls.SELECTED)},
                        key="ranked")
    pages.append(VirtualPage(
        src_uri=urls.SELECTED, template="selected.html", title="Mô hình Sở lựa chọn nhân rộng",
        description="Các mô hình, điển hình tiên tiến Sở GD&ĐT lựa chọn để nhân rộng trên địa bàn tỉnh, toàn ngành",
        context={"selected": [(e, catalog.units[e.unit]) for e in selected],
                 "replication_url": urls.md_to_url(urls.REPLICATION)}))
    return pages
