"""Cheap planning and fingerprints (issue 15): the shortcuts give what the long way gives.

Page fingerprints decide which pages a cached build renders again (buildcache.py, incremental.py):
a record keeps its digest on itself, long lists and texts are described once per pass. Planners
compute shared lists once per catalog; PlannedPage builds its URLs without urljoin.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
import gc
import io
from collections import Counter

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from conftest import ROOT, TODAY, mkdocs_config
from generator import incremental, urls
from generator.incremental import fingerprints, page_digest
from generator.model import Catalog, Event, Exemplar, Unit
from generator.pages import VirtualPage, dashboard, gc_paused, once, opendata
from generator.pages.fragments import Fragments, key_of
from generator.pages.options import SiteOptions
from generator.pages.registration import RegistrationList, Row, lists, to_csv
from generator.pages.story import CANDIDATES, RELATED, WEIGHTS, _keys, related
from generator.planning import _LINKS, PlannedFile, PlannedPage, links_elsewhere, planned_items
from generator.validate import load_catalog

SITE = SiteOptions.from_config("https://example.edu.vn/thi-dua/", "Thi đua", 20)


def _pages(catalog: Catalog) -> dict[str, VirtualPage]:
    return {p.src_uri: p for p in planned_items(catalog, SITE) if isinstance(p, VirtualPage)}


def _holds(value, target, seen=None) -> bool:
    """Whether `target` (by identity) is anywhere inside a page context."""
    seen = set() if seen is None else seen
    if value is target:
        return True
    if id(value) in seen or isinstance(value, (str, int, float, type(None))):
        return False
    seen.add(id(value))
    if isinstance(value, dict):
        return any(_holds(v, target, seen) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset, Sequence)):  # Sequence: a list's rows, made when read
        return any(_holds(v, target, seen) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, Unit):
        return any(_holds(getattr(value, f.name), target, seen) for f in dataclasses.fields(value))
    return False


def _with(catalog: Catalog, old: Exemplar, new: Exemplar) -> Catalog:
    """The same catalog with one record edited (fresh objects, as a rebuild loads them)."""
    records = [new if e is old else dataclasses.replace(e) for e in catalog.exemplars]
    return Catalog(catalog.units, catalog.campaigns, records, catalog.today, catalog.photo_files,
                   catalog.news, catalog.warnings)


@pytest.fixture(scope="module")
def demo():
    return load_catalog(ROOT / "content", today=TODAY)


def _edits(e: Exemplar) -> dict[str, Exemplar]:
    """One edit per kind of field: text, optional text, a date, a tuple, a nested record, the story."""
    event = e.events[0] if e.events else Event(e.published, "Sự kiện")
    return {
        "summary": dataclasses.replace(e, summary=e.summary + " (sửa)"),
        "position": dataclasses.replace(e, position=(e.position or "") + " lớp 5B"),
        "registered_title": dataclasses.replace(e, registered_title=e.registered_title + " cấp tỉnh"),
        "criteria": dataclasses.replace(e, criteria=e.criteria[::-1] + ("tc-moi",)),
        "event text": dataclasses.replace(e, events=(dataclasses.replace(event, text=event.text + "."),
                                                    *e.events[1:])),
        # The story's last character: a long text is described by a digest of all of it.
        "story": dataclasses.replace(e, story=e.story[:-1] + ("x" if e.story[-1:] != "x" else "y")),
    }


def test_editing_a_field_changes_the_fingerprint_of_every_page_that_shows_the_record(demo):
    record = next(e for e in demo.exemplars if e.events and e.fields and len(e.story) > 300)
    before = _pages(demo)
    showing = {uri for uri, page in before.items() if _holds(page.context, record)}
    # The record is on its story page and on lists (browse, unit, registration): all must change.
    assert urls.STORY.format(id=record.id) in showing
    assert any(uri.startswith("danh-muc/") for uri in showing)
    assert any(uri.startswith("dang-ky/") for uri in showing)
    old = fingerprints(before, "key")
    # The quota pages describe a record by the fields they show (tests/test_quota_view.py).
    quota = {uri for uri in showing if before[uri].template in ("quota-year.html", "quotas.html")}
    assert quota
    for field, edited in _edits(record).items():
        new = fingerprints(_pages(_with(demo, record, edited)), "key")
        hidden = {"event text": "events"}.get(field, field) in dashboard.HIDDEN
        unchanged = sorted(uri for uri in showing - (quota if hidden else set()) if new.get(uri) == old[uri])
        assert unchanged == [], f"{field}: pages showing the record kept their fingerprint"


def test_same_content_same_fingerprints_across_fresh_objects_and_passes(demo):
    pages = _pages(demo)
    first = fingerprints(pages, "key")
    assert fingerprints(pages, "key") == first  # the records' memos give what describing gives
    fresh = _with(demo, demo.exemplars[0], dataclasses.replace(demo.exemplars[0]))
    # New record objects with the same fields (the next build, another process): the same, so a
    # build cache hits.
    assert fingerprints(_pages(fresh), "key") == first
    assert fingerprints(pages, "other key") != first


def test_a_record_keeps_its_digest_and_an_edited_copy_gets_its_own(demo):
    record = demo.exemplars[0]
    described = incremental._shape(record, {})
    assert record.__dict__[incremental._MEMO] == described
    copy = dataclasses.replace(record)
    assert incremental._MEMO not in copy.__dict__
    assert incremental._shape(copy, {}) == described
    assert incremental._shape(dataclasses.replace(record, name=record.name + " A"), {}) != described


def test_long_lists_and_texts_are_described_by_content_not_by_object():
    def page(context, markdown=""):
        return VirtualPage("x/index.md", "browse.html", "X", context=context, markdown=markdown)

    items = [f"trang/{n}/" for n in range(100)]  # longer than a list described inline
    story = "Câu chuyện. " * 100  # longer than a text described inline
    seen: dict[int, str] = {}
    base = page_digest(page({"pages": items}, story), "k", seen)
    # Equal content in other objects, in the same pass and in another one: the same fingerprint.
    assert page_digest(page({"pages": list(items)}, story[:-1] + story[-1]), "k", seen) == base
    assert page_digest(page({"pages": tuple(items)}, story), "k", {}) == base
    changed = items[:57] + ["trang/khac/"] + items[58:]
    assert page_digest(page({"pages": changed}, story), "k", seen) != base
    assert page_digest(page({"pages": items}, story[:-2] + "!"), "k", seen) != base


@pytest.mark.parametrize("site_url", ["https://example.edu.vn/thi-dua/", "https://example.edu.vn",
                                      "http://localhost:8000/a/b", "https://x.vn/a/../b/", "https://x.vn//c/",
                                      "https://x.vn/?q=1", ""])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_planned_page_urls_are_mkdocs_urls(tmp_path, content, site_url, directory_urls):
    config = load_config(str(mkdocs_config(tmp_path, content, tmp_path / "site")), site_url=site_url,
                         use_directory_urls=directory_urls)
    config.plugins._current_plugin = "exemplars"  # as during on_files
    for src_uri in ["index.md", "dien-hinh/nguyen-thi-hoa/index.md", "danh-muc/tat-ca/trang/2/index.md",
                    "don-vi/th-kim-dong.md", "tin-tuc/đổi mới/index.md", "a b/c.md"]:
        ours = PlannedPage(None, PlannedFile.planned(config, src_uri, content=""), config)
        theirs = Page(None, File.generated(config, src_uri, content=""), config)
        assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url), src_uri


def _related_the_long_way(catalog: Catalog) -> dict[str, list[str]]:
    """The first version: a score per candidate id, then the RELATED best by (-score, place)."""
    slugs: dict[str, str] = {}
    keys = {e.id: _keys(e, slugs) for e in catalog.exemplars}
    index: dict = {}
    for e in catalog.exemplars:
        for key in keys[e.id]:
            index.setdefault(key, []).append(e)
    place = {e.id: n for n, e in enumerate(catalog.exemplars)}
    out = {}
    for e in catalog.exemplars:
        score: Counter = Counter()
        for key in keys[e.id]:
            for other in index[key][:CANDIDATES + 1]:
                score[other.id] += WEIGHTS[key[0]]
        score.pop(e.id, None)
        out[e.id] = sorted(score, key=lambda i: (-score[i], place[i]))[:RELATED]
    return out


def test_related_stories_as_the_long_way_finds_them(demo, tmp_path):
    from synthetic import write_corpus

    synthetic = load_catalog(write_corpus(tmp_path / "content", 400), today=TODAY)
    for catalog in (demo, synthetic):
        found = {rid: [e.id for e in records] for rid, records in related(catalog).items()}
        assert found == _related_the_long_way(catalog)
        assert sum(map(len, found.values())) > len(found)  # most records have related stories


def test_registration_csv_as_the_csv_module_writes_it(demo):
    unit = Unit("th-a", 'Trường "A"; =1+1', "school", parent="so")
    hostile = ['Nguyễn "Văn" A', "a;b", "hai\ndòng", "=SUM(A1)", " +1", "-x", "@cmd", "\tTab",
               "\u200b=1", "x,=1", "bình thường", ""]
    records = [dataclasses.replace(demo.exemplars[0], id=f"r{n}", name=text, summary=text, position=text or None,
                                   registered_title=text[::-1]) for n, text in enumerate(hostile)]
    reg = RegistrationList(unit, "2024-2025", tuple(Row(n, e, unit) for n, e in enumerate(records, 1)))
    from generator.labels import KINDS
    from generator.pages.registration import CSV_HEADER, neutralise

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([["Đơn vị", neutralise(unit.name)], ["Năm học", "2024-2025"], [], CSV_HEADER])
    for r in reg.rows:
        e = r.exemplar
        writer.writerow([str(r.no), *(neutralise(v) for v in (KINDS[e.kind], e.name, e.position or "",
                                                               unit.name, e.summary, e.registered_title))])
    expected = ("\ufeff" + buf.getvalue()).encode("utf-8")
    assert to_csv(reg) == expected
    lines: dict[str, str] = {}
    assert to_csv(reg, lines) == expected and len(lines) == len(hostile)
    assert to_csv(reg, lines) == expected  # from the rows kept


def test_lists_are_computed_once_per_catalog(demo):
    assert lists(demo) is lists(demo)
    other = _with(demo, demo.exemplars[0], dataclasses.replace(demo.exemplars[0]))
    assert lists(other) is not lists(demo)
    assert lists(other) == lists(demo)  # equal records, equal lists
    calls = []
    assert once(other, lambda c: calls.append(c) or 7) == 7 and calls == [other]


def test_gc_paused_restores_collection():
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with gc_paused():
            assert not gc.isenabled()
            raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def test_planning_the_same_catalog_twice_gives_the_same_pages_and_files(demo):
    first, second = planned_items(demo, SITE), planned_items(demo, SITE)
    assert [type(i).__name__ for i in first] == [type(i).__name__ for i in second]
    assert fingerprints(_pages(demo), "k") == fingerprints({p.src_uri: p for p in second
                                                             if isinstance(p, VirtualPage)}, "k")
    assets = [(i.path, i.content) for i in first if hasattr(i, "content")]
    assert assets == [(i.path, i.content) for i in second if hasattr(i, "content")]


def _open_data_the_long_way(catalog: Catalog, site: SiteOptions) -> bytes:
    """api/exemplars.json as it was first written: one `_dump` of every record's JSON."""
    updated = opendata._iso(catalog.exemplars[0].published) if catalog.exemplars else None
    return opendata._dump({"updated": updated, "count": len(catalog.exemplars),
                           "exemplars": [opendata.exemplar_json(e, catalog, site) for e in catalog.exemplars]})


