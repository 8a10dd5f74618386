"""Page planning: the model → the list of virtual pages to generate (no MkDocs import)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from ..lazytext import Deferrable

if TYPE_CHECKING:
    from ..spill import Spilled


@dataclass
class VirtualPage:
    """A page the plugin adds to the site: where, which template, and what the template gets."""

    src_uri: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    #: Markdown rendered by MkDocs into `page.content` (a story); sanitised afterwards. A story
    #: page gives a `lazytext.TextOf` its record's story: decoded when first read.
    markdown: str = Deferrable()  # type: ignore[assignment]
    #: Text of the page's `<meta name="description">` and Open Graph description.
    description: str = ""
    #: A digest of everything `context` holds, where its planner makes one faster than describing
    #: the context takes (a story page: pages/story.py); empty: the fingerprint describes it.
    context_digest: str = ""


@dataclass
class Asset:
    """A non-page file the plugin adds to the site (CSV, JSON, feed), written byte for byte;
    `content` may wait in a temporary file (spill.py: `Spilled.read()` gives the bytes)."""

    path: str
    content: bytes | Spilled


def _nothing(*_: Any) -> None:
    return None


@dataclass
class LaterAsset:
    """A file written after the pages are rendered, its bytes computed meanwhile (by a worker
    process: the registration workbooks, `pages/workbooks.py`). The plugin calls `start(cache)`
    when it builds the site (`exemplars check` plans pages but never starts them), with the
    build's cache (`buildcache.BuildCache`) or None; `result()` after the pages (`result()` alone
    computes the bytes in-process); `commit_all` after a successful build, so the cache keeps
    what this build used and no more."""

    path: str
    result: Callable[[], bytes]
    start: Callable[..., None] = _nothing
    commit: Callable[[], None] = _nothing
    #: Once `result()` has returned: the digest of what the bytes are made of (the same digest,
    #: the same bytes), and whether the previous build through the same cache wrote these very
    #: bytes at `path` (a build that keeps `path` from then need not write it again).
    digest: str | None = None
    unchanged: bool = False

    @staticmethod
    def commit_all(items: list[LaterAsset]) -> None:
        for commit in dict.fromkeys(item.commit for item in items):  # one per source of assets
            commit()


T = TypeVar("T")


def once(catalog: Any, compute: Callable[[Any], T]) -> T:
    """`compute(catalog)`, computed once per catalog: several planners need the quota dashboard,
    the topics or the registration lists of the same catalog (at 10,000 records each is a tenth
    to a fifth of a second), and the catalog does not change once built. Callers only read it."""
    memo = catalog.__dict__.setdefault("_planned_once", {})
    if compute not in memo:
        memo[compute] = compute(catalog)
    return memo[compute]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: planning or fingerprinting 10,000 records makes
    millions of small objects and no cycles worth collecting, and with the catalog in memory each
    full collection walks all of it (a quarter of planning's time). Collection resumes after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
