"""Browse pages (danh mục): every published exemplar by kind, school year, stage, topic and unit.

Each list is paginated (`pagination_per_page`), newest first; page 1 keeps the list's URL and
further pages live at `…/trang/{n}/`. The hub page links every list with its count.

Topics are free text, so what one record can make is bounded: a topic gets its own list only
when at least `MIN_TOPIC_RECORDS` records share it (a topic of one record links to that record),
and a record has at most `spec`'s limit of topics. One record with 25,000 invented topics used
to make 25,000 pages; now the pages grow with the records that share topics, not with the text.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .. import urls
from ..labels import GOOD_DEED, KINDS_PLURAL, STAGES
from ..model import Catalog, Exemplar, Unit
from ..spec import EXEMPLAR_KINDS, STAGES as STAGE_CODES
from ..vietnamese import collation_key, slugify
from ..incremental import record_digests
from . import VirtualPage, once
from .options import SiteOptions
from .paging import paged_pages

TEMPLATE = "browse.html"
#: Topics the hub shows (the most used); the topics page lists them all.
TOP_TOPICS = 12
#: Records a topic needs for a list page of its own.
MIN_TOPIC_RECORDS = 2


@dataclass(frozen=True)
class Facet:
    """One list of the hub: its label, site-relative URL and number of records."""

    label: str
    url: str
    count: int


@lru_cache(maxsize=4096)  # 11 topics, spelled ~80,000 times at 10,000 records (8 % of a rebuild)
def topic_slug(topic: str) -> str:
    """`Đổi mới dạy học` → `doi-moi-day-hoc` (spellings differing only in accents share a page)."""
    return slugify(topic) or "khac"


def topics(catalog: Catalog) -> list[tuple[str, str, list[Exemplar]]]:
    """(slug, shown name, records) per topic; the most used spelling names a topic."""
    spellings: dict[str, Counter[str]] = {}
    members: dict[str, list[Exemplar]] = {}
    for e in catalog.exemplars:
        for slug in dict.fromkeys(topic_slug(t) for t in e.fields):
            members.setdefault(slug, []).append(e)
        for t in e.fields:
            slug = topic_slug(t)
            counted = spellings.get(slug)
            if counted is None:  # not setdefault(slug, Counter()): a Counter made per topic of each record
                counted = spellings[slug] = Counter()
            counted[t] += 1
    out = []
    for slug, records in members.items():
        name = min(spellings[slug].items(), key=lambda kv: (-kv[1], collation_key(kv[0])))[0]
        out.append((slug, name, records))
    return sorted(out, key=lambda t: collation_key(t[1]))


def aggregate_units(catalog: Catalog) -> list[tuple[Unit, list[Exemplar]]]:
    """Each office with the records of every unit under it (the department's would repeat the
    list of all records)."""
    return [(unit, catalog.records_under(unit.id))
            for unit in catalog.descendants(catalog.department.id) if unit.kind == "office"]


def _lists(catalog: Catalog) -> list[tuple[str, str, str, str, list[Exemplar]]]:
    """(group, source path, title, intro, records) of every list, in the hub's order."""
    recs = catalog.exemplars
    # The records dealt out in one pass, in the catalog's order (a pass per kind, year and stage
    # took a tenth of a second at 10,000 records).
    kinds: dict[str, list[Exemplar]] = {kind: [] for kind in EXEMPLAR_KINDS}
    years: dict[str, list[Exemplar]] = {}
    stages: dict[str, list[Exemplar]] = {stage: [] for stage in STAGE_CODES}
    good = []
    for e in recs:
        if e.kind in kinds:
            kinds[e.kind].append(e)
        if e.good_deed:
            good.append(e)
        found = years.get(e.school_year)
        if found is None:
            found = years[e.school_year] = []
        found.append(e)
        if e.stage in stages:
            stages[e.stage].append(e)
    out = [("all", urls.BROWSE_ALL, "Tất cả điển hình", "Mọi điển hình đã đăng, mới nhất trước.", recs)]
    for kind in EXEMPLAR_KINDS:
        out.append(("kind", urls.BROWSE_KIND.format(slug=urls.KIND_SLUGS[kind]), KINDS_PLURAL[kind], "", kinds[kind]))
    out.append(("kind", urls.BROWSE_KIND.format(slug=urls.KIND_SLUGS["good_deed"]),
                f"Gương {GOOD_DEED.lower()}", "", good))
    for year in sorted(years, reverse=True):
        out.append(("year", urls.BROWSE_YEAR.format(year=year), f"Năm học {year}", "", years[year]))
    for stage in STAGE_CODES:
        out.append(("stage", urls.BROWSE_STAGE.format(slug=urls.STAGE_SLUGS[stage]),
                    f"Bước: {STAGES[stage]}", "", stages[stage]))
    for slug, name, records in once(catalog, topics):
        if len(records) >= MIN_TOPIC_RECORDS:
            out.append(("topic", urls.BROWSE_TOPIC.format(slug=slug), f"Lĩnh vực: {name}", "", records))
    for unit, records in aggregate_units(catalog):
        out.append(("unit", urls.BROWSE_UNIT.format(id=unit.id), unit.name,
                    "Điển hình của đơn vị và các trường, đơn vị trực thuộc.", records))
    return out


