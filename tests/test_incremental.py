"""Preview rebuilds (`mkdocs serve --dirty`) re-render only the pages whose inputs changed."""

from __future__ import annotations

import os
import time

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from conftest import mkdocs_config


def _stamp(path):
    return os.stat(path).st_mtime_ns


def _serve_config(tmp_path, content, site):
    # As `make serve` runs it: --dirty --no-strict (MkDocs warns about dirty builds).
    return load_config(str(mkdocs_config(tmp_path, content, site)), strict=False)


def test_dirty_serve_rebuild_renders_only_changed_pages(content, tmp_path, caplog):
    site = tmp_path / "serve"
    config = _serve_config(tmp_path, content, site)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    hoa = site / "dien-hinh" / "nguyen-thi-hoa" / "index.html"
    an = site / "dien-hinh" / "dang-van-an" / "index.html"
    before_hoa, before_an = _stamp(hoa), _stamp(an)

    time.sleep(0.05)
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    record.write_text(record.read_text().replace("Giáo viên lớp 4A", "Giáo viên lớp 5B"))
    mkdocs_build(config, dirty=True)

    assert "Giáo viên lớp 5B" in hoa.read_text(encoding="utf-8")
    assert _stamp(hoa) != before_hoa
    assert _stamp(an) == before_an, "an unchanged story page was rendered again"
    _expect_only_the_dirty_warning(caplog)


def test_preview_rewrites_only_generated_files_that_changed(content, tmp_path, caplog):
    site = tmp_path / "serve"
    config = _serve_config(tmp_path, content, site)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    files = {p: _stamp(p) for p in site.rglob("*") if p.suffix in (".csv", ".json", ".xml") and p.is_file()}
    assert len(files) > 5

    time.sleep(0.05)
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    record.write_text(record.read_text().replace("Giáo viên lớp 4A", "Giáo viên lớp 5B"))
    mkdocs_build(config, dirty=True)

    rewritten = {p for p, stamp in files.items() if _stamp(p) != stamp}
    shows = {p for p in files if "Giáo viên lớp 5B" in p.read_text(encoding="utf-8")}
    assert shows and shows <= rewritten  # every file that shows the edit was written again
    assert len(rewritten) < len(files) / 2, sorted(str(p.relative_to(site)) for p in rewritten)
    _expect_only_the_dirty_warning(caplog)


def _expect_only_the_dirty_warning(caplog):
    warnings = [r.getMessage() for r in caplog.get_records("call") if r.levelname == "WARNING"]
    assert [w for w in warnings if not w.startswith("A 'dirty' build")] == []
    caplog.clear()  # MkDocs' warning about dirty builds is expected


def test_rebuild_after_a_failed_one_is_clean(content, tmp_path, caplog):
    import pytest
    from mkdocs.exceptions import Abort

    site = tmp_path / "serve"
    config = _serve_config(tmp_path, content, site)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    good = record.read_text()
    record.write_text(good.replace("unit: th-kim-dong", "unit: khong-co"))
    with pytest.raises(Abort):
        mkdocs_build(config, dirty=True)
    record.write_text(good.replace("Giáo viên lớp 4A", "Giáo viên lớp 4C"))
    caplog.clear()
    mkdocs_build(config, dirty=True)
    assert "Giáo viên lớp 4C" in (site / "dien-hinh" / "nguyen-thi-hoa" / "index.html").read_text()
    _expect_only_the_dirty_warning(caplog)


def test_dirty_serve_removes_pages_of_records_made_draft(content, tmp_path, caplog):
    site = tmp_path / "serve"
    config = _serve_config(tmp_path, content, site)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    assert (site / "dien-hinh" / "thu-vien-xanh" / "index.html").exists()
    record = content / "exemplars" / "thu-vien-xanh.yml"
    record.write_text(record.read_text() + "draft: true\n")
    mkdocs_build(config, dirty=True)
    assert not (site / "dien-hinh" / "thu-vien-xanh").exists()
    caplog.clear()


def test_preview_search_catches_up_and_keeps_one_index(content, tmp_path, caplog):
    from test_search import _docs, _vocabulary

    site = tmp_path / "serve"
    config = _serve_config(tmp_path, content, site)
    config.plugins.on_startup(command="serve", dirty=True)
    plugin = config.plugins["exemplars"]
    mkdocs_build(config, dirty=True)
    plugin.search_job.result(timeout=60)
    assert "xanh" in _vocabulary(site) and "quyenluyen" not in _vocabulary(site)

    record = content / "exemplars" / "thu-vien-xanh.yml"
    record.write_text(record.read_text() + "draft: true\n")
    hoa = content / "exemplars" / "nguyen-thi-hoa.yml"
    hoa.write_text(hoa.read_text().replace("Giáo viên lớp 4A", "Giáo viên lớp 4A Quyenluyen"))
    mkdocs_build(config, dirty=True)
    plugin.search_job.result(timeout=60)

    assert "quyenluyen" in _vocabulary(site)
    assert "dien-hinh/thu-vien-xanh/" not in [row[0] for row in _docs(site)]
    versions = [p.name for p in (site / "pagefind").iterdir() if p.is_dir()]
    assert len(versions) == 1, versions  # the previous index is gone, no staging folder left
    caplog.clear()
