"""Plans kept between builds (generator/planmemo.py): the quota pages' and quota JSON's key changes
with what they show of the records and with the day, not with a field they do not show; a kept
plan comes back only as long as site/ holds every page and file it gave, and equals a fresh plan."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from conftest import ROOT, TODAY

from generator.model import Catalog, Exemplar
from generator.pages import dashboard, opendata
from generator.pages.options import SiteOptions
from generator.planfork import KEPT, KeptAsset, KeptPage
from generator.planmemo import PlanMemo, input_key
from generator.spill import digest_of
from generator.validate import load_catalog

VIEW = dashboard.VIEWS[Exemplar]
SITE = SiteOptions(url="https://example.edu.vn/", name="Điển hình", per_page=20)


@pytest.fixture(scope="module")
def demo() -> Catalog:
    return load_catalog(ROOT / "content", today=TODAY)


def _with(catalog: Catalog, old: Exemplar, new: Exemplar, today=None) -> Catalog:
    records = [new if e is old else dataclasses.replace(e) for e in catalog.exemplars]  # fresh, as a reload
    return Catalog(catalog.units, catalog.campaigns, records, today or catalog.today, catalog.photo_files,
                   catalog.news, catalog.warnings)


def test_the_key_follows_what_the_quota_pages_show(demo):
    record = next(e for e in demo.exemplars if e.registered_on)
    key = input_key(dashboard.plan, VIEW, demo, "shared")
    assert input_key(dashboard.plan, VIEW, _with(demo, record, record), "shared") == key
    for hidden in (dict(summary=record.summary + " sửa"), dict(title=record.title + " sửa"),
                   dict(story=record.story + "\n\nThêm.")):
        assert input_key(dashboard.plan, VIEW, _with(demo, record, dataclasses.replace(record, **hidden)),
                         "shared") == key, hidden
    shown = [dict(name=record.name + " Bình"), dict(school_year="2019-2020"), dict(stage="discovered"),
             dict(events=())]  # the events give the registration date
    for change in shown:
        edited = _with(demo, record, dataclasses.replace(record, **change))
        assert input_key(dashboard.plan, VIEW, edited, "shared") != key, change
    assert input_key(dashboard.plan, VIEW, _with(demo, record, record, TODAY + timedelta(days=1)), "shared") != key
    assert input_key(dashboard.plan, VIEW, demo, "other shared key") != key
    assert input_key(opendata.plan_quotas, VIEW, demo, "shared") != key  # one entry per planner


def test_a_kept_plan_comes_back_while_site_holds_it(demo, tmp_path):
    memo = PlanMemo(tmp_path, "shared")
    for planner, view in KEPT.items():
        key, found = memo.kept(planner, view, demo, lambda *_: True, lambda *_: True)
        assert found is None  # nothing kept yet
        items = planner(demo, SITE) if planner is opendata.plan_quotas else planner(demo)
        fingerprints = memo.keep(planner, key, items, {})
        key, found = memo.kept(planner, view, demo, lambda *_: True, lambda *_: True)
        assert found is not None
        stubs, kept_fingerprints = found
        assert kept_fingerprints == fingerprints
        pages = [(p.src_uri, p.template, p.title) for p in items if not hasattr(p, "content")]
        assert [(s.src_uri, s.template, s.title) for s in stubs if isinstance(s, KeptPage)] == pages
        assets = [(a.path, digest_of(a.content)) for a in items if hasattr(a, "content")]
        assert [(s.path, s.digest) for s in stubs if isinstance(s, KeptAsset)] == assets
        assert len(stubs) == len(items) > 0
        # site/ lost one of its pages or files (or holds another fingerprint): planned again
        first = pages[0][0] if pages else assets[0][0]
        assert memo.kept(planner, view, demo, lambda uri, fp: uri != first, lambda path, d: path != first)[1] is None
        record = demo.exemplars[0]
        moved = _with(demo, record, dataclasses.replace(record, school_year="2019-2020"))
        assert memo.kept(planner, view, moved, lambda *_: True, lambda *_: True)[1] is None
