"""One page per published exemplar (trang điển hình)."""

from __future__ import annotations

from .. import urls
from ..model import Catalog
from . import VirtualPage


def plan(catalog: Catalog) -> list[VirtualPage]:
    pages = []
    for e in catalog.exemplars:
        campaign = catalog.campaigns[e.campaign]
        criteria = [c for c in (campaign.criterion(e.kind, cid) for cid in e.criteria) if c]
        unit = catalog.units[e.unit]
        pages.append(VirtualPage(
            src_uri=urls.STORY.format(id=e.id),
            template="exemplar.html",
            title=e.title,
            markdown=e.story,
            description=e.summary,
            context={
                "exemplar": e,
                "unit": unit,
                "unit_chain": catalog.ancestors(unit.id),
                "campaign": campaign,
                "criteria": criteria,
                "replicated_at": [(catalog.units[r.unit], r) for r in e.replications],
            },
        ))
    return pages
