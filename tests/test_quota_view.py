"""The quota pages' fingerprints describe records by what the pages show of them
(pages/dashboard.py VIEWS, incremental.view_digests): an edit of a field they do not show (a
summary, a story) leaves their fingerprint and their HTML as they were; an edit of one they show
changes their fingerprint, on the same pages as describing the whole records would."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, build

from generator import recordcache
from generator.incremental import _VIEW_MEMO, _view_key, fingerprints
from generator.model import Catalog, Exemplar
from generator.pages import dashboard
from generator.validate import load_catalog

#: A registered record of 2023-2024 (counted on that year's quota page and on the hub).
RECORD = "exemplars/2023-2024/le-thi-ngoc-anh-th-kim-dong.yml"
RECORD_ID = Path(RECORD).stem


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def _fingerprints(catalog: Catalog, whole: bool) -> dict[str, str]:
    """The quota pages' fingerprints: by their view digests, or (`whole`) describing their contexts."""
    pages = {p.src_uri: p for p in dashboard.plan(catalog)}
    if whole:
        pages = {uri: dataclasses.replace(p, context_digest="") for uri, p in pages.items()}
    return fingerprints(pages, "key")


def _changed(catalog: Catalog, edited: Exemplar, whole: bool) -> set[str]:
    before = _fingerprints(catalog, whole)
    records = [edited if e.id == edited.id else dataclasses.replace(e) for e in catalog.exemplars]
    other = Catalog(catalog.units, catalog.campaigns, records, catalog.today, catalog.photo_files, catalog.news,
                    catalog.warnings)
    return {uri for uri, fp in _fingerprints(other, whole).items() if fp != before[uri]}


def test_fields_shown_change_the_pages_describing_whole_records_would(demo):
    catalog = load_catalog(demo, today=TODAY)
    record = catalog.by_id[RECORD_ID]
    other_unit = next(u for u in catalog.units.values() if u.kind == "school" and u.id != record.unit)
    first = record.events[0]
    edits = {
        "name": dataclasses.replace(record, name=record.name + " B"),
        "unit": dataclasses.replace(record, unit=other_unit.id),
        "kind": dataclasses.replace(record, kind="manager"),
        "stage": dataclasses.replace(record, stage="discovered"),
        "registration date": dataclasses.replace(record, events=(dataclasses.replace(
            first, date=first.date + timedelta(days=300)), *record.events[1:])),
    }
    for name, edited in edits.items():
        shown = _changed(catalog, edited, whole=False)
        assert shown and shown == _changed(catalog, edited, whole=True), name


def test_fields_hidden_change_no_fingerprint_where_whole_records_would(demo):
    catalog = load_catalog(demo, today=TODAY)
    record = catalog.by_id[RECORD_ID]
    edited = dataclasses.replace(record, summary=record.summary + " (sửa)", title=record.title + " (sửa)",
                                 story="Câu chuyện mới.", registered_title="Chiến sĩ thi đua cơ sở",
                                 criteria=record.criteria[:1], fields=("Chuyển đổi số",), good_deed=True,
                                 events=tuple(dataclasses.replace(e, text=e.text + " x") for e in record.events))
    assert _changed(catalog, edited, whole=True)  # the whole records' description sees the edit
    assert _changed(catalog, edited, whole=False) == set()


def test_view_digests_kept_in_the_record_cache_are_fresh_ones(demo, tmp_path):
    folder = recordcache.cache_folder(tmp_path)
    load_catalog(demo, today=TODAY, cache_dir=folder)
    cached = load_catalog(demo, today=TODAY, cache_dir=folder)
    key = _view_key(dashboard.VIEWS[Exemplar])
    assert all(key in e.__dict__[_VIEW_MEMO] for e in cached.exemplars)  # worked out when checked, kept
    fresh = load_catalog(demo, today=TODAY)
    for e in fresh.exemplars:
        e.__dict__.pop(_VIEW_MEMO, None)  # made again by the pages' pass
    assert _fingerprints(cached, whole=False) == _fingerprints(fresh, whole=False)


def test_an_edit_of_fields_hidden_leaves_the_quota_pages_html_as_it_was(demo, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    before = build(tmp_path / "a", demo)
    path = demo / RECORD
    text = path.read_text(encoding="utf-8")
    for old, new in [("summary: >-\n", "summary: >-\n  Đã sửa.\n"), ("title: Cô giáo", "title: Cô giáo giỏi"),
                     ("registered_title: Lao động tiên tiến", "registered_title: Chiến sĩ thi đua cơ sở"),
                     ("criteria: [trach-nhiem-sang-tao, doan-ket]", "criteria: [doan-ket]"),
                     ("    text: Đăng ký điển hình giáo viên.", "    text: Đăng ký điển hình giáo viên (sửa)."),
                     ("published:", "story: |\n  Câu chuyện của cô.\npublished:")]:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    after = build(tmp_path / "b", demo)
    quota = sorted(p.relative_to(before) for p in (before / "chi-tieu").rglob("*") if p.is_file())
    assert len(quota) > 2
    for rel in quota:
        assert (after / rel).read_bytes() == (before / rel).read_bytes(), rel
    story = Path("dien-hinh") / RECORD_ID / "index.html"
    assert (after / story).read_bytes() != (before / story).read_bytes()  # the edit took effect


def test_a_record_keeps_its_digests_in_a_dict_instances_share_keys_of(demo):
    """Every view digest in one entry of the record's __dict__: one entry each took an Exemplar's
    __dict__ past the 30 keys CPython shares between instances, 1.5 KB more a record (its size
    is not asserted: within a test run, other tests' records decide whether a class's keys are
    still shared)."""
    from generator.incremental import record_digest

    catalog = load_catalog(demo, today=TODAY)
    for e in catalog.exemplars:
        record_digest(e)
    e = catalog.exemplars[0]
    assert len(e.__dict__[_VIEW_MEMO]) >= 2  # the quota pages' view and the related stories'
    assert len(e.__dict__) <= 30
