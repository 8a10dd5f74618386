"""Shared helpers: copies of the small fixture corpus, and built sites (fixture and demo)."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml

# Browser fixtures live in browser.py; registered here once so every module shares one Chromium
# (a second sync Playwright in the same session would fail).
from browser import browser, demo_server  # noqa: E402,F401

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "basic"
TODAY = date(2026, 11, 25)
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Every test build shares the project's photo cache (placeholders take ~2 s to draw and encode).
os.environ.setdefault("EXEMPLARS_PHOTO_CACHE", str(ROOT / ".cache" / "exemplars" / "photos"))


#: The demo's record files, drafts and scheduled ones included.
DEMO_RECORDS = sorted((ROOT / "content" / "exemplars").rglob("*.yml"))


def raw_record(path: Path) -> dict:
    """A record as written: every scalar stays text (PyYAML's BaseLoader)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def leaves(value) -> list[str]:
    """Every scalar in a nested mapping or list, as text."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    return [str(value)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A fresh, valid copy of the fixture corpus at tmp_path/content."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def mkdocs_config(tmp: Path, content_dir: Path, site_dir: Path, today: date | None = TODAY) -> Path:
    """A project config like the real one, pointed at another content folder (and, unless
    `today` is None, at a fixed date)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content/pages", f"docs_dir: {ROOT / 'content' / 'pages'}")
    text = text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    fixed_day = f"\n      today: '{today}'" if today else ""
    text = text.replace("      content_dir: content", f"      content_dir: {content_dir}{fixed_day}")
    text = text.replace("site_dir: site", f"site_dir: {site_dir}")
    cfg = tmp / "mkdocs.yml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def build(tmp: Path, content_dir: Path, site_dir: Path | None = None, today: date = TODAY) -> Path:
    """Build with the real pipeline (atomic, strict); returns the site folder."""
    from generator.build import build_site

    site_dir = site_dir or tmp / "site"
    build_site(str(mkdocs_config(tmp, content_dir, site_dir, today)), site_dir=str(site_dir))
    return site_dir


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The real demo content, built once per test session."""
    tmp = tmp_path_factory.mktemp("demo")
    return build(tmp, ROOT / "content")


@pytest.fixture(scope="session")
def demo_catalog():
    from generator.validate import load_catalog

    return load_catalog(ROOT / "content", today=TODAY)


@pytest.fixture(autouse=True)
def _no_unexpected_warnings(caplog):
    """Fail a test on any warning MkDocs or the plugin logs that the test did not expect."""
    caplog.set_level(logging.INFO)
    yield
    bad = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING
           and r.name.startswith("mkdocs") and not getattr(r, "expected", False)]
    assert not bad, "unexpected warnings: " + "; ".join(r.getMessage() for r in bad)


def all_text(site: Path) -> str:
    """Every text file of a built site, concatenated (for leak checks)."""
    out = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":  # sitemap.xml.gz, Pagefind's index chunks and fragments
                import gzip

                data = gzip.decompress(data)
            out.append(data.decode("utf-8", errors="replace"))
    return "\n".join(out)
