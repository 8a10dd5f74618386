"""Planning on both cores in a delta build (generator/planfork.py): the plan is the plan of one
process, with stubs exactly where site/ already holds a page's or a file's bytes."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from conftest import ROOT, TODAY
from generator import urls
from generator.incremental import fingerprints
from generator.model import Catalog
from generator.pages import Asset, VirtualPage
from generator.pages.options import SiteOptions
from generator.planfork import FORKED, KeptAsset, KeptPage, asset_digest, planned_split
from generator.planning import SITE_PLANNERS, PLANNERS, links_elsewhere, planned_items
from generator.validate import load_catalog

SITE = SiteOptions.from_config("https://example.edu.vn/thi-dua/", "Thi đua", 5)


@pytest.fixture(scope="module")
def demo():
    return load_catalog(ROOT / "content", today=TODAY)


def _path(item) -> str:
    return item.src_uri if isinstance(item, VirtualPage) else item.path


def _pages(items) -> dict[str, VirtualPage]:
    return {i.src_uri: i for i in items if isinstance(i, VirtualPage)}


def _summary_edited(catalog: Catalog) -> tuple[Catalog, str]:
    """The catalog with one record's summary edited (fresh objects, as a rebuild loads them)."""
    record = catalog.exemplars[len(catalog.exemplars) // 2]
    records = [dataclasses.replace(e, summary=e.summary + " (sửa)") if e is record else dataclasses.replace(e)
               for e in catalog.exemplars]
    return (Catalog(catalog.units, catalog.campaigns, records, catalog.today, catalog.photo_files, catalog.news,
                    catalog.warnings), record.id)


def test_split_plan_with_nothing_kept_is_the_plan_of_one_process(demo):
    fresh = planned_items(demo, SITE)
    split, known = planned_split(demo, SITE, None, "key", lambda uri, fp: False, lambda path, digest: False)
    assert [(type(i).__name__, _path(i)) for i in split] == [(type(i).__name__, _path(i)) for i in fresh]
    assert not any(isinstance(i, (KeptPage, KeptAsset)) for i in split)
    fresh_fps = fingerprints(_pages(fresh), "key")
    assert fingerprints(_pages(split), "key") == fresh_fps
    assert known and all(fresh_fps[uri] == fp for uri, fp in known.items())  # the worker's, for its pages
    assert urls.STORY.format(id=demo.exemplars[0].id) in known  # stories are planned by the worker
    assets = [(i.path, i.content) for i in fresh if isinstance(i, Asset)]
    assert [(i.path, i.content) for i in split if isinstance(i, Asset)] == assets


def test_only_pages_and_files_site_holds_are_stubs(demo):
    """After a summary edit, the pages whose fingerprint changed (the record's story, its lists)
    come back in full; a stub only where the previous fingerprint (or digest) is the same."""
    before = planned_items(demo, SITE)
    previous = fingerprints(_pages(before), "key")
    digests = {i.path: hashlib.sha1(i.content).hexdigest() for i in before if isinstance(i, Asset)}
    edited, record_id = _summary_edited(demo)
    fresh = planned_items(edited, SITE)
    now = fingerprints(_pages(fresh), "key")
    split, known = planned_split(edited, SITE, None, "key", lambda uri, fp: previous.get(uri) == fp,
                                 lambda path, digest: digests.get(path) == digest)
    story = urls.STORY.format(id=record_id)
    assert now[story] != previous[story]
    stubs = {i.src_uri for i in split if isinstance(i, KeptPage)}
    full = {i.src_uri for i in split if isinstance(i, VirtualPage) and not isinstance(i, KeptPage)}
    assert story in full and story not in stubs  # the edited record's page must miss, and does
    changed = {uri for uri in now if now[uri] != previous.get(uri)}
    assert len(changed) > 1 and not changed & stubs
    forked = {p.src_uri for planner in [*PLANNERS, *SITE_PLANNERS] if planner in FORKED
              for p in (planner(edited, SITE) if planner in SITE_PLANNERS else planner(edited))
              if isinstance(p, VirtualPage)}
    # The worker's pages and the main process's alike (the main process stubs its own meanwhile).
    expected = {uri for uri in now if uri not in changed and not links_elsewhere(_pages(fresh)[uri].markdown)}
    assert stubs == expected and len(stubs) > 10 and stubs - forked
    assert known == now
    for item in split:
        if isinstance(item, Asset):
            assert asset_digest(item) == hashlib.sha1(next(
                i.content for i in fresh if isinstance(i, Asset) and i.path == item.path)).hexdigest()
