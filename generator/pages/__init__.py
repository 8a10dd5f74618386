"""Page planning: the model → the list of virtual pages to generate (no MkDocs import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class VirtualPage:
    """A page the plugin adds to the site: where, which template, and what the template gets."""

    src_uri: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    #: Markdown rendered by MkDocs into `page.content` (a story); sanitised afterwards.
    markdown: str = ""
    #: Text of the page's `<meta name="description">` and Open Graph description.
    description: str = ""


@dataclass
class Asset:
    """A non-page file the plugin adds to the site (CSV, JSON, feed), written byte for byte."""

    path: str
    content: bytes


@dataclass
class LaterAsset:
    """A file written after the pages are rendered, its bytes computed meanwhile (by a worker
    process: the registration workbooks, `pages/workbooks.py`). The plugin calls `start()` when
    it builds the site (`exemplars check` plans pages but never starts them), `result()` after
    the pages; `result()` alone computes the bytes in-process."""

    path: str
    result: Callable[[], bytes]
    start: Callable[[], None] = lambda: None
