"""What makes a one-edit load fast changes nothing it gives: no garbage collection during a load,
the catalog frozen only where it lives until the process ends, the plan files' parse kept."""

from __future__ import annotations

import gc
import os
import shutil

from conftest import ROOT, TODAY
from synthetic import write_corpus

from generator import loadahead, news, plandocs, recordcache
from generator.loader import ContentError
from generator.validate import load_catalog


def test_a_build_freezes_its_catalog_and_a_preview_does_not(tmp_path, monkeypatch):
    content = write_corpus(tmp_path / "content", 12)
    frozen: list[bool] = []  # whether the collector ran during a load, each time it was frozen
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.isenabled()))
    assert gc.isenabled()
    memory: dict = {}
    catalog = load_catalog(content, TODAY, cache=memory)  # a preview: loads again and again
    assert gc.isenabled() and frozen == []
    load_catalog(content, TODAY)  # no cache at all (tests, exports)
    assert gc.isenabled() and frozen == []
    built = load_catalog(content, TODAY, cache_dir=recordcache.cache_folder(tmp_path))
    assert gc.isenabled() and frozen == [False]  # frozen at the end of the load, collector still off
    assert [e.id for e in built.exemplars] == [e.id for e in catalog.exemplars] and len(built.exemplars) > 5


def test_parsing_many_files_collects_garbage_as_it_goes(tmp_path, monkeypatch):
    """Parsed files leave cycles, collected as they come in a full load. Past `FRESH_WITHOUT_GC`
    files to parse the collector runs; a load of fewer (one edited file, the rest from the cache)
    goes without."""
    from generator import validate

    content = write_corpus(tmp_path / "content", 12)
    during: list[bool] = []  # whether the collector was on as each file was checked
    real = validate._file_result

    def checked(*args, **kwargs):
        during.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(validate, "_file_result", checked)
    for limit, collecting in ((5, True), (100, False)):
        monkeypatch.setattr(validate, "FRESH_WITHOUT_GC", limit)
        during.clear()
        load_catalog(content, TODAY, cache_dir=recordcache.cache_folder(tmp_path / str(limit)))
        assert len(during) >= 12 and set(during) == {collecting}
        assert gc.isenabled()


def _plan_outcome(content, **kw) -> tuple:
    try:
        catalog = load_catalog(content, TODAY, **kw)
        return catalog.units, catalog.campaigns, None
    except ContentError as exc:
        return None, None, [str(p) for p in exc.problems]


def _counted(monkeypatch, module, name: str, content, folder, outcome):
    """kept_and_fresh(files expected to be parsed, **load options) → what a load through the
    cache folder gives, checked equal to a load without any cache, counting `module.name` calls."""
    parsed: list[str] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda raw, shown: parsed.append(shown) or real(raw, shown))

    def kept_and_fresh(expect_parsed: list[str], **kw) -> tuple:
        parsed.clear()
        kept = outcome(content, cache_dir=folder, **kw)
        assert sorted(shown.rsplit("/", 1)[-1] for shown in parsed) == sorted(expect_parsed)
        assert kept == outcome(content, **kw)  # the same as a load without any cache
        return kept

    return kept_and_fresh


def test_the_parse_of_plan_files_is_kept_and_must_miss_when_anything_changes(tmp_path, monkeypatch):
    content = write_corpus(tmp_path / "content", 12)
    folder = recordcache.cache_folder(tmp_path)
    kept_and_fresh = _counted(monkeypatch, plandocs, "parse", content, folder, _plan_outcome)
    checked: list[str] = []  # units.yml checked (its units worked out), not taken as kept
    real_units = plandocs.plan_rules.units
    monkeypatch.setattr(plandocs.plan_rules, "units", lambda *a: checked.append(a[0].name) or real_units(*a))

    both = ["units.yml", "plan.yml"]
    first = kept_and_fresh(both)
    assert len(first[0]) > 5 and first[1] and (folder.parent / plandocs.FOLDER / "units.yml.pickle").is_file()
    checked.clear()
    assert kept_and_fresh([]) == first and checked == ["units.yml"]  # unchanged: only the fresh load checks
    units = content / "units.yml"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("name: ", "name: X", 1), encoding="utf-8")  # an edit
    checked.clear()
    edited = kept_and_fresh(["units.yml"])
    assert checked == ["units.yml", "units.yml"]  # the cached load and the fresh one
    assert edited != first and kept_and_fresh([]) == edited
    units.write_text(text + "- id: [\n", encoding="utf-8")  # a YAML error, with its line
    broken = kept_and_fresh(["units.yml"])
    assert broken[2] and any("units.yml:" in p for p in broken[2]) and kept_and_fresh([]) == broken
    units.write_text(text, encoding="utf-8")
    kept_and_fresh(["units.yml"])
    (folder.parent / plandocs.FOLDER / "plan.yml.pickle").write_bytes(b"\x80\x05damaged")
    kept_and_fresh(["plan.yml"])
    kept_and_fresh(both, shown_from=tmp_path.parent)  # shown elsewhere: in every problem
    monkeypatch.setattr(recordcache, "_code", lambda: "other code")
    kept_and_fresh(both)


