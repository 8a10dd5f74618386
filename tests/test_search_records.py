"""A story's search digest changes whenever its SearchDoc would, and only then; a build cache of
the search index patched from those digests gives the bytes of a fresh count
(generator/search_records.py)."""

from __future__ import annotations

import dataclasses
import logging
import shutil

from conftest import TODAY
from test_buildcache import _edit
from synthetic import write_corpus
from generator import buildcache, incremental, search, search_records
from generator.model import Catalog, Exemplar
from generator.recordcache import cache_folder
from generator.search_records import documents, of_catalog, story_document
from generator.validate import load_catalog


def _checked(record: Exemplar) -> Exemplar:
    """A record as loading gives it: with its own digest (validate.py)."""
    incremental.record_digest(record, keep_inner=False)
    return record


def _with(catalog: Catalog, old: Exemplar, new: Exemplar) -> Catalog:
    return dataclasses.replace(catalog, exemplars=[new if e is old else e for e in catalog.exemplars])


def _changes(e: Exemplar, units: dict) -> dict:
    """One change of each input a story's SearchDoc is made of (the record's, and its unit's name)."""
    first = dataclasses.replace
    other_unit = next(u for u in units if u != e.unit and units[u].kind == "school")
    return {
        "name": first(e, name=e.name + " Bình"),
        "title": first(e, title=e.title + " mới"),
        "summary": first(e, summary=e.summary + " Thêm."),
        "summary spaces": first(e, summary=e.summary.replace(" ", "  ", 1)),  # the same excerpt, another text
        "kind": first(e, kind="student" if e.kind != "student" else "staff"),
        "school_year": first(e, school_year="2030-2031"),
        "registered_title": first(e, registered_title=e.registered_title + " cấp tỉnh"),
        "fields": first(e, fields=(*e.fields, "Thư viện")),
        "position": first(e, position=(e.position or "") + " chủ nhiệm"),
        "no position": first(e, position=None),
        "story": first(e, story=e.story + "\nMột đoạn nữa."),
        "story link": first(e, story=e.story + "\n[xem](https://example.vn/a)"),
        "id": first(e, id=e.id + "-2"),
        "unit": first(e, unit=other_unit),
        "award title": first(e, awards=tuple(first(a, title=a.title + " 2") for a in e.awards)),
        "award decision": first(e, awards=tuple(first(a, decision="Quyết định số 99") for a in e.awards)),
        "media title": first(e, media=tuple(first(m, title=m.title + " (tiếp)") for m in e.media)),
        "photo caption": first(e, photos=tuple(first(p, caption=p.caption + " lớp 4A") for p in e.photos)),
        "photo alt": first(e, photos=tuple(first(p, alt=p.alt + " mỉm cười") for p in e.photos)),
        "event text": first(e, events=tuple(first(ev, text=ev.text + " lần 2") for ev in e.events)),
    }


def test_every_input_of_a_storys_searchdoc_changes_its_digest(content):
    catalog = load_catalog(content, today=TODAY)
    record = next(e for e in catalog.exemplars if e.id == "nguyen-thi-hoa")
    assert record.awards and record.media and record.photos and record.events and record.position
    before = of_catalog(catalog).digests
    doc = story_document(catalog, record)
    at = len(before) - 1 - catalog.exemplars.index(record)  # record order: the reverse of the catalog's
    fields_changed: set[str] = set()
    for what, changed in _changes(record, catalog.units).items():
        edited = _with(catalog, record, _checked(changed))
        new_doc = story_document(edited, changed)
        assert new_doc != doc, what  # the change is one the SearchDoc shows
        fields_changed |= {f.name for f in dataclasses.fields(doc) if getattr(doc, f.name) != getattr(new_doc, f.name)}
        after = of_catalog(edited).digests
        assert after[at] != before[at], what
        assert after[:at] + after[at + 1:] == before[:at] + before[at + 1:], what  # the others keep theirs
    assert fields_changed == {f.name for f in dataclasses.fields(search.SearchDoc)}

    # The unit's name, from the catalog: every story of that unit, and its unit page, change.
    units = dict(catalog.units)
    units[record.unit] = dataclasses.replace(units[record.unit], name="Trường Tiểu học Kim Đồng mới")
    renamed = dataclasses.replace(catalog, units=units)
    after = of_catalog(renamed).digests
    stories = catalog.exemplars[::-1]
    others = len(before) - len(stories)
    for i, e in enumerate(stories):
        assert (after[others + i] != before[others + i]) == (e.unit == record.unit)
    assert sum(a != b for a, b in zip(after[:others], before[:others])) >= 1  # its unit page


