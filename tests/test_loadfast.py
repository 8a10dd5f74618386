"""What makes a one-edit load fast changes nothing it gives: no garbage collection during a load,
the catalog frozen only where it lives until the process ends, the plan files' parse kept."""

from __future__ import annotations

import gc

from conftest import TODAY
from synthetic import write_corpus

from generator import recordcache
from generator.validate import load_catalog


def test_a_build_freezes_its_catalog_and_a_preview_does_not(tmp_path):
    content = write_corpus(tmp_path / "content", 12)
    assert gc.isenabled()
    before = gc.get_freeze_count()
    memory: dict = {}
    catalog = load_catalog(content, TODAY, cache=memory)  # a preview: loads again and again
    assert gc.isenabled() and gc.get_freeze_count() == before
    load_catalog(content, TODAY)  # no cache at all (tests, exports)
    assert gc.isenabled() and gc.get_freeze_count() == before
    built = load_catalog(content, TODAY, cache_dir=recordcache.cache_folder(tmp_path))
    assert gc.isenabled() and gc.get_freeze_count() > before
    assert [e.id for e in built.exemplars] == [e.id for e in catalog.exemplars] and len(built.exemplars) > 5