def _edited_units(catalog: Catalog, unit_id: str, name: str) -> Catalog:
    units = {uid: dataclasses.replace(u, name=name) if uid == unit_id else u for uid, u in catalog.units.items()}
    return Catalog(units, catalog.campaigns, list(catalog.exemplars), catalog.today, catalog.photo_files,
                   catalog.news, catalog.warnings)


def test_open_data_from_kept_fragments_is_the_long_way_and_misses_what_changed(demo, tmp_path):
    # A text with a line break, quotes and a backslash: escaped inside a record's JSON, which is
    # then indented by inserting spaces after each raw line break.
    first = dataclasses.replace(demo.exemplars[0], summary='Hai\ndòng "trích" \\ và\ttab',
                                story="Câu chuyện\n\nđoạn hai\r\n")
    catalog = _with(demo, demo.exemplars[0], first)
    folder = tmp_path / "cache"

    def planned(catalog: Catalog, site: SiteOptions = SITE) -> tuple[bytes, int]:
        kept = Fragments(folder, "opendata")
        data = opendata.exemplars_file(catalog, site, kept)
        kept.write()
        return data, kept.made

    assert planned(catalog) == (_open_data_the_long_way(catalog, SITE), len(catalog.exemplars))
    assert opendata.exemplars_file(catalog, SITE) == _open_data_the_long_way(catalog, SITE)  # no cache
    assert planned(catalog) == (_open_data_the_long_way(catalog, SITE), 0)  # every record kept
    # Fresh objects, equal records (the next build's load): every record kept still.
    assert planned(_with(catalog, first, dataclasses.replace(first)))[1] == 0
    edited = _with(catalog, first, dataclasses.replace(first, summary=first.summary + "!"))
    assert planned(edited) == (_open_data_the_long_way(edited, SITE), 1)
    unit = demo.exemplars[1].unit
    renamed = _edited_units(edited, unit, "Trường đổi tên")
    on_unit = sum(e.unit == unit for e in renamed.exemplars)
    assert planned(renamed) == (_open_data_the_long_way(renamed, SITE), on_unit)
    other_site = SiteOptions.from_config("https://so.example.vn/", "Thi đua", 20)
    assert planned(renamed, other_site) == (_open_data_the_long_way(renamed, other_site), len(renamed.exemplars))
    empty = Catalog(demo.units, demo.campaigns, [], demo.today)
    assert opendata.exemplars_file(empty, SITE) == _open_data_the_long_way(empty, SITE)


