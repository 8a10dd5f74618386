"""Replication (nhân rộng): models ranked by the number of units that adopted them.

A unit that adopted a model twice counts once. Models with as many adopting units share a rank
(1, 2, 2, 4); within a rank they are in Vietnamese alphabetical order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..model import Catalog, Exemplar, Unit
from . import VirtualPage
from .options import SiteOptions
from .paging import paged_pages


@dataclass(frozen=True)
class Ranked:
    rank: int
    exemplar: Exemplar
    unit: Unit
    adopters: tuple[Unit, ...]


def ranking(catalog: Catalog) -> list[Ranked]:
    models = []
    for e in catalog.exemplars:
        adopters = tuple(catalog.units[u] for u in dict.fromkeys(r.unit for r in e.replications))
        if adopters:
            models.append((e, adopters))
    models.sort(key=lambda m: (-len(m[1]), m[0].is_person, m[0].sort_key, m[0].id))
    out: list[Ranked] = []
    for i, (e, adopters) in enumerate(models):
        rank = out[-1].rank if out and len(out[-1].adopters) == len(adopters) else i + 1
        out.append(Ranked(rank, e, catalog.units[e.unit], adopters))
    return out


def plan(catalog: Catalog, site: SiteOptions) -> list[VirtualPage]:
    ranked = ranking(catalog)
    adopting = {u.id for r in ranked for u in r.adopters}
    return paged_pages(urls.REPLICATION, ranked, site.per_page, template="replication.html",
                       title="Nhân rộng mô hình điển hình",
                       description="Các mô hình điển hình tiên tiến được nhiều đơn vị học tập, nhân rộng",
                       context={"models": len(ranked), "adopting_units": len(adopting),
                                "adoptions": sum(len(r.adopters) for r in ranked)},
                       key="ranked")
