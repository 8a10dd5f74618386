"""One page per published exemplar (trang điển hình), with related stories (bài liên quan)."""

from __future__ import annotations

import heapq

from .. import urls
from ..model import Catalog, Exemplar
from . import VirtualPage
from .browse import topic_slug

#: Related stories shown under a story.
RELATED = 3
#: Candidates read from each shared unit, topic or criterion (newest first): keeps the work per
#: story bounded on 10,000 records, where one topic can hold thousands.
CANDIDATES = 20
#: A shared unit counts more than a shared topic, a topic more than a criterion.
WEIGHTS = {"unit": 3, "topic": 2, "criterion": 1}


def _keys(e: Exemplar, slugs: dict[str, str]) -> list[tuple[str, str]]:
    keys = [("unit", e.unit)]
    for t in e.fields:
        if t not in slugs:  # a few hundred topics among 10,000 records: slug each once
            slugs[t] = topic_slug(t)
    keys += [("topic", slug) for slug in dict.fromkeys(slugs[t] for t in e.fields)]
    keys += [("criterion", f"{e.campaign}|{e.kind}|{c}") for c in e.criteria]
    return keys


def related(catalog: Catalog) -> dict[str, list[Exemplar]]:
    """Bài liên quan: per record, up to RELATED others sharing its unit, a topic (lĩnh vực) or a
    criterion (tiêu chí); most shared weight first, then newest."""
    slugs: dict[str, str] = {}
    keys = {e.id: _keys(e, slugs) for e in catalog.exemplars}
    index: dict[tuple[str, str], list[Exemplar]] = {}
    for e in catalog.exemplars:  # newest first: the catalog's order
        for key in keys[e.id]:
            index.setdefault(key, []).append(e)
    position = {e.id: i for i, e in enumerate(catalog.exemplars)}
    out: dict[str, list[Exemplar]] = {}
    for e in catalog.exemplars:
        score: dict[str, int] = {}
        for key in keys[e.id]:
            weight = WEIGHTS[key[0]]
            for other in index[key][:CANDIDATES + 1]:
                score[other.id] = score.get(other.id, 0) + weight
        score.pop(e.id, None)
        best = heapq.nsmallest(RELATED, score, key=lambda i: (-score[i], position[i]))
        out[e.id] = [catalog.by_id[i] for i in best]
    return out


def plan(catalog: Catalog) -> list[VirtualPage]:
    pages = []
    neighbours = related(catalog)
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
                "related": neighbours[e.id],
            },
        ))
    return pages