def test_kept_fragments_of_other_code_or_damaged_are_not_used(tmp_path):
    kept = Fragments(tmp_path, "x")
    keys = [key_of("record", n) for n in range(40)]
    for key in keys:
        kept.get(key, lambda key=key: key.encode())
    kept.write()
    again = Fragments(tmp_path, "x")
    assert [again.get(k, lambda: b"fresh") for k in keys] == [k.encode() for k in keys] and again.made == 0
    shards = sorted((tmp_path / "x").glob("*.pickle"))
    assert len(shards) > 1
    shards[0].write_bytes(b"not a pickle")
    other = Fragments(tmp_path, "x")
    other.version = ("fragments-1", "other code")
    other.kept = {}
    for shard in shards[1:]:
        other.kept.update(other._read(shard))
    assert other.kept == {}  # written by other code: nothing of it is used
    damaged = Fragments(tmp_path, "x")
    assert [damaged.get(k, lambda: b"fresh") for k in keys].count(b"fresh") == damaged.made > 0
    # Only what the last planning used stays: the next one finds the same and no more.
    damaged.write()
    assert set(Fragments(tmp_path, "x").kept) == set(keys)


def test_records_from_the_record_cache_carry_their_digest_sort_key_and_registration_date(tmp_path):
    from synthetic import write_corpus

    from generator.recordcache import cache_folder

    content = write_corpus(tmp_path / "content", 30)
    fresh = load_catalog(content, today=TODAY, cache_dir=cache_folder(tmp_path))
    cached = load_catalog(content, today=TODAY, cache_dir=cache_folder(tmp_path))
    assert [e.id for e in cached.exemplars] == [e.id for e in fresh.exemplars]
    for old, new in zip(fresh.exemplars, cached.exemplars):
        assert new is not old
        # Not its inner records (events, awards…): they would double the cache's reading time.
        assert not any(incremental._MEMO in inner.__dict__ for inner in (*new.events, *new.awards, *new.photos))
        assert new.__dict__[incremental._MEMO] == incremental._shape(dataclasses.replace(new), {})
        assert new.__dict__["sort_key"] == dataclasses.replace(new).sort_key
        assert new.__dict__["registered_on"] == dataclasses.replace(new).registered_on


