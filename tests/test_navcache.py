"""Shared tabs and drawer (generator/navcache.py) must change no byte of any page."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, build
from generator.navcache import NavCache
from generator.plugin import ExemplarsPlugin


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_shared_navigation_renders_exactly_as_material_would(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    calls = {"hits": 0}
    original = NavCache.__call__

    def counting(self, *args, **kwargs):
        before = self.hits
        out = original(self, *args, **kwargs)
        calls["hits"] += self.hits - before
        return out

    monkeypatch.setattr(NavCache, "__call__", counting)
    # One process, so the hits are counted here (workers share renderings within themselves).
    monkeypatch.setattr(ExemplarsPlugin, "_workers", lambda self: 1)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shared = _tree(build(tmp_path / "a", ROOT / "content"))
    assert calls["hits"] > 100  # most generated pages reuse a rendering

    monkeypatch.setattr(NavCache, "__call__", lambda self, part, page, nav, caller: caller())
    plain = _tree(build(tmp_path / "b", ROOT / "content"))
    assert shared.keys() == plain.keys()
    different = [path for path in shared if shared[path] != plain[path]]
    assert not different, different[:5]
