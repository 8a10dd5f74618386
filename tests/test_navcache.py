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


def test_pages_alike_by_key_have_the_same_links():
    """The shared key (parent folder, nav pages below) never joins pages whose links differ."""
    from types import SimpleNamespace

    from mkdocs.utils import get_relative_url

    nav_urls = ["", "tin-tuc/", "danh-muc/", "dang-ky/", "dang-ky/2017-2018/", "don-vi/", "ke-hoach/"]
    nav = SimpleNamespace(pages=[SimpleNamespace(url=u) for u in nav_urls])
    pages = ["tin-tuc/2024/", "tin-tuc/2025/", "tin-tuc/2024/11/", "tin-tuc/2024/12/", "dang-ky/2017-2018/",
             "dang-ky/2018-2019/", "dang-ky/2017-2018/so/", "dang-ky/2017-2018/phong/", "dien-hinh/a/",
             "dien-hinh/b/", "danh-muc/loai/tap-the/", "danh-muc/loai/ca-nhan/", "danh-muc/trang/2/",
             "x/", "y/", "don-vi/th-a/", "a.html", "b/c.html", "b/d.html"]
    cache = NavCache()
    groups: dict[tuple, set] = {}
    for url in pages:
        links = (get_relative_url("", url), tuple(get_relative_url(p.url, url) for p in nav.pages))
        groups.setdefault(cache._links(url, nav), set()).add(links)
    assert all(len(links) == 1 for links in groups.values())
    assert len(groups) < len(pages) - 5  # and it does join pages
