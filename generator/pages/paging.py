"""Pagination as plain slicing: page 1 at the list's base URL, page n at `…/trang/{n}/`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .. import urls
from . import VirtualPage

T = TypeVar("T")


@dataclass(frozen=True)
class Pagination:
    """Where a page stands in its list; URLs are site-relative (templates add `| url`)."""

    number: int
    #: Site-relative URL of every page of the list, page 1 first.
    pages: tuple[str, ...]
    total: int
    first_index: int  # 1-based position of the page's first item in the whole list

    @property
    def count(self) -> int:
        return len(self.pages)

    @property
    def previous(self) -> str | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.pages[self.number] if self.number < self.count else None

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to show: first, last and a few around the current one; None is a gap."""
        keep = {1, self.count, *range(self.number - around, self.number + around + 1)}
        out: list[int | None] = []
        for n in range(1, self.count + 1):
            if n in keep:
                out.append(n)
            elif out and out[-1] is not None:
                out.append(None)
        return out


def paginate(src_uri: str, items: Sequence[T], per_page: int) -> list[tuple[str, Pagination, Sequence[T]]]:
    """Split `items` into pages: (source path, pagination, the page's items). An empty list still
    gets its first page, so a link to it never breaks."""
    count = max(1, -(-len(items) // per_page))
    src = [urls.paged(src_uri, n) for n in range(1, count + 1)]
    links = tuple(urls.md_to_url(s) for s in src)
    return [(src[n - 1], Pagination(n, links, len(items), (n - 1) * per_page + 1),
             items[(n - 1) * per_page: n * per_page]) for n in range(1, count + 1)]


def paged_pages(src_uri: str, items: Sequence[T], per_page: int, *, template: str, title: str,
                description: str, context: dict[str, Any] | None = None,
                key: str = "items") -> list[VirtualPage]:
    """One VirtualPage per page of a list; the page's slice is in `context[key]`."""
    out = []
    for src, pagination, chunk in paginate(src_uri, items, per_page):
        suffix = f" – trang {pagination.number}" if pagination.number > 1 else ""
        ctx = {**(context or {}), key: list(chunk), "pagination": pagination, "list_title": title}
        out.append(VirtualPage(src_uri=src, template=template, title=title + suffix,
                               description=description, context=ctx))
    return out
