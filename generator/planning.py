"""What the plugin adds to MkDocs' files: the planners in order, every planned page and asset of a
catalog, and the File/Page classes generated pages use (kept apart from plugin.py's handlers)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote as urlquote
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from . import converter, urls
from .lazytext import waiting
from .model import Catalog
from .pages import VirtualPage, gc_paused
from .pages import browse, dashboard, feeds, home, honours, news, opendata, pilots, registration, replication
from .pages import reporting, stats, story, units
from .pages import plan as plan_pages
from .pages.options import SiteOptions
from .spill import Arena

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


#: Page planners, in order; each maps the catalog to virtual pages and assets.
PLANNERS = [home.plan, story.plan, units.plan, registration.plan, dashboard.plan, stats.plan, plan_pages.plan,
            pilots.plan]
#: Planners that also need the site's options (page size, absolute URLs): plan(catalog, site).
SITE_PLANNERS = [browse.plan, honours.plan, replication.plan, feeds.plan, opendata.plan, opendata.plan_quotas,
                 news.plan, reporting.plan]
#: Planners that keep work between builds in the build cache: plan(…, cache_dir=folder or None).
CACHING = [story.plan, opendata.plan, opendata.plan_quotas, registration.plan]
#: Planners whose largest files may go to a spill arena: plan(…, arena=Arena or None).
SPILLING = [opendata.plan]


class PlannedFile(File):
    """A generated page; in a dirty preview an unchanged one keeps its previous output.

    MkDocs skips reading and rendering a page whose file is not modified (dirty builds only),
    while the file still exists for the nav and for links.
    """

    modified = True

    def is_modified(self) -> bool:
        return self.modified

    # A site has one of these per record and list page (16,000 at 10,000 records), and MkDocs
    # derives each one's paths through pathlib and urljoin: planned paths are already '/'-separated
    # Markdown paths, so their destination and URL are plain string work (urls.md_to_url).
    @property
    def src_path(self) -> str:
        return os.path.normpath(self.src_uri)

    @src_path.setter
    def src_path(self, value: str) -> None:
        self.src_uri = value

    def is_documentation_page(self) -> bool:
        return True

    @classmethod
    def planned(cls, config: MkDocsConfig, src_uri: str, content: str) -> PlannedFile:
        """As `File.generated(config, src_uri, content=content)`, faster (same paths and URL)."""
        if not config.use_directory_urls:
            return cls.generated(config, src_uri, content=content)
        url = urls.md_to_url(src_uri)
        file = cls(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=True,
                   dest_uri=url + "index.html")
        # quote() leaves a URL of unreserved characters as it is (2 µs a page otherwise).
        file.url = url if url and _UNQUOTED.fullmatch(url) else urlquote(url or "./")
        file.name = "index" if src_uri.endswith("/index.md") or src_uri == "index.md" else src_uri[:-3].rsplit("/", 1)[-1]
        file.generated_by = config.plugins._current_plugin or "<unknown>"
        file.abs_src_path = None
        file._content = content
        return file


#: What urllib's quote() (safe "/") leaves unchanged.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]+")
#: A site-relative URL that urljoin leaves as it is: path segments without ".", "..", empty
#: segments, a scheme, a query or a fragment.
_PLAIN_URL = re.compile(r"(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*/)*(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)?")


@functools.lru_cache(maxsize=8)
def _url_prefixes(base: str) -> tuple[str, str] | None:
    """`site_url` with its final "/", and its path: what MkDocs' canonical and absolute URLs of a
    plain URL start with; None when urljoin would change the base (a query, "..", "//")."""
    if not base.endswith("/"):
        base += "/"
    probe = "a/b.c/"
    if urljoin(base, probe) != base + probe:
        return None
    path = urlsplit(base).path
    if urlsplit(base + probe).path != path + probe:
        return None
    return base, path


def _plain_urls(base: str | None, url: str) -> tuple[str, str] | None:
    """A page's canonical and absolute URL under `base` (site_url), by concatenation where that
    is what MkDocs' urljoin/urlsplit give; None where it is not."""
    prefixes = _url_prefixes(base) if base else None
    if prefixes is None or not _PLAIN_URL.fullmatch(url):
        return None
    return prefixes[0] + url, prefixes[1] + url


def page_urls(config: MkDocsConfig, url: str) -> tuple[str, str] | None:
    """The canonical and absolute URL a planned page at `url` (urls.md_to_url) gets, without
    making its File and Page; None when they would not be plain strings (ask the Page)."""
    if not config.use_directory_urls or not _UNQUOTED.fullmatch(url):
        return None
    return _plain_urls(_page_settings(config)[0], url)


