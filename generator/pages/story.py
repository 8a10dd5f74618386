"""One page per published exemplar (trang điển hình), with related stories (bài liên quan)."""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .. import urls
from ..incremental import record_digest, record_digests, register_view, view_digest
from ..lazytext import TextOf
from ..model import Campaign, Catalog, Criterion, Exemplar, Replication, Unit
from . import VirtualPage
from .browse import topic_slug
from .fragments import Fragments, key_of

if TYPE_CHECKING:
    from ..pagememo import Stubs

#: The template of a story page.
TEMPLATE = "exemplar.html"
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


def related_key(e: Exemplar) -> tuple:
    """What a record's related stories, and its place in others', follow from: its date (the
    catalog's order) and its unit, topics and criteria."""
    return e.published, tuple(_keys(e, {}))


#: What a record's keys (`_keys`) and its place in the catalog's order are made of: each
#: record's digest of these is worked out when its file is checked (incremental.register_view).
RELATED_VIEW = register_view(Exemplar, ("id", "published", "unit", "fields", "criteria", "campaign", "kind"))


def related(catalog: Catalog, kept: Fragments | None = None) -> dict[str, list[Exemplar]]:
    """Bài liên quan: per record, up to RELATED others sharing its unit, a topic (lĩnh vực) or a
    criterion (tiêu chí); most shared weight first, then newest. They follow from the records'
    order and keys alone: `kept` holds them between builds by the records' digests of what
    their keys and order are made of (`RELATED_VIEW`; an edit of a story's text changes none;
    10,000 records take a third of a second, and working out their keys to look them up, a
    tenth)."""
    records = catalog.exemplars  # newest first
    if kept is None:
        return _related_of(records)

    def ids() -> bytes:
        found = _related_of(records)
        return pickle.dumps({rid: [e.id for e in others] for rid, others in found.items()}, protocol=5)

    made_of = "\0".join([view_digest(e, Exemplar, RELATED_VIEW) for e in records])  # in the catalog's order
    found = pickle.loads(kept.get(key_of("related", made_of), ids))  # noqa: S301 - ours
    return {rid: [catalog.by_id[other] for other in others] for rid, others in found.items()}


def _related_of(records: list[Exemplar]) -> dict[str, list[Exemplar]]:
    slugs: dict[str, str] = {}
    return _related(records, [_keys(e, slugs) for e in records])


def _related(records: list[Exemplar], keys: list[list[tuple[str, str]]]) -> dict[str, list[Exemplar]]:
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


def plan(catalog: Catalog, cache_dir: Path | None = None, stubs: Stubs | None = None) -> list[VirtualPage]:
    """`cache_dir`: the build cache's folder, where the related stories are kept (fragments.py).
    `stubs`: a page made of the same record and related records as in the last build, which
    `site/` holds, comes back as a stub without being made (pagememo.py)."""
    kept = Fragments(cache_dir, "related")
    neighbours = related(catalog, kept)
    kept.write()
    known = known_criteria(catalog)
    if stubs is None:
        return [page_of(catalog, e, neighbours[e.id], known) for e in catalog.exemplars]
    # What a story page is made of besides the shared key: its record and related records.
    return [stubs.page(urls.STORY.format(id=e.id), (record_digest(e), *record_digests(neighbours[e.id])),
                       lambda e=e: page_of(catalog, e, neighbours[e.id], known)) for e in catalog.exemplars]


def known_criteria(catalog: Catalog) -> dict[tuple[str, str, str], Criterion]:
    """Campaign.criterion, looked up once: (campaign, kind, criterion id) → the first criterion."""
    known: dict[tuple[str, str, str], Criterion] = {}
    for campaign in catalog.campaigns.values():
        for kind, items in campaign.criteria.items():
            for c in items:
                known.setdefault((campaign.id, kind, c.id), c)
    return known


def page_of(catalog: Catalog, e: Exemplar, neighbours: list[Exemplar],
            known: dict[tuple[str, str, str], Criterion]) -> VirtualPage:
    """The story page of one record (also the preview's quick render, preview_render.py)."""
    campaign = catalog.campaigns[e.campaign]
    criteria = [c for c in (known.get((campaign.id, e.kind, cid)) for cid in e.criteria) if c]
    unit = catalog.units[e.unit]
    chain = catalog.ancestors(unit.id)
    replicated_at = [(catalog.units[r.unit], r) for r in e.replications]
    return VirtualPage(
        src_uri=urls.STORY.format(id=e.id),
        template=TEMPLATE,
        title=e.title,
        markdown=TextOf(e, "story"),  # type: ignore[arg-type]  # read when wanted (lazytext.py)
        description=e.summary,
        context={
            "exemplar": e,
            "unit": unit,
            "unit_chain": chain,
            "campaign": campaign,
            "criteria": criteria,
            "replicated_at": replicated_at,
            "related": neighbours,
        },
        context_digest=_context_digest(e, unit, chain, campaign, criteria, replicated_at, neighbours),
    )


def _context_digest(e: Exemplar, unit: Unit, chain: list[Unit], campaign: Campaign, criteria: list[Criterion],
                    replicated_at: list[tuple[Unit, Replication]], neighbours: list[Exemplar]) -> str:
    """Everything a story page's context holds, in the order of its keys: records by their
    digests (incremental.record_digest), units and the campaign by id (the shared key covers
    them, as when a context is described). Describing 10,000 story contexts took a third of a
    second, on the critical path of a one-record edit (planfork.py)."""
    parts = [record_digest(e), unit.id, "chain", *(u.id for u in chain), campaign.id, "criteria",
             *(record_digest(c) for c in criteria), "replicated",
             *(f"{u.id} {record_digest(r)}" for u, r in replicated_at), "related",
             *(record_digest(o) for o in neighbours)]
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()
