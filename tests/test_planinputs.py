"""Planning after a one-record edit keeps what the edit did not touch (issue 15): registration
lists sorted once and digested from their rows' text (pages/registration.py), their CSV files
kept by that digest, the workbooks' layouts skipped when their inputs are those of a kept
workbook (pages/workbooks.py), each record's level worked out once (Catalog.level_by_id). Each is held
to the long way, and each cache is shown to miss when what it is made of changes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, TODAY
from generator import quotas
from generator.buildcache import BuildCache
from generator.incremental import _shape, record_digest
from generator.model import Catalog
from generator.pages import Asset, LaterAsset, registration, workbooks
from generator.pages.registration import COMPILING, RegistrationList, lists, rows, to_csv
from generator.quotas import is_registration
from generator.validate import load_catalog
from generator.workbook_cache import MemoryCache
from synthetic import write_corpus

#: On three lists (her school's, her office's, the department's), in three workbooks
#: (tests/test_workbooks_cache.py counts them).
RECORD = "exemplars/2023-2024/le-thi-ngoc-anh-th-kim-dong.yml"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Catalog:
    content = tmp_path_factory.mktemp("synthetic") / "content"
    write_corpus(content, 300)
    return load_catalog(content, today=TODAY)


def _edit(content: Path, old: str, new: str, record: str = RECORD) -> None:
    path = content / record
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _lists_one_by_one(catalog: Catalog) -> list[RegistrationList]:
    """The lists as each unit's records, gathered and sorted list by list (the long way)."""
    units = [catalog.department, *catalog.descendants(catalog.department.id)]
    tree = {u.id: i for i, u in enumerate(units)}
    out = []
    for year in sorted({e.school_year for e in catalog.exemplars}, reverse=True):
        for unit in units:
            records = catalog.records_under(unit.id) if unit.kind in COMPILING else catalog.by_unit.get(unit.id, [])
            members = [e for e in records if e.school_year == year and is_registration(e)]
            if members or unit.kind == "department":
                out.append(RegistrationList(unit, year, rows(catalog, members, tree)))
    return out


@pytest.mark.parametrize("which", ["demo", "synthetic"])
def test_lists_sorted_once_are_the_lists_sorted_one_by_one(which, demo, synthetic):
    catalog = load_catalog(demo, today=TODAY) if which == "demo" else synthetic
    found = lists(catalog)
    assert found == _lists_one_by_one(catalog)
    assert any(len(reg.rows) > 1 for reg in found) and any(reg.unit.kind == "office" for reg in found)


def test_a_list_digest_changes_with_what_the_list_shows_and_only_then(demo):
    catalog = load_catalog(demo, today=TODAY)
    first = {reg.src_uri + reg.school_year: record_digest(reg) for reg in lists(catalog)}
    # Fresh objects, the same content: the same digests (a build cache hits).
    assert {reg.src_uri + reg.school_year: record_digest(reg) for reg in lists(load_catalog(demo, today=TODAY))} == first
    # A fingerprint takes the list's digest: the rows are not described one by one.
    reg = next(r for r in lists(catalog) if r.rows)
    assert _shape(reg, {}) == record_digest(reg)

    _edit(demo, "xây dựng 35 phiếu học tập", "xây dựng 36 phiếu học tập")  # her summary
    edited = {reg.src_uri + reg.school_year: record_digest(reg) for reg in lists(load_catalog(demo, today=TODAY))}
    changed = {k for k in first if edited[k] != first[k]}
    assert len(changed) == 3 and all("2023-2024" in k for k in changed)

    units = (demo / "units.yml").read_text(encoding="utf-8")
    (demo / "units.yml").write_text(units.replace("Trường Tiểu học Kim Đồng", "Trường TH Kim Đồng"), encoding="utf-8")
    renamed = {reg.src_uri + reg.school_year: record_digest(reg) for reg in lists(load_catalog(demo, today=TODAY))}
    # The school's own lists (its name heads them) and every list with one of its rows.
    assert {k for k in edited if renamed[k] != edited[k]} >= {k for k in changed if "kim-dong" in k}
    assert sum(renamed[k] != edited[k] for k in edited) > len(changed) - 1


