"""Render Material's tabs, navigation drawer and `__config` once per shape, not once per page.

Material renders them for every page; at 10,000 records that was about a fifth of the build. For a
generated page that is not itself in `nav:` (no item is active, nothing is expanded) the HTML
depends only on the relative links from that page to the nav's pages and to the site root, so
pages that see those links alike share one rendering. Everything else renders as usual: pages in
`nav:`, hand-written pages, and each page's own table of contents (theme/main.html).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from mkdocs.utils import get_relative_url

from .memo import Memo

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class NavCache(Memo):
    """Jinja global `nav_cache`: `{% call nav_cache("tabs", page, nav) %}{{ super() }}{% endcall %}`.

    A fresh instance per build (`on_env`), so a changed `nav:` or theme in `mkdocs serve` is seen."""

    def __init__(self) -> None:
        super().__init__()
        self.nav_urls: dict[int, tuple] = {}  # id(nav) → (nav, its pages' URLs); nav kept alive

    def __call__(self, part: str, page: Page | None, nav: Navigation | None, caller: Callable[[], Any]) -> Any:
        if page is None or nav is None or not getattr(page, "shares_nav", False):
            return caller()
        hide = tuple((page.meta or {}).get("hide") or ())
        return self.cached((part, hide, *self._links(page.url, nav)), caller)

    def _links(self, url: str, nav: Navigation) -> tuple:
        """What the links from a page at `url` to the site root and the nav's pages depend on.

        For a directory URL `d/`: its parent folder and the nav pages at or below `d/`. From
        `p/a/` and `p/b/` every other page is one `../` away from where it is seen from `p/`,
        so both print the same links (get_relative_url for each of 16,000 pages and each nav
        page was 2 % of a build). Any other URL: the links themselves."""
        segments = url.split("/")
        if url and (not url.endswith("/") or "." in segments or ".." in segments):
            return (get_relative_url("", url), tuple(get_relative_url(p.url, url) for p in nav.pages))
        nav_urls = self.nav_urls.get(id(nav))
        if nav_urls is None:
            nav_urls = self.nav_urls[id(nav)] = (nav, [p.url for p in nav.pages])
        parent = url[:url.rstrip("/").rfind("/") + 1] if url else None
        return (parent, tuple(n for n in nav_urls[1] if n.startswith(url)) if url else ())
