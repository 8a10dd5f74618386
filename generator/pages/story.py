"""One page per published exemplar (trang điển hình), with related stories (bài liên quan)."""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..model import Catalog, Criterion, Exemplar
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
    records = catalog.exemplars  # newest first
    keys = [_keys(e, slugs) for e in records]
    # Records by their places in the catalog; only the first CANDIDATES + 1 of a key are read.
    index: dict[tuple[str, str], list[int]] = {}
    for n, record_keys in enumerate(keys):
        for key in record_keys:
            found = index.setdefault(key, [])
            if len(found) <= CANDIDATES:
                found.append(n)
    out: dict[str, list[Exemplar]] = {}
    for n, e in enumerate(records):
        # Each candidate once per unit of weight: counting them gives the shared weight.
        candidates: list[int] = []
        for key in keys[n]:
            candidates += index[key] * WEIGHTS[key[0]]
        weight = Counter(candidates)
        del weight[n]
        # Newest first (smallest place), then the most weight first: a stable sort keeps the
        # newer of two candidates of equal weight ahead.
        best = sorted(sorted(weight), key=weight.__getitem__, reverse=True)[:RELATED]
        out[e.id] = [records[other] for other in best]
    return out


def plan(catalog: Catalog) -> list[VirtualPage]:
    pages = []
    neighbours = related(catalog)
    # Campaign.criterion, looked up once: (campaign, kind, criterion id) → the first criterion.
    known: dict[tuple[str, str, str], Criterion] = {}
    for campaign in catalog.campaigns.values():
        for kind, items in campaign.criteria.items():
            for c in items:
                known.setdefault((campaign.id, kind, c.id), c)
    for e in catalog.exemplars:
        campaign = catalog.campaigns[e.campaign]
        criteria = [c for c in (known.get((campaign.id, e.kind, cid)) for cid in e.criteria) if c]
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
