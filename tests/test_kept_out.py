"""Kept pages left out of MkDocs (generator/kept_out.py): a delta or cached `exemplars build`
hands MkDocs only the pages it renders, and the site is still a clean build's, byte for byte:
the sitemap lists every page in its place, a link to a kept page resolves, and a site with
another plugin or hook gets every page as before."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from test_buildcache import Builds, _edit

from generator import kept_out


@pytest.fixture
def handed(monkeypatch):
    """What each build's `kept_out.add` handed MkDocs: (documentation pages, kept pages)."""
    seen: list[tuple[set[str], dict[str, str]]] = []
    real = kept_out.add

    def spy(*args, **kwargs):
        files, planned = real(*args, **kwargs)
        seen.append(({f.src_uri for f in files.documentation_pages()}, dict(planned.kept)))
        return files, planned

    monkeypatch.setattr(kept_out, "add", spy)
    return seen


@pytest.fixture
def rendered(monkeypatch):
    """The pages MkDocs reads and renders (not skipped as unchanged): a list per build."""
    import generator.build as our_build
    import mkdocs.commands.build as mkdocs_build

    builds: list[list[str]] = []
    real_build, real_populate = our_build.mkdocs_build, mkdocs_build._populate_page

    def build(*args, **kwargs):
        builds.append([])
        return real_build(*args, **kwargs)

    def populate(page, config, files, dirty=False):
        if not (dirty and not page.file.is_modified()):
            builds[-1].append(page.file.src_uri)
        return real_populate(page, config, files, dirty)

    real_template = mkdocs_build._build_theme_template

    def template(name, *args, **kwargs):
        builds[-1].append(f"theme:{name}")
        return real_template(name, *args, **kwargs)

    monkeypatch.setattr(our_build, "mkdocs_build", build)
    monkeypatch.setattr(mkdocs_build, "_populate_page", populate)
    monkeypatch.setattr(mkdocs_build, "_build_theme_template", template)
    return builds


def _builds(tmp_path: Path, content: Path, caplog) -> Builds:
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    return Builds(tmp_path, content, theme, caplog)


def test_a_delta_build_hands_mkdocs_only_what_it_renders(tmp_path, content, caplog, handed, rendered):
    records = content / "exemplars"
    # A story that links to two other generated pages: it is converted on every build (MkDocs
    # checks its links), and its targets are kept pages the links must still find.
    _edit(records / "nguyen-thi-hoa.yml", "  Cô luôn **tận tâm** với học sinh.",
          "  Cô luôn **tận tâm** với học sinh. Xem [An](dang-van-an.md) và "
          "[danh sách](../dang-ky/don-vi/thcs-le-loi/index.md).")
    builds = _builds(tmp_path, content, caplog)
    builds.step()
    assert handed[0][1] == {}  # a first build keeps nothing
    handed.clear()

    _edit(records / "thu-vien-xanh.yml", "summary: ", "summary: Đã sửa KEPT-OUT. ")
    rendered.clear()
    hit, total, site = builds.step()
    delta_rendered, clean_rendered = rendered
    assert "dien-hinh/thu-vien-xanh.md" in delta_rendered
    # Hand-written pages show nothing of the records: with the same docs, theme and config they
    # stay as site/ holds them (a clean build renders them).
    assert {"gioi-thieu.md", "huong-dan-bien-tap.md"} <= set(clean_rendered) - set(delta_rendered)
    # The same pages in the same order, the same day: site/'s sitemap stays.
    assert "theme:sitemap.xml" in clean_rendered and "theme:sitemap.xml" not in delta_rendered
    assert builds.delta and 0 < hit < total
    mine, kept = handed[0]  # the cached build's (the clean one's comes second)
    assert handed[1][1] == {}  # no cache, nothing kept: every page through MkDocs
    assert "dien-hinh/thu-vien-xanh.md" in mine and "dien-hinh/thu-vien-xanh.md" not in kept
    assert "dien-hinh/nguyen-thi-hoa.md" in mine  # links elsewhere: converted again
    assert "dien-hinh/dang-van-an.md" in kept and kept["dien-hinh/dang-van-an.md"] == "dien-hinh/dang-van-an/index.html"
    assert "dang-ky/don-vi/thcs-le-loi/index.md" in kept
    kept_pages = {uri for uri, path in kept.items() if path.endswith("index.html")}
    assert not kept_pages & mine
    # Every page the cache holds stays out but for those named in nav (12 in mkdocs.yml).
    assert hit - 12 <= len(kept_pages) <= hit
    assert "danh-muc/index.md" in mine  # named in nav: MkDocs makes its entry
    assert any(not path.endswith("index.html") for path in kept.values())  # unchanged CSV/JSON too
    story = site["dien-hinh/nguyen-thi-hoa/index.html"].decode()
    assert 'href="../dang-van-an/"' in story and 'href="../../dang-ky/don-vi/thcs-le-loi/"' in story
    sitemap = site["sitemap.xml"].decode()
    assert sitemap.count("<url>") == len(mine) + len(kept_pages)

    added = records / "thu-vien-xanh-2.yml"  # one more page: the sitemap again
    shutil.copy(records / "thu-vien-xanh.yml", added)
    rendered.clear()
    builds.step()
    assert builds.delta and "theme:sitemap.xml" in rendered[0] and "dien-hinh/thu-vien-xanh-2.md" in rendered[0]
    added.unlink()

    handed.clear()
    shutil.rmtree(builds.cached.parent / "site")  # CI: the cache alone, a new folder
    _edit(records / "thu-vien-xanh.yml", "summary: ", "summary: Lần nữa. ")
    hit, total, site = builds.step()
    assert not builds.delta and 0 < hit < total
    assert "dien-hinh/dang-van-an.md" in handed[0][1]  # copied from the cache, not through MkDocs
    assert "dien-hinh/dang-van-an/index.html" in site  # (and Builds compared every byte)


def test_another_plugin_sees_every_page(tmp_path, content, caplog, handed):
    builds = _builds(tmp_path, content, caplog)
    hook = tmp_path / "count_files.py"
    hook.write_text("SEEN = []\n\ndef on_env(env, config, files):\n    SEEN.append(len(files))\n", encoding="utf-8")
    text = builds.cached.read_text(encoding="utf-8")
    builds.cached.write_text(text + f"\nhooks:\n  - {hook}\n", encoding="utf-8")
    builds.step()
    handed.clear()
    _edit(content / "exemplars" / "thu-vien-xanh.yml", "summary: ", "summary: Đã sửa HOOK. ")
    hit, total, _ = builds.step()  # byte for byte the clean build's, as every step
    assert builds.delta and 0 < hit < total
    mine, kept = handed[0]
    assert kept == {} and len(mine) >= total  # the hook sees every file, as without the cache