def test_records_read_from_one_shard_share_their_equal_texts(tmp_path):
    content = write_corpus(tmp_path / "content", 60)
    folder = recordcache.cache_folder(tmp_path)
    fresh = load_catalog(content, TODAY, cache_dir=folder)
    cached = load_catalog(content, TODAY, cache_dir=folder)
    assert _plain(cached) == _plain(fresh)
    by_shard: dict = {}
    for record in cached.exemplars:
        key = os.path.abspath(tmp_path / record.source)
        by_shard.setdefault((recordcache._shard(key), record.campaign), []).append(record)
    pairs = [rs[:2] for rs in by_shard.values() if len(rs) > 1]
    assert pairs and all(a.campaign is b.campaign and a.source is not b.source for a, b in pairs)


def _plain(catalog) -> list:
    return [(vars(e) | {"story": e.story}) for e in catalog.exemplars]


def test_a_forked_load_counts_each_record_from_the_cache_once(tmp_path, monkeypatch):
    monkeypatch.setattr(loadahead, "MIN_FILES", 20)
    monkeypatch.setattr(recordcache, "RACY_NS", 0)  # files written before a load: known by their stat
    started = []
    real = loadahead.parallel.Background
    monkeypatch.setattr(loadahead.parallel, "Background", lambda work: started.append(work) or real(work))
    content = write_corpus(tmp_path / "content", 50)
    memory: dict = {}
    load_catalog(content, TODAY, cache=memory, workers=2)
    assert len(started) == 1 and memory["records"].hits == 0
    files = sorted((content / "exemplars").rglob("*.yml"))
    for path in files[:30]:  # 30 new files: a worker checks half of them
        shutil.copy(path, path.with_name(f"{path.stem}-ban-sao.yml"))
    catalog = load_catalog(content, TODAY, cache=memory, workers=2)
    assert len(started) == 2 and memory["records"].hits == 50 and len(catalog.exemplars) == 80
    assert _plain(catalog) == _plain(load_catalog(content, TODAY))


def _news_outcome(content, **kw) -> tuple:
    try:
        return load_catalog(content, TODAY, **kw).news, None
    except ContentError as exc:
        return None, [str(p) for p in exc.problems]


def test_the_parse_of_news_posts_is_kept_and_must_miss_when_a_post_changes(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    folder = recordcache.cache_folder(tmp_path)
    kept_and_fresh = _counted(monkeypatch, news, "parse_post", content, folder, _news_outcome)

    every = [p.name for p in (content / "news").iterdir() if p.suffix == ".md" and p.name != "README.md"]
    first = kept_and_fresh(every)
    assert len(every) > 5 and len(first[0]) > 3
    assert kept_and_fresh([]) == first  # nothing changed: nothing parsed
    post = sorted((content / "news").glob("*.md"))[-1]
    text = post.read_text(encoding="utf-8")
    post.write_text(text + "\nMột đoạn mới.\n", encoding="utf-8")
    edited = kept_and_fresh([post.name])
    assert edited != first and kept_and_fresh([]) == edited
    post.write_text(text.replace("title: ", "title: [", 1), encoding="utf-8")  # a YAML error, with its line
    broken = kept_and_fresh([post.name])
    assert broken[1] and any(f"{post.name}:" in p for p in broken[1]) and kept_and_fresh([]) == broken
    post.write_text(text, encoding="utf-8")
    assert kept_and_fresh([post.name]) == first
    (folder.parent / plandocs.FOLDER / "news.pickle").write_bytes(b"\x80\x05damaged")
    kept_and_fresh(every)
    kept_and_fresh(every, shown_from=tmp_path.parent)  # shown elsewhere: in every problem and source
    monkeypatch.setattr(recordcache, "_code", lambda: "other code")
    kept_and_fresh(every)
