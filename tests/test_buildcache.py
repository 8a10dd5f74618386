"""Republish only what changed: a build that reuses pages from `.cache/exemplars/` writes exactly
the bytes of a clean build, edit after edit (generator/buildcache.py)."""

from __future__ import annotations

import logging
import re
import shutil

import pytest
from pathlib import Path

from conftest import ROOT, TODAY, mkdocs_config

from generator.build import build_site

_CACHED = re.compile(r"exemplars: (\d+) of (\d+) generated pages from the build cache")
_KEPT = re.compile(r"exemplars: (\S+) kept from the last build")
_DELTA = re.compile(r"exemplars: \d+ files of site/ replaced or added, \d+ removed")


def _project(tmp: Path, name: str, content: Path, theme: Path, cache: bool) -> Path:
    folder = tmp / name
    folder.mkdir(exist_ok=True)
    config = mkdocs_config(folder, content, folder / "site", today=TODAY)
    text = config.read_text(encoding="utf-8").replace(f"custom_dir: {ROOT / 'theme'}", f"custom_dir: {theme}")
    text = text.replace("      content_dir:", f"      build_cache: {str(cache).lower()}\n      content_dir:")
    config.write_text(text, encoding="utf-8")
    return config


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class Builds:
    """The same content built twice per step: with the cache kept between steps, and clean."""

    def __init__(self, tmp: Path, content: Path, theme: Path, caplog) -> None:
        self.cached = _project(tmp, "cached", content, theme, cache=True)
        self.clean = _project(tmp, "clean", content, theme, cache=False)
        self.caplog = caplog

    def step(self) -> tuple[int, int, dict[str, bytes]]:
        """Both builds; the pages taken from the cache and all pages; the (identical) output."""
        self.caplog.clear()
        cached = _tree(build_site(str(self.cached)))
        found = [_CACHED.search(r.getMessage()) for r in self.caplog.records]
        hit, total = next((int(m[1]), int(m[2])) for m in found if m)
        self.delta = any(_DELTA.search(r.getMessage()) for r in self.caplog.records)  # site/ updated in place
        self.kept = {m[1] for r in self.caplog.records if (m := _KEPT.search(r.getMessage()))}  # planmemo.py
        clean = _tree(build_site(str(self.clean)))
        assert sorted(cached) == sorted(clean)
        assert [path for path in cached if cached[path] != clean[path]] == []
        assert not (self.clean.parent / ".cache").exists()
        return hit, total, cached


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cached_builds_equal_clean_builds_through_a_sequence_of_edits(tmp_path, content, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    builds = Builds(tmp_path, content, theme, caplog)
    records = content / "exemplars"

    hit, total, _ = builds.step()
    assert hit == 0 and total > 20  # first build: an empty cache

    hit, total, _ = builds.step()  # nothing changed: every page from the cache
    assert hit == total and builds.delta

    _edit(records / "thu-vien-xanh.yml", "summary: ", "summary: Đã sửa BUILD-CACHE-EDIT. ")
    hit, total, site = builds.step()
    assert 0 < hit < total
    assert b"BUILD-CACHE-EDIT" in site["dien-hinh/thu-vien-xanh/index.html"]
    assert builds.kept == {"dashboard.plan", "opendata.plan_quotas"}  # quota pages show no summary: not planned

    added = records / "nguyen-thi-hoa-2.yml"
    shutil.copy(records / "nguyen-thi-hoa.yml", added)
    _edit(added, "name: Nguyễn Thị Hoa", "name: Nguyễn Thị Hoà Bình")
    hit, total, site = builds.step()
    assert 0 < hit < total and "dien-hinh/nguyen-thi-hoa-2/index.html" in site
    assert not builds.kept  # one more record on the quota pages

    added.unlink()
    hit, total, site = builds.step()
    assert 0 < hit < total and "dien-hinh/nguyen-thi-hoa-2/index.html" not in site

    _edit(records / "thu-vien-xanh.yml", "summary: ", "draft: true\nsummary: ")
    hit, total, site = builds.step()
    assert 0 < hit < total and "dien-hinh/thu-vien-xanh/index.html" not in site

    student = records / "sub" / "dang-van-an.yml"
    _edit(student, "child: true}", "child: true, withdrawn: 2020-01-01}")
    hit, total, site = builds.step()
    assert 0 < hit < total and not any(b"\xc4\x90\xe1\xba\xb7ng V\xc4\x83n An" in data for data in site.values())

    _edit(content / "units.yml", "name: Trường THCS Lê Lợi", "name: Trường THCS Lê Lợi mới")
    hit, total, site = builds.step()  # a unit's name may be on any page: nothing from the cache
    assert hit == 0
    assert "Trường THCS Lê Lợi mới".encode() in site["index.html"] or any(
        "Trường THCS Lê Lợi mới".encode() in data for data in site.values())

    from PIL import Image

    Image.new("RGB", (800, 500), (200, 30, 30)).save(content / "media" / "anh.png")
    hit, total, site = builds.step()  # another photo: its sizes may be on any card
    assert hit == 0

    _edit(theme / "exemplar.html", "{%", "{# BUILD-CACHE-TEMPLATE #}{%")
    hit, total, site = builds.step()  # a template changed: nothing from the cache
    assert hit == 0

    assert builds.delta  # site/ was the previous build's: updated in place (generator/delta.py)
    site_dir = builds.cached.parent / "site"

    _edit(records / "nguyen-thi-hoa.yml", "summary: ", "summary: Lần nữa. ")
    shutil.rmtree(site_dir)  # CI: the cache restored, no site/: pages from the cache, a new folder
    hit, total, site = builds.step()
    assert 0 < hit < total and not builds.delta and "Lần nữa".encode() in site["dien-hinh/nguyen-thi-hoa/index.html"]

    page = site_dir / "dien-hinh" / "nguyen-thi-hoa" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- touched by hand -->")  # site/ is not what was built
    stray = site_dir / "stray.txt"
    stray.write_text("not ours", encoding="utf-8")
    hit, total, site = builds.step()  # so it is built anew, whole; the clean build has no stray file
    assert hit == total and not builds.delta and "stray.txt" not in site


def test_a_failed_delta_build_leaves_site_as_it_was(tmp_path, content, caplog):
    from generator.build import BuildFailed

    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    builds = Builds(tmp_path, content, theme, caplog)
    builds.step()
    site_dir = builds.cached.parent / "site"
    before = _tree(site_dir)
    record = content / "exemplars" / "thu-vien-xanh.yml"
    good = record.read_text(encoding="utf-8")
    _edit(record, "summary: ", "summary: Sửa. \nunit: [")  # malformed YAML
    with pytest.raises(BuildFailed, match="thu-vien-xanh.yml"):
        build_site(str(builds.cached))
    assert _tree(site_dir) == before
    record.write_text(good.replace("summary: ", "summary: Sửa xong. ", 1), encoding="utf-8")
    hit, total, site = builds.step()  # the failure did not cost the next build its delta
    assert builds.delta and 0 < hit < total and "Sửa xong".encode() in site["dien-hinh/thu-vien-xanh/index.html"]