@pytest.mark.parametrize("text", ["", "Chỉ chữ.", "[x](../a.md)", "x]: y", "[ref][a]", "<a href='x'>", "<A\nHREF=x>",
                                  "HREF=", "a = b", "mảng [1]", "<b>đậm</b>", "x ] ( y", "<abbr>", "<a>x</a>", "<A\n", "] :", "]]("])
def test_links_elsewhere_as_the_pattern_says(text):
    assert links_elsewhere(text) == bool(_LINKS.search(text))


def test_related_stories_kept_between_builds_are_those_found_anew(demo, tmp_path):
    from synthetic import write_corpus

    synthetic = load_catalog(write_corpus(tmp_path / "content", 300), today=TODAY)

    def found(catalog: Catalog) -> tuple[dict[str, list[str]], int]:
        kept = Fragments(tmp_path / "cache", "related")
        out = related(catalog, kept)
        kept.write()
        assert all(e is catalog.by_id[e.id] for others in out.values() for e in others)  # this catalog's
        return {rid: [e.id for e in others] for rid, others in out.items()}, kept.made

    for catalog in (demo, synthetic):
        fresh = {rid: [e.id for e in others] for rid, others in related(catalog).items()}
        assert found(catalog) == (fresh, 1)
        assert found(_with(catalog, catalog.exemplars[0], dataclasses.replace(catalog.exemplars[0]))) == (fresh, 0)
    record = synthetic.exemplars[5]
    # A story's text is not what related stories are found by: kept. Its unit is: found anew.
    texts = _with(synthetic, record, dataclasses.replace(record, story=record.story + " Thêm.", summary="Khác"))
    assert found(texts)[1] == 0
    other = next(u for u in synthetic.units if u != record.unit and synthetic.by_unit.get(u))
    moved = _with(synthetic, record, dataclasses.replace(record, unit=other))
    assert found(moved) == ({rid: [e.id for e in others] for rid, others in related(moved).items()}, 1)
    assert found(moved)[0] != found(synthetic)[0]


