"""Planning on both cores in a delta build (lập kế hoạch song song khi cập nhật phần thay đổi).

After a one-record edit at 10,000 records, planning and fingerprinting every page took 2.3 s of
the main process, for some twenty pages that changed. In a delta build (delta.py: `site/` holds
the previous build's pages) a forked worker runs the planners of most pages (stories, unit
pages, lists) and fingerprints their pages, while the main process runs the others (registration
lists, dashboards, open data, feeds).
The worker sends back in full only what this build must write: a page whose fingerprint the
previous build wrote into `site/` comes back as a `KeptPage` (its path and fingerprint: it is
neither rendered nor written), a file whose bytes `site/` holds as a `KeptAsset` (its path and
digest). Everything else comes back as planned, in the planners' order, so MkDocs sees the same
files in the same order as after planning in one process (tests/test_buildcache.py compares the
sites byte for byte, tests/test_planfork.py the plans). Of the main process's planners, the
quota pages and the quota JSON are not run at all while their inputs are the last build's
(`KEPT`, planmemo.py): they come back as the same stubs. The story and registration planners
make only the pages and CSVs whose records changed (`STUBBING`, pagememo.py): the others come
back as stubs without being made. After a one-record edit at 10,000 records each side then
plans for about 0.6 s of CPU, where the main process took 1.1 s and the worker 0.9 s.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from .incremental import page_digest
from .model import Catalog, Exemplar
from .pages import Asset, VirtualPage, gc_paused
from .pages import browse, dashboard, honours, news, opendata, registration, story, units
from .pages.options import SiteOptions
from .pagememo import KeptAsset, KeptPage, Stubs
from .planmemo import PlanMemo, name as memo_name
from .planning import PLANNERS, SITE_PLANNERS, page_links_elsewhere, run_planner
from .spill import Arena, digest_of

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Planners the worker runs: most pages and no file written later (a LaterAsset cannot travel);
#: the registration lists, dashboards, replication and open data stay (about half the work each
#: side, with most story and registration pages kept: pagememo.py).
FORKED = frozenset({story.plan, units.plan, browse.plan, honours.plan, news.plan})
#: Main-process planners not run again while the records, as they read them (a view), and the
#: rest of their inputs are the last build's (planmemo.py).
KEPT = {dashboard.plan: dashboard.VIEWS[Exemplar], opendata.plan_quotas: dashboard.VIEWS[Exemplar]}
#: Planners that hand back stubs of what they made last time without making it again, when it is
#: made of the same (pagememo.py): plan(catalog, cache_dir=…, stubs=Stubs(…, name, …)).
STUBBING = {story.plan: "story", registration.plan: "registration"}


def asset_digest(asset: Asset) -> str:
    return asset.digest if isinstance(asset, KeptAsset) else digest_of(asset.content)


def stubbed(items: list, key: str, seen: dict, page_kept: Callable[[str, str], bool],
            asset_kept: Callable[[str, str], bool], fingerprints: dict[str, str]) -> list:
    """`items` with the pages and files `site/` holds as stubs; each page's fingerprint (shared
    `key`) goes into `fingerprints`. Other items (a file written later) stay as they are."""
    out = []
    for item in items:
        if isinstance(item, VirtualPage) and not isinstance(item, KeptPage):
            fp = fingerprints[item.src_uri] = page_digest(item, key, seen)
            if not page_links_elsewhere(item) and page_kept(item.src_uri, fp):
                item = KeptPage(item.src_uri, item.template, item.title, fingerprint=fp)
        elif isinstance(item, Asset) and not isinstance(item, KeptAsset):
            digest = digest_of(item.content)
            if asset_kept(item.path, digest):
                item = KeptAsset(item.path, b"", digest)
        out.append(item)
    return out


def _planned(planner: Callable, catalog: Catalog, site: SiteOptions, cache_dir: Path | None, key: str, seen: dict,
             page_kept: Callable[[str, str], bool], asset_kept: Callable[[str, str], bool],
             arena: Arena | None = None) -> tuple[list, dict[str, str]]:
    """One planner's items, those `site/` holds as stubs, and the fingerprints of its pages."""
    fingerprints: dict[str, str] = {}
    if planner in STUBBING and cache_dir is not None:
        stubs = Stubs(cache_dir, STUBBING[planner], key, seen, page_kept, asset_kept)
        items = stubbed(planner(catalog, cache_dir=cache_dir, stubs=stubs), key, seen, page_kept, asset_kept,
                        fingerprints)
        stubs.write()
        return items, {**stubs.fingerprints, **fingerprints}
    items = run_planner(planner, catalog, site, cache_dir, arena)
    return stubbed(items, key, seen, page_kept, asset_kept, fingerprints), fingerprints


