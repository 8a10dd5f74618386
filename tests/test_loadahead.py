"""Checking half the record files in a forked worker gives the load a serial one gives: the same
catalog, the same problems and warnings, the same record cache."""

from __future__ import annotations

import io
import pickle
import re

import pytest

from conftest import TODAY
from generator import loadahead
from generator.loader import ContentError
from generator.validate import load_catalog
from synthetic import write_corpus


@pytest.fixture
def forks(monkeypatch):
    """How many workers the loads started."""
    started = []
    real = loadahead.parallel.Background

    def counted(compute):
        started.append(compute)
        return real(compute)

    monkeypatch.setattr(loadahead.parallel, "Background", counted)
    return started


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(loadahead, "MIN_FILES", 20)
    write_corpus(tmp_path / "content", 80)
    return tmp_path / "content"


def _state(catalog) -> bytes:
    # Without pickle's memo, every object is written out in full where it occurs: records read
    # from the record cache share their equal strings (recordcache._share), fresh ones do not.
    out = io.BytesIO()
    pickler = pickle.Pickler(out)
    pickler.fast = True
    pickler.dump((catalog.exemplars, catalog.units, catalog.news, catalog.photo_files,
                  [str(w) for w in catalog.warnings]))
    return out.getvalue()


def test_forked_load_equals_serial(corpus, forks):
    serial = load_catalog(corpus, today=TODAY, workers=1)
    assert not forks
    forked = load_catalog(corpus, today=TODAY, workers=2)
    assert len(forks) == 1
    assert len(forked.exemplars) == len(serial.exemplars) > 40
    assert _state(forked) == _state(serial)


def test_forked_load_fills_the_record_cache_as_serial(corpus, tmp_path, forks):
    load_catalog(corpus, today=TODAY, cache_dir=tmp_path / "serial", workers=1)
    load_catalog(corpus, today=TODAY, cache_dir=tmp_path / "forked", workers=2)
    assert len(forks) == 1
    files = sorted(p.name for p in (tmp_path / "serial").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "forked").iterdir()) and len(files) > 10
    for name in files:  # shards hold the same entries (path → shown path, digest, result)
        a, b = [pickle.loads(x) for x in _shard(tmp_path / "serial" / name)], \
            [pickle.loads(x) for x in _shard(tmp_path / "forked" / name)]
        assert a[0] == b[0] and a[1].keys() == b[1].keys()
        assert [(e[0], e[2], pickle.dumps(e[4].record)) for e in a[1].values()] == \
            [(e[0], e[2], pickle.dumps(e[4].record)) for e in b[1].values()]
    # The cache the forked load wrote serves the next load whole.
    again = load_catalog(corpus, today=TODAY, cache_dir=tmp_path / "forked", workers=2)
    assert len(forks) == 1  # nothing left to check: no worker
    assert _state(again) == _state(load_catalog(corpus, today=TODAY))


def _shard(path):
    with open(path, "rb") as fh:
        return [pickle.dumps(pickle.load(fh)), pickle.dumps(pickle.load(fh))]


def test_forked_load_reports_every_problem_as_serial(corpus, forks):
    files = sorted((corpus / "exemplars").rglob("*.yml"))
    for path in (files[3], files[-2]):  # one in each half
        path.write_text(re.sub(r"^unit: .*$", "unit: khong-co-don-vi", path.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
    messages = []
    for workers in (1, 2):
        with pytest.raises(ContentError) as exc:
            load_catalog(corpus, today=TODAY, workers=workers)
        messages.append(str(exc.value))
    assert messages[0] == messages[1] and messages[0].count("khong-co-don-vi") >= 2 and len(forks) == 1


def test_records_from_the_worker_arrive_as_text(corpus, tmp_path, forks):
    """The main process reads every story of a load it forked for: a story sent as UTF-8 bytes
    would be decoded there and its bytes freed, holes left in the heap (lazytext.SEND_TEXT)."""
    for cache_dir in (None, tmp_path / "cache"):
        catalog = load_catalog(corpus, today=TODAY, cache_dir=cache_dir, workers=2)
        waiting = [e.id for e in catalog.exemplars if "_story_utf8" in vars(e)]
        assert not waiting and any("story" in vars(e) and e.story for e in catalog.exemplars)
    assert len(forks) == 2
    # The record cache still keeps stories as bytes (lazytext.py): read back, they wait.
    cached = load_catalog(corpus, today=TODAY, cache_dir=tmp_path / "cache", workers=2)
    assert sum("_story_utf8" in vars(e) for e in cached.exemplars) > 40