def test_units_and_quotas_json_kept_by_their_data(demo, tmp_path):
    def files(catalog: Catalog) -> dict[str, bytes]:
        out = {}
        for plan in (opendata.plan, opendata.plan_quotas):
            out.update({a.path: a.content for a in plan(catalog, SITE)})  # no cache: computed
            for _ in range(2):  # kept, then from what was kept
                assert {a.path: a.content for a in plan(catalog, SITE, tmp_path)}.items() <= out.items()
        return out

    first = files(demo)
    again = Fragments(tmp_path, "opendata")
    assert opendata._dump_kept({"a": [1, 2.5, None, True, "x"]}, again) == opendata._dump({"a": [1, 2.5, None, True, "x"]})
    assert again.made == 1 and opendata._dump_kept({"a": [1, 2.5, None, True, "x"]}, again) and again.made == 1
    assert opendata._dump_kept({"a": [1, 2.5, None, 1, "x"]}, again) == opendata._dump({"a": [1, 2.5, None, 1, "x"]})
    renamed = _edited_units(demo, demo.exemplars[0].unit, "Trường đổi tên")
    second = files(renamed)
    assert second[urls.API_UNITS] != first[urls.API_UNITS]
    record = next(e for e in demo.exemplars if e.stage != "discovered")
    withdrawn = _with(demo, record, dataclasses.replace(record, stage="discovered"))
    assert files(withdrawn)[urls.API_QUOTAS] != first[urls.API_QUOTAS]


def test_a_story_page_markdown_is_described_by_its_record_and_other_markdown_by_itself(demo):
    record = next(e for e in demo.exemplars if len(e.story) > 300)

    def page(e: Exemplar, markdown: str) -> VirtualPage:
        return VirtualPage("x/index.md", "exemplar.html", "X", context={"exemplar": e}, markdown=markdown)

    base = page_digest(page(record, record.story), "k")
    edited = dataclasses.replace(record, story=record.story[:-1] + "!")
    assert page_digest(page(edited, edited.story), "k") != base
    # Equal text that is not the record's own story object: described by itself, with equal content.
    copy = "".join(list(record.story))
    assert copy is not record.story
    assert page_digest(page(record, copy), "k") != base  # described otherwise, never wrongly equal
    assert page_digest(page(record, copy[:-1] + "!"), "k") != page_digest(page(record, copy), "k")


def test_fingerprints_shared_with_a_worker_are_those_of_one_process(demo, monkeypatch):
    """The split (every other run of pages in a forked worker) gives each page its own
    fingerprint, in the pages' order; an edited record changes those of its pages there too."""
    monkeypatch.setattr(incremental, "SPLIT_FROM", 10)
    monkeypatch.setattr(incremental, "_RUN", 7)
    pages = _pages(demo)
    assert len(pages) > 4 * 7  # runs on both sides
    alone = fingerprints(pages, "key")
    shared = fingerprints(pages, "key", workers=2)
    assert list(shared.items()) == list(alone.items())
    record = demo.exemplars[len(demo.exemplars) // 2]
    edited = _pages(_with(demo, record, _edits(record)["summary"]))
    changed = fingerprints(edited, "key", workers=2)
    assert changed == fingerprints(edited, "key")
    assert changed[urls.STORY.format(id=record.id)] != alone[urls.STORY.format(id=record.id)]


def test_index_of_registration_lists_changes_with_counts_not_with_a_record_text(demo):
    """The index shows each list's unit, links and count: a summary edit leaves its fingerprint
    (so it is not rendered again), a record fewer changes it."""
    index = urls.REGISTRATIONS
    before = fingerprints(_pages(demo), "key")[index]
    record = next(e for e in demo.exemplars if any(r.exemplar.id == e.id for reg in lists(demo) for r in reg.rows))
    assert fingerprints(_pages(_with(demo, record, _edits(record)["summary"])), "key")[index] == before
    fewer = Catalog(demo.units, demo.campaigns, [dataclasses.replace(e) for e in demo.exemplars if e is not record],
                    demo.today, demo.photo_files, demo.news, demo.warnings)
    assert fingerprints(_pages(fewer), "key")[index] != before