class PlannedPage(Page):
    """A generated page. One without Markdown (lists, dashboards, unit pages: the template draws
    everything) skips MkDocs' Markdown parser, which MkDocs builds anew for every page: at 10,000
    records that is a third of all pages. Stories have Markdown and render as usual."""

    #: Not in `nav:`, so its tabs and drawer can be shared with pages alike (navcache.py).
    shares_nav = True
    #: Its HTML comes from the build cache (buildcache.py) or a worker (parallel.py), which
    #: converts its Markdown too: none to convert here.
    from_cache = False
    in_worker = False

    def __init__(self, title: str | None, file: File, config: MkDocsConfig) -> None:
        # Page.__init__'s attributes (tests/test_planned_file.py compares them), with the build
        # date and the config's URLs looked up once per build instead of per page (16,000 pages).
        site_url, repo_url, edit_uri, edit_uri_template = _page_settings(config)
        file.page = self
        self.file = file
        if title is not None:
            self.title = title
        self.children = None
        self.previous_page = None
        self.next_page = None
        self.active = False
        self.update_date = build_date()
        self._set_canonical_url(site_url)
        self._set_edit_url(repo_url, edit_uri, edit_uri_template)
        self.markdown = None
        self._title_from_render = None
        self.content = None
        self.toc = []  # type: ignore[assignment]
        self.meta = {}

    def _set_canonical_url(self, base: str | None) -> None:
        # MkDocs joins and splits URLs per page (urljoin, urlsplit: a fifth of planning at
        # 10,000 records); for our URLs (plain path segments) under a plain site_url the same
        # result is a concatenation. Anything else goes the MkDocs way.
        found = _plain_urls(base, self.url)
        if found is None:
            super()._set_canonical_url(base)
            return
        self.canonical_url, self.abs_url = found

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown and not self.markdown.isspace() and not (self.from_cache or self.in_worker):
            converter.render(self, config, files)  # as super().render, one converter a build
            return
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()


_SETTINGS: list = [None, None]  # the config last asked, and its page settings


def _page_settings(config: MkDocsConfig) -> tuple:
    """What Page.__init__ reads of the config: site_url, repo_url, edit_uri, edit_uri_template."""
    if _SETTINGS[0] is not config:
        _SETTINGS[:] = [config, (config.get("site_url", None), config.get("repo_url", None),
                                 config.get("edit_uri"), config.get("edit_uri_template"))]
    return _SETTINGS[1]


@functools.lru_cache(maxsize=4)
def _date_of(epoch: str) -> str:
    return get_build_date()  # with SOURCE_DATE_EPOCH = epoch (the caller's key)


def build_date() -> str:
    """MkDocs' `get_build_date()`, worked out once per SOURCE_DATE_EPOCH."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return get_build_date() if epoch is None else _date_of(epoch)


#: Markdown that links elsewhere is converted on every build: MkDocs checks its links then.
_LINKS = re.compile(r"\]\(|\]:|<a\b|href=|\]\[", re.IGNORECASE)


def links_elsewhere(markdown: str) -> bool:
    """Whether Markdown may link elsewhere (`_LINKS`). Every match holds "]", "<" or "=", which
    most stories lack: three scans in C, where the pattern took 0.8 s over 10,000 stories."""
    if "]" not in markdown and "<" not in markdown and "=" not in markdown:
        return False
    return _LINKS.search(markdown) is not None


def page_links_elsewhere(page: VirtualPage) -> bool:
    """`links_elsewhere(page.markdown)`, without decoding a story that holds none of "]", "<"
    and "=" (a story page's Markdown waits as its record's UTF-8 bytes: lazytext.py)."""
    source = waiting(page, "markdown")
    if source is not None and not source.holds("]", "<", "="):
        return False
    return links_elsewhere(page.markdown)


def nav_paths(nav) -> list[str]:
    """The page paths `nav:` in mkdocs.yml names (nested sections, titled or bare entries)."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in nav_paths(item)]
    return []


def run_planner(planner: Callable, catalog: Catalog, site: SiteOptions, cache_dir: Path | None = None,
                arena: Arena | None = None) -> list:
    """One planner's items. `cache_dir`: the build cache's folder, where planners keep what they
    make of each record between builds (pages/fragments.py); None computes everything. `arena`:
    where the largest files' bytes go (spill.py); None keeps them in memory."""
    args = (catalog, site) if planner in SITE_PLANNERS else (catalog,)
    extra: dict[str, Any] = {"cache_dir": cache_dir} if planner in CACHING else {}
    if planner in SPILLING:
        extra["arena"] = arena
    return planner(*args, **extra)


def planned_items(catalog: Catalog, site: SiteOptions, cache_dir: Path | None = None,
                  arena: Arena | None = None) -> list:
    """Every page and asset the planners make of the catalog (also what `exemplars check` links
    to); `cache_dir` and `arena` as in `run_planner`."""
    with gc_paused():
        return [item for planner in (*PLANNERS, *SITE_PLANNERS)
                for item in run_planner(planner, catalog, site, cache_dir, arena)]


def clashes(planned: list) -> list[str]:
    """Paths two planned pages or files would both take (one would silently lose its page)."""
    seen: set[str] = set()
    out = []
    for item in planned:
        path = item.src_uri if isinstance(item, VirtualPage) else item.path
        if path in seen:
            out.append(f"two generated pages at {path}: an id in content/ takes the path of another page; "
                       "rename it")
        seen.add(path)
    return out