def test_an_unchanged_record_keeps_its_digest_and_is_not_decoded(tmp_path):
    content = write_corpus(tmp_path / "content", 12)
    loaded = load_catalog(content, today=TODAY)
    copied = dataclasses.replace(loaded, exemplars=[_checked(dataclasses.replace(e)) for e in loaded.exemplars])
    assert of_catalog(copied).digests == of_catalog(loaded).digests

    folder = cache_folder(tmp_path)
    load_catalog(content, today=TODAY, cache_dir=folder)
    cached = load_catalog(content, today=TODAY, cache_dir=folder)  # the records from the record cache
    assert len(cached.exemplars) == 12
    assert all("_story_utf8" in e.__dict__ for e in cached.exemplars)  # their stories still UTF-8
    records = of_catalog(cached)
    assert records.digests == of_catalog(loaded).digests
    assert all("_story_utf8" in e.__dict__ for e in cached.exemplars)  # and still: no story read
    assert records.docs() == documents(cached)[::-1] == documents(loaded)[::-1]


def test_a_record_without_its_own_digest_is_digested_by_its_searchdoc(content):
    catalog = load_catalog(content, today=TODAY)
    bare = dataclasses.replace(catalog, exemplars=[dataclasses.replace(e) for e in catalog.exemplars])
    assert not any(incremental._MEMO in e.__dict__ for e in bare.exemplars)
    docs = documents(bare)
    assert of_catalog(bare).digests == search_records.record_digests(docs[::-1])


def _patched(caplog) -> int:
    return sum("search: index patched" in r.getMessage() for r in caplog.records)


def test_the_cached_index_is_a_fresh_count_edit_after_edit(tmp_path, content, caplog):
    """Through the build cache, with records from the record cache as a build reads them."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    records = content / "exemplars"

    def step() -> None:
        catalog = load_catalog(content, today=TODAY, cache_dir=cache_folder(tmp_path))
        fresh = search.bundle_files(documents(load_catalog(content, today=TODAY)))
        assert buildcache.BuildCache(tmp_path).search_files(of_catalog(catalog))[1] == fresh

    step()
    edits = [
        (records / "thu-vien-xanh.yml", "summary: ", "summary: Đã sửa tóm tắt. "),
        (records / "nguyen-thi-hoa.yml", "Cô luôn", "Cô luôn luôn"),  # the story only
        (records / "nguyen-thi-hoa.yml", "caption: Cô Hoa", "caption: Cô Hoa và lớp 4A"),
        (records / "nguyen-thi-hoa.yml", "school_year: 2018-2019", "school_year: 2019-2020"),  # its filters
    ]
    for number, (path, old, new) in enumerate(edits, 1):
        _edit(path, old, new)
        step()
        assert _patched(caplog) == number, path
    added = records / "nguyen-thi-hoa-2.yml"
    shutil.copy(records / "nguyen-thi-hoa.yml", added)
    step()
    added.unlink()
    step()
    _edit(content / "units.yml", "name: Trường Tiểu học Kim Đồng", "name: Trường Tiểu học Kim Đồng mới")
    step()
    assert _patched(caplog) == len(edits) + 3
    caplog.clear()
    step()  # nothing changed: the kept bundle
    assert _patched(caplog) == 0 and "counted anew" not in caplog.text


def test_a_state_left_by_a_failed_build_or_cut_short_does_not_make_the_next_index_wrong(tmp_path, content, caplog):
    """The newest kept state is the base of the next patch: one a failed build left (of other
    records) still patches into the bytes of a fresh count; one cut short is not used."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    records = content / "exemplars"
    folder = tmp_path / buildcache.FOLDER / "search"

    def fresh() -> dict[str, bytes]:
        return search.bundle_files(documents(load_catalog(content, today=TODAY)))

    def cached() -> dict[str, bytes]:
        return buildcache.BuildCache(tmp_path).search_files(of_catalog(load_catalog(content, today=TODAY)))[1]

    assert cached() == fresh()
    _edit(records / "thu-vien-xanh.yml", "summary: ", "summary: Bản của lần dựng hỏng. ")
    cached()  # a build that failed after its search worker: its state stays, the newest
    assert len(list(folder.glob("*.pickle"))) == 2
    _edit(records / "thu-vien-xanh.yml", "summary: Bản của lần dựng hỏng. ", "summary: Bản đúng. ")
    caplog.clear()
    assert cached() == fresh()
    assert _patched(caplog) == 1

    newest = max(folder.glob("*.pickle"), key=lambda path: path.stat().st_mtime_ns)
    newest.write_bytes(newest.read_bytes()[:1000])  # cut short
    _edit(records / "nguyen-thi-hoa.yml", "Cô luôn", "Cô vẫn luôn")
    caplog.clear()
    assert cached() == fresh()
    assert _patched(caplog) == 0  # counted anew