#: What a list page's context holds (`paged_pages`): digested by `_digest_lists` only then.
_LIST_CONTEXT = frozenset({"intro", "group", "hub_url", "items", "pagination", "list_title"})


def _digest_lists(pages: list[VirtualPage]) -> None:
    """Give each list page a digest of its context (VirtualPage.context_digest): its texts, its
    place in the list, the digest of the list's page URLs (once per list) and its records'
    digests. Describing 3,576 list contexts took 0.15 s at 10,000 records, in the planning
    worker of a one-record edit (planfork.py)."""
    links: dict[int, str] = {}
    for page in pages:
        ctx = page.context
        if ctx.keys() != _LIST_CONTEXT:
            continue  # something else on the page: described by the fingerprint
        p = ctx["pagination"]
        found = links.get(id(p.pages))
        if found is None:
            found = links[id(p.pages)] = hashlib.sha1("\0".join(p.pages).encode()).hexdigest()
        head = repr((ctx["intro"], ctx["group"], ctx["hub_url"], ctx["list_title"], p.number, p.total,
                     p.first_index, found))
        page.context_digest = hashlib.sha1("\0".join([head, *record_digests(ctx["items"])])
                                           .encode("utf-8", "surrogatepass")).hexdigest()


def plan(catalog: Catalog, site: SiteOptions) -> list[VirtualPage]:
    pages: list[VirtualPage] = []
    hub: dict[str, list[Facet]] = {}
    for group, src, title, intro, records in _lists(catalog):
        listed = paged_pages(src, records, site.per_page, template=TEMPLATE, title=title,
                             description=f"{title}: {len(records)} điển hình tiên tiến",
                             context={"intro": intro, "group": group, "hub_url": urls.md_to_url(urls.BROWSE)})
        _digest_lists(listed)
        pages += listed
        label = title.removeprefix("Lĩnh vực: ").removeprefix("Bước: ").removeprefix("Năm học ")
        hub.setdefault(group, []).append(Facet(label, urls.md_to_url(src), len(records)))
    hub["topic"] = [Facet(name, urls.md_to_url(urls.BROWSE_TOPIC.format(slug=slug)) if len(records) >=
                          MIN_TOPIC_RECORDS else urls.story(records[0].id), len(records))
                    for slug, name, records in once(catalog, topics)]
    pages.append(VirtualPage(
        src_uri=urls.BROWSE_TOPICS, template="browse-topics.html",
        title="Điển hình theo lĩnh vực",
        description="Các lĩnh vực, chủ đề của điển hình tiên tiến",
        context={"topics": hub.get("topic", []), "hub_url": urls.md_to_url(urls.BROWSE)}))
    pages.append(VirtualPage(
        src_uri=urls.BROWSE, template="browse-index.html", title="Điển hình tiên tiến",
        description="Xem điển hình tiên tiến theo loại, năm học, bước, lĩnh vực và đơn vị",
        context={"facets": hub, "total": len(catalog.exemplars),
                 "top_topics": sorted(hub.get("topic", []), key=lambda f: -f.count)[:TOP_TOPICS],
                 "units_url": urls.md_to_url(urls.UNITS),
                 "topics_url": urls.md_to_url(urls.BROWSE_TOPICS)}))
    return pages
