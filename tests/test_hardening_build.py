"""The build and the preview, second round (issue 13, points 8 and 9): output proportional to the
content, a swap that never leaves the web server without `site/`, leftovers of killed builds,
an unwritable site, and a withdrawn student's photo in `make serve`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from conftest import TODAY, build, mkdocs_config
from generator.build import BuildFailed
from generator.loader import ContentError
from generator.validate import load_catalog


def _fields(content: Path, record: str, topics: list[str]) -> None:
    path = content / "exemplars" / record
    text = path.read_text(encoding="utf-8")
    start = text.index("fields:") if "fields:" in text else None
    line = "fields: [" + ", ".join(f"'{t}'" for t in topics) + "]\n"
    if start is None:
        text = text.replace("stage:", line + "stage:", 1)
    else:
        end = text.index("\n", start) + 1
        text = text[:start] + line + text[end:]
    path.write_text(text, encoding="utf-8")


def test_one_record_cannot_multiply_topic_pages(content, tmp_path):
    """25,000 invented topics in one record made 25,000 pages; now at most 10 a record, and a
    topic has a page only when two records share it."""
    _fields(content, "nguyen-thi-hoa.yml", [f"Chủ đề {i}" for i in range(11)])
    with pytest.raises(ContentError) as info:
        load_catalog(content, today=TODAY, shown_from=content.parent)
    assert "content/exemplars/nguyen-thi-hoa.yml:11: fields: has 11 items, over the limit of 10; keep the " \
           "main ones" in [str(p) for p in info.value.problems]
    _fields(content, "nguyen-thi-hoa.yml", ["Đổi mới dạy học"] + [f"Chủ đề riêng {i}" for i in range(9)])
    _fields(content, "thu-vien-xanh.yml", ["Đổi mới dạy học", "Văn hóa đọc"])
    site = build(tmp_path, content)
    topic_pages = sorted(p.parent.name for p in (site / "danh-muc/linh-vuc").glob("*/index.html"))
    assert topic_pages == ["doi-moi-day-hoc"]  # the one topic two records share
    listing = (site / "danh-muc/linh-vuc/index.html").read_text(encoding="utf-8")
    # A topic of one record is still listed, linking to that record.
    assert listing.count('href="../../dien-hinh/nguyen-thi-hoa/"') == 9
    assert 'href="../../dien-hinh/thu-vien-xanh/">Văn hóa đọc</a>' in listing


def test_swap_never_leaves_a_moment_without_site(content, tmp_path, monkeypatch):
    """After every rename the build makes, a web server serving site/ still finds it."""
    site = build(tmp_path, content)
    (site / "marker-old").write_text("old")
    seen: list[bool] = []
    for owner, name in ((os, "rename"), (os, "replace"), (Path, "rename"), (Path, "replace")):
        original = getattr(owner, name)

        def watched(*args, _original=original, **kwargs):
            result = _original(*args, **kwargs)
            seen.append(site.is_dir())
            return result

        monkeypatch.setattr(owner, name, watched)
    build(tmp_path, content)
    assert all(seen), seen
    assert site.is_dir() and not (site / "marker-old").exists()


def test_leftovers_of_killed_builds_are_removed(content, tmp_path):
    for leftover in (".site-new-k1ll3d", ".site-old-k1ll3d"):
        (tmp_path / leftover / "dien-hinh").mkdir(parents=True)
    build(tmp_path, content)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("cached", [False, True], ids=["new folder", "delta build"])
def test_immutable_site_gives_a_message_and_keeps_the_old_site(content, tmp_path, caplog, cached):
    site = build(tmp_path, content)
    if not cached:  # no build cache: the build renders a new folder and swaps it in
        shutil.rmtree(tmp_path / ".cache")
    # else site/ is what the build cache says: the next build updates it in place (delta.py)
    before = _tree(site)
    record = content / "exemplars" / "nguyen-thi-hoa.yml"  # a change to write: its page, the sitemap
    record.write_text(record.read_text(encoding="utf-8").replace("summary: ", "summary: Sửa. ", 1), encoding="utf-8")
    if subprocess.run(["chattr", "+i", str(site)], capture_output=True, check=False).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root and a file system with attributes)")
    try:
        with pytest.raises(BuildFailed) as info:
            build(tmp_path, content)
    finally:
        subprocess.run(["chattr", "-i", str(site)], check=False)
    assert f"cannot write the site at {site}" in str(info.value)
    assert "the previous site is unchanged" in str(info.value)
    assert _tree(site) == before
    assert (site / "index.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
    caplog.clear()


def test_withdrawn_students_photo_is_not_served_by_the_preview(content, tmp_path, caplog):
    shutil.copy(content / "media" / "anh.png", content / "media" / "an.png")
    student = content / "exemplars" / "sub" / "dang-van-an.yml"
    student.write_text(student.read_text().replace(
        "private:", "photos:\n  - {file: an.png, caption: Em An, alt: Em An}\nprivate:"))
    site = tmp_path / "serve"
    config = load_config(str(mkdocs_config(tmp_path, content, site)), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    assert (site / "media" / "an.png").exists() and (site / "media" / "anh.png").exists()
    student.write_text(student.read_text().replace("child: true}", "child: true, withdrawn: 2020-01-01}"))
    mkdocs_build(config, dirty=True)
    assert not (site / "media" / "an.png").exists()
    assert not (site / "dien-hinh" / "dang-van-an").exists()
    assert (site / "media" / "anh.png").exists()  # still used by a published record
    caplog.clear()  # MkDocs warns about dirty builds


def test_preview_refuses_a_story_that_would_hang_it(content, tmp_path, caplog):
    """`make serve` used to sit in Python-Markdown for minutes on 30,000 '['; it now says where."""
    from mkdocs.exceptions import Abort

    site = tmp_path / "serve"
    config = load_config(str(mkdocs_config(tmp_path, content, site)), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("  Cô luôn **tận tâm** với học sinh.", "  " + "[" * 30_000), encoding="utf-8")
    with pytest.raises(Abort):
        mkdocs_build(config, dirty=True)
    assert any("nguyen-thi-hoa.yml:24: story: text too costly to render" in r.getMessage()
               for r in caplog.records), [r.getMessage() for r in caplog.records]
    record.write_text(good, encoding="utf-8")
    caplog.clear()
    mkdocs_build(config, dirty=True)
    assert "tận tâm" in (site / "dien-hinh" / "nguyen-thi-hoa" / "index.html").read_text(encoding="utf-8")
    caplog.clear()
