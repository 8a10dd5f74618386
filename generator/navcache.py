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

    def __call__(self, part: str, page: Page | None, nav: Navigation | None, caller: Callable[[], Any]) -> Any:
        if page is None or nav is None or not getattr(page, "shares_nav", False):
            return caller()
        key = (part, get_relative_url("", page.url), tuple((page.meta or {}).get("hide") or ()),
               tuple(get_relative_url(p.url, page.url) for p in nav.pages))
        return self.cached(key, caller)
