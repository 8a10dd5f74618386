"""Both cores: a build whose lists, unit pages, dashboards and search index come from forked
workers writes exactly the bytes of a serial build (generator/parallel.py)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import mkdocs.utils
import pytest
from conftest import ROOT, TODAY, mkdocs_config

from generator.build import build_site
from generator.parallel import PLACEHOLDER


def _build(tmp: Path, content: Path, workers: int) -> Path:
    config = mkdocs_config(tmp, content, tmp / f"site-{workers}", today=TODAY)
    text = config.read_text(encoding="utf-8").replace("      content_dir:", f"      workers: {workers}\n      content_dir:")
    config.write_text(text, encoding="utf-8")
    return build_site(str(config), site_dir=str(tmp / f"site-{workers}"))


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same_sites(serial: Path, parallel: Path) -> None:
    a, b = _tree(serial), _tree(parallel)
    assert sorted(a) == sorted(b)
    differ = [path for path in a if a[path] != b[path]]
    assert differ == []


@pytest.fixture
def worker_log(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    return caplog


def test_demo_parallel_build_equals_serial_build(tmp_path, worker_log, monkeypatch):
    serial = _build(tmp_path, ROOT / "content", workers=1)
    assert not any("rendered" in r.getMessage() for r in worker_log.records)
    main_process, write_file, by_main = os.getpid(), mkdocs.utils.write_file, []

    def counted(content, output_path):  # MkDocs' page loop writes through it
        if os.getpid() == main_process:
            by_main.append(output_path)
        return write_file(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", counted)
    parallel = _build(tmp_path, ROOT / "content", workers=2)
    # The workers did render pages (lists, unit pages, dashboards) in this build, and wrote them:
    # the main process wrote only the pages it rendered (one of each template, hand-written ones).
    assert any("rendered and written by 2 workers" in r.getMessage() for r in worker_log.records)
    pages = list(parallel.rglob("*.html"))
    assert 0 < len(by_main) < len(pages) / 4
    _same_sites(serial, parallel)
    assert not any(PLACEHOLDER.encode() in p.read_bytes() for p in pages)


def test_another_plugins_page_events_see_every_page(tmp_path, worker_log):
    """A plugin of the site's own with `on_post_page` (here a hook that lists, in the main
    process, the pages it saw): the main process walks every page, the workers only render."""
    hook = tmp_path / "mark.py"
    hook.write_text("import os\nseen = []\n"
                    "def on_pre_build(config):\n    seen.clear()\n"
                    "def on_post_page(output, page, config):\n    seen.append(page.file.src_uri)\n"
                    "    return output.replace('</body>', f'<!-- seen {page.file.src_uri} --></body>')\n"
                    "def on_post_build(config):\n"
                    "    with open(os.path.join(config.site_dir, 'seen.txt'), 'w') as f:\n"
                    "        f.write('\\n'.join(sorted(seen)))\n",
                    encoding="utf-8")
    sites = {}
    for workers in (1, 2):
        config = mkdocs_config(tmp_path, ROOT / "content", tmp_path / f"site-{workers}", today=TODAY)
        text = config.read_text(encoding="utf-8").replace("      content_dir:", f"      workers: {workers}\n      content_dir:")
        config.write_text(text + f"\nhooks:\n  - {hook}\n", encoding="utf-8")
        sites[workers] = build_site(str(config), site_dir=str(tmp_path / f"site-{workers}"))
    assert any("rendered by 2 workers" in r.getMessage() for r in worker_log.records)
    assert not any("written by" in r.getMessage() for r in worker_log.records)
    _same_sites(sites[1], sites[2])
    pages = [p for p in sites[2].rglob("index.html") if p.parent.name != "admin"]
    assert len(pages) > 100 and all(b"<!-- seen " in p.read_bytes() for p in pages)
    assert len((sites[2] / "seen.txt").read_text(encoding="utf-8").splitlines()) == len(pages)


def test_first_preview_build_uses_both_cores_and_equals_one_core(tmp_path, worker_log):
    """`make serve` renders its first build on every core (no server thread runs yet); the
    rebuilds after `on_serve` stay in one process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    sites = {}
    for workers in (1, 2):
        folder = tmp_path / f"preview-{workers}"
        folder.mkdir()
        config_file = mkdocs_config(folder, ROOT / "content", folder / "site", today=TODAY)
        config_file.write_text(config_file.read_text(encoding="utf-8").replace(
            "      content_dir:", f"      workers: {workers}\n      content_dir:"), encoding="utf-8")
        config = load_config(str(config_file), strict=False)
        config.plugins.on_startup(command="serve", dirty=True)
        worker_log.clear()
        mkdocs_build(config, dirty=True)
        config.plugins["exemplars"].search_job.result(timeout=60)
        assert any("rendered by 2 workers" in r.getMessage() for r in worker_log.records) == (workers == 2)
        sites[workers] = folder / "site"
        plugin = config.plugins["exemplars"]
        plugin.serving = True  # what on_serve sets: later rebuilds stay in one process
        assert plugin._workers() == 1
    for record in worker_log.records:
        if record.getMessage().startswith("A 'dirty' build"):
            record.expected = True
    _same_sites(sites[1], sites[2])


def test_synthetic_parallel_build_equals_serial_build(tmp_path):
    from synthetic import write_corpus

    content = write_corpus(tmp_path / "content", 150)
    _same_sites(_build(tmp_path, content, workers=1), _build(tmp_path, content, workers=3))


def test_a_failing_worker_fails_the_build(tmp_path, monkeypatch, caplog):
    from generator import parallel
    from generator.build import BuildFailed

    main_process, render = os.getpid(), parallel.render_page

    def broken(page, *args):
        if os.getpid() != main_process:
            raise RuntimeError(f"cannot render {page.file.src_uri}")
        return render(page, *args)

    monkeypatch.setattr(parallel, "render_page", broken)
    with pytest.raises(BuildFailed, match="a build worker failed"):
        _build(tmp_path, ROOT / "content", workers=2)
    assert not (tmp_path / "site-2").exists()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("cannot render" in r.getMessage() for r in errors)
    for record in errors:  # MkDocs logs the failure: expected here
        record.expected = True


def test_a_warning_in_a_worker_fails_a_strict_build(tmp_path, monkeypatch, caplog):
    """Workers write their pages themselves; what they warn of still reaches MkDocs' strict count."""
    from generator import parallel
    from generator.build import BuildFailed

    main_process, render = os.getpid(), parallel.render_page

    def warning(page, *args):
        if os.getpid() != main_process and page.file.src_uri.startswith("don-vi/"):
            logging.getLogger("mkdocs.plugins.exemplars").warning("worker warns about %s", page.file.src_uri)
        return render(page, *args)

    monkeypatch.setattr(parallel, "render_page", warning)
    with pytest.raises(BuildFailed):
        _build(tmp_path, ROOT / "content", workers=2)
    assert not (tmp_path / "site-2").exists()
    warned = [r for r in caplog.records if r.getMessage().startswith("worker warns about don-vi/")]
    assert warned
    for record in caplog.records:
        if record.levelno >= logging.WARNING:
            record.expected = True
