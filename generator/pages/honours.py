"""Honours roll (tôn vinh): every award of a published exemplar, highest level first.

Within a level, the most recent award comes first. An exemplar with awards at several levels
appears once per award. The roll is paginated; the template starts a level's heading wherever
the level changes on a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import urls
from ..model import Award, Catalog, Exemplar
from ..spec import AWARD_LEVELS
from . import VirtualPage
from .browse import Facet
from .options import SiteOptions
from .paging import paginate

TITLE = "Tôn vinh điển hình tiên tiến"
RANK = {level: i for i, level in enumerate(AWARD_LEVELS)}


@dataclass(frozen=True)
class Honour:
    exemplar: Exemplar
    award: Award


def roll(catalog: Catalog) -> list[Honour]:
    """Awards by level (President first), then newest first, then by the exemplar's name."""
    honours = [Honour(e, a) for e in catalog.exemplars for a in e.awards]
    return sorted(honours, key=lambda h: (RANK.get(h.award.level, len(RANK)),
                                          -h.award.date.toordinal(), h.exemplar.is_person, h.exemplar.sort_key,
                                          h.exemplar.id, h.award.title))


def grouped(honours: Sequence[Honour]) -> list[tuple[str, list[Honour]]]:
    """Consecutive honours of one level together, in order."""
    out: list[tuple[str, list[Honour]]] = []
    for h in honours:
        if not out or out[-1][0] != h.award.level:
            out.append((h.award.level, []))
        out[-1][1].append(h)
    return out


def plan(catalog: Catalog, site: SiteOptions) -> list[VirtualPage]:
    honours = roll(catalog)
    paged = paginate(urls.HONOURS, honours, site.per_page)
    # The index of levels links where each level begins: the page holding its first award.
    starts: dict[str, str] = {}
    for src, _pagination, chunk in paged:
        for h in chunk:
            starts.setdefault(h.award.level, f"{urls.md_to_url(src)}#{h.award.level}")
    levels = [Facet(level, starts[level], sum(1 for h in honours if h.award.level == level))
              for level in AWARD_LEVELS if level in starts]
    honoured = len({h.exemplar.id for h in honours})
    pages = []
    for i, (src, pagination, chunk) in enumerate(paged):
        previous = paged[i - 1][2][-1].award.level if i else None
        suffix = f" – trang {pagination.number}" if pagination.number > 1 else ""
        pages.append(VirtualPage(
            src_uri=src, template="honours.html", title=TITLE + suffix,
            description="Các điển hình tiên tiến được khen thưởng, từ cấp Nhà nước đến cấp trường",
            context={"groups": grouped(chunk), "levels": levels, "pagination": pagination,
                     "continued": bool(chunk) and chunk[0].award.level == previous,
                     "honoured": honoured}))
    return pages