def _csv(items: list) -> dict[str, bytes]:
    return {i.path: i.content for i in items if isinstance(i, Asset)}


def test_kept_csv_files_are_the_fresh_ones_and_an_edit_misses_its_lists(demo, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    fresh = _csv(registration.plan(load_catalog(demo, today=TODAY)))
    assert _csv(registration.plan(load_catalog(demo, today=TODAY), cache_dir=folder)) == fresh
    made: list[str] = []

    def counted(reg, lines=None):
        made.append(reg.csv_path)
        return to_csv(reg, lines)

    monkeypatch.setattr(registration, "to_csv", counted)
    assert _csv(registration.plan(load_catalog(demo, today=TODAY), cache_dir=folder)) == fresh
    assert made == []  # every list from the cache
    _edit(demo, "xây dựng 35 phiếu học tập", "xây dựng 36 phiếu học tập")
    kept = _csv(registration.plan(load_catalog(demo, today=TODAY), cache_dir=folder))
    monkeypatch.undo()
    assert kept == _csv(registration.plan(load_catalog(demo, today=TODAY)))
    assert len(made) == 3 and {p for p in kept if kept[p] != fresh[p]} == set(made)


def _workbooks(content: Path, project: Path | None) -> dict[str, bytes]:
    items = [i for i in registration.plan(load_catalog(content, today=TODAY)) if isinstance(i, LaterAsset)]
    cache = BuildCache(project) if project is not None else None
    for item in items:
        item.start(cache)
    data = {item.path: item.result() for item in items}
    LaterAsset.commit_all(items)
    return data


def test_workbook_layouts_are_made_only_for_workbooks_whose_inputs_changed(demo, tmp_path, monkeypatch):
    project = tmp_path / "project"
    monkeypatch.setattr(workbooks, "RECENT", MemoryCache())
    first = _workbooks(demo, project)
    laid: list[str] = []
    real = workbooks.layout

    def counted(reg, catalog, status):
        laid.append(reg.csv_path)
        return real(reg, catalog, status)

    monkeypatch.setattr(workbooks, "layout", counted)
    assert _workbooks(demo, project) == first and laid == []  # the same inputs: no layout made
    _edit(demo, "xây dựng 35 phiếu học tập", "xây dựng 36 phiếu học tập")
    after = _workbooks(demo, project)
    # Three workbooks, four sheets: her school's workbook has a sheet for each of its two years.
    assert sum(after[p] != first[p] for p in first) == 3
    assert sorted(p.rsplit("/", 1)[1] for p in laid) == sorted([
        "danh-sach-so-gddt-hoa-binh-2023-2024.csv", "danh-sach-pgd-tp-hoa-binh-2023-2024.csv",
        "danh-sach-th-kim-dong-tphb-2023-2024.csv", "danh-sach-th-kim-dong-tphb-2018-2019.csv"])
    assert after == _workbooks(demo, None)  # as written anew without a cache

    # What a sheet shows besides its rows: a unit's name (headings, place), a campaign's text.
    laid.clear()
    units = (demo / "units.yml").read_text(encoding="utf-8")
    (demo / "units.yml").write_text(units.replace("Trường Tiểu học Kim Đồng", "Trường TH Kim Đồng"), encoding="utf-8")
    renamed = _workbooks(demo, project)
    assert len(laid) == len(lists(load_catalog(demo, today=TODAY)))  # units changed: every layout again
    assert renamed == _workbooks(demo, None)
    laid.clear()
    plan = (demo / "plan.yml").read_text(encoding="utf-8")
    assert "1676/KH-SGD&ĐT-VP" in plan
    (demo / "plan.yml").write_text(plan.replace("1676/KH-SGD&ĐT-VP", "1677/KH-SGD&ĐT-VP"), encoding="utf-8")
    referenced = _workbooks(demo, project)
    assert laid and referenced == _workbooks(demo, None) and referenced != renamed


def test_levels_once_are_level_of_each_record_and_quotas_the_same(synthetic, demo):
    for catalog in (synthetic, load_catalog(demo, today=TODAY)):
        assert catalog.level_by_id == {e.id: catalog.level_of(e) for e in catalog.exemplars}
        assert any(level is not None for level in catalog.level_by_id.values())
        for yq in quotas.dashboard(catalog):
            fresh = dataclasses.replace(catalog)  # no levels kept on it yet
            assert quotas.year_quota(fresh, yq.school_year, yq.campaign) == yq


def _changed_both_ways(catalog: Catalog, record, edits: dict, fingerprints_of) -> dict[str, dict[bool, set[str]]]:
    """For each edit of `record`: the pages whose fingerprint changed, with the planner's context
    digests (False) and with the contexts described (True)."""
    before = {described: fingerprints_of(catalog, described) for described in (True, False)}
    out = {}
    for name, edited in edits.items():
        records = [edited if e is record else dataclasses.replace(e) for e in catalog.exemplars]
        other = Catalog(catalog.units, catalog.campaigns, records, catalog.today, catalog.photo_files,
                        catalog.news, catalog.warnings)
        out[name] = {described: {uri for uri, fp in fingerprints_of(other, described).items()
                                 if fp != before[described].get(uri)} for described in (True, False)}
    return out


def _stories(catalog: Catalog, described: bool) -> dict[str, str]:
    """Story pages' fingerprints, with their planner's context digest or with the context described."""
    from generator.incremental import fingerprints
    from generator.pages import story

    pages = {p.src_uri: p for p in story.plan(catalog)}
    if described:
        pages = {uri: dataclasses.replace(p, context_digest="") for uri, p in pages.items()}
    return fingerprints(pages, "key")


def test_a_story_context_digest_changes_exactly_where_the_described_context_does(demo):
    catalog = load_catalog(demo, today=TODAY)
    assert all(p.context_digest for p in __import__("generator.pages.story", fromlist=["plan"]).plan(catalog))
    # A related story's summary, a replication's note, the record's criteria, its unit: each
    # changes the pages that show them, the same ones either way.
    record = next(e for e in catalog.exemplars if e.replications and e.criteria)
    edits = {
        "summary": dataclasses.replace(record, summary=record.summary + " (sửa)"),
        "replication": dataclasses.replace(record, replications=(dataclasses.replace(
            record.replications[0], note=(record.replications[0].note or "") + " x"), *record.replications[1:])),
        "criteria": dataclasses.replace(record, criteria=record.criteria[:-1]),
        "unit": dataclasses.replace(record, unit=next(u for u in catalog.units if u != record.unit
                                                       and catalog.units[u].kind == catalog.units[record.unit].kind)),
    }
    for name, changed in _changed_both_ways(catalog, record, edits, _stories).items():
        assert changed[True] == changed[False], name
        assert f"dien-hinh/{record.id}.md" in changed[False], name
    assert len(changed[False]) > 1  # a new unit: other stories take it among their related ones


def _lists_fp(catalog: Catalog, described: bool) -> dict[str, str]:
    """Browse pages' fingerprints, with their planner's context digests or with contexts described."""
    from generator.incremental import fingerprints
    from generator.pages import browse
    from generator.pages.options import SiteOptions

    pages = {p.src_uri: p for p in browse.plan(catalog, SiteOptions(per_page=3))}
    if described:
        pages = {uri: dataclasses.replace(p, context_digest="") for uri, p in pages.items()}
    return fingerprints(pages, "key")


def test_a_list_page_context_digest_changes_exactly_where_the_described_context_does(demo):
    from generator.pages import browse
    from generator.pages.options import SiteOptions

    catalog = load_catalog(demo, today=TODAY)
    digested = [p for p in browse.plan(catalog, SiteOptions(per_page=3)) if p.context_digest]
    assert len(digested) > 10 and all(p.template == browse.TEMPLATE for p in digested)
    record = catalog.exemplars[len(catalog.exemplars) // 2]
    edits = {  # shown on its cards; its place in the lists (a date); its lists (a school year)
        "summary": dataclasses.replace(record, summary=record.summary + " (sửa)"),
        "published": dataclasses.replace(record, published=catalog.exemplars[0].published),
        "school_year": dataclasses.replace(record, school_year="2016-2017"),
    }
    for name, changed in _changed_both_ways(catalog, record, edits, _lists_fp).items():
        assert changed[True] == changed[False], name
        assert len(changed[False]) > 1, name