def _forked_part(catalog: Catalog, site: SiteOptions, cache_dir: Path | None, key: str,
                 page_kept: Callable[[str, str], bool],
                 asset_kept: Callable[[str, str], bool]) -> list[tuple[list, dict[str, str]]]:
    """In the worker: each forked planner's items (those `site/` holds as stubs) and the
    fingerprints of its pages."""
    seen: dict = {}
    out = []
    with gc_paused():
        for planner in [*PLANNERS, *SITE_PLANNERS]:
            if planner not in FORKED:
                continue
            items, fingerprints = _planned(planner, catalog, site, cache_dir, key, seen, page_kept, asset_kept)
            for item in items:
                if not isinstance(item, (VirtualPage, Asset)):
                    raise TypeError(f"{planner.__module__} plans a {type(item).__name__}: not in a worker")
            # A stub travels as its path, template and title (its fingerprint is in `fingerprints`):
            # 10,000 pickled KeptPage objects took the main process a tenth of a second to unpickle.
            out.append(([(i.src_uri, i.template, i.title) if type(i) is KeptPage else i for i in items],
                        fingerprints))
    return out


def planned_split(catalog: Catalog, site: SiteOptions, cache_dir: Path | None, key: str,
                  page_kept: Callable[[str, str], bool],
                  asset_kept: Callable[[str, str], bool], arena: Arena | None = None) -> tuple[list, dict[str, str]]:
    """What `planning.planned_items` gives (`arena` for the main process's planners), the FORKED
    planners' part from a worker, pages for which `page_kept(src_uri, fingerprint)` (and whose
    Markdown links nowhere) as KeptPage stubs, files for which `asset_kept(path, sha1)` as
    KeptAsset stubs. Returns the items and the fingerprints (shared `key`) of every page. The
    main process stubs its own items while the worker is still planning (it waits for it)."""
    from . import parallel  # MkDocs' build module: not for `exemplars check`

    worker = parallel.Background(lambda: _forked_part(catalog, site, cache_dir, key, page_kept, asset_kept))
    mine: dict[Any, list] = {}
    known: dict[str, str] = {}
    memo = PlanMemo(cache_dir, key) if cache_dir is not None else None
    seen: dict = {}
    with gc_paused():
        for planner in [*PLANNERS, *SITE_PLANNERS]:
            if planner in FORKED:
                continue
            view = KEPT.get(planner)
            inputs, found = memo.kept(planner, view, catalog, page_kept, asset_kept) if memo and view else ("", None)
            if found is not None:
                mine[planner] = found[0]
                known.update(found[1])
                log.info("exemplars: %s kept from the last build (the same inputs)", memo_name(planner))
                continue
            mine[planner], fingerprints = _planned(planner, catalog, site, cache_dir, key, seen, page_kept,
                                                   asset_kept, arena)
            known.update(fingerprints)
            if memo and view:
                memo.keep(planner, inputs, mine[planner], fingerprints)
    theirs = iter(worker.result())
    planned: list = []
    for planner in [*PLANNERS, *SITE_PLANNERS]:
        if planner in mine:
            planned += mine[planner]
        else:
            items, fingerprints = next(theirs)
            planned += [KeptPage(i[0], i[1], i[2], fingerprint=fingerprints[i[0]]) if type(i) is tuple else i
                        for i in items]
            known.update(fingerprints)
    return planned, known
