"""Pages and files kept by what they are made of (trang và tệp giữ lại giữa các lần dựng).

After a one-record edit at 10,000 records a delta build (planfork.py) planned all 10,000 story
pages and 1,077 registration pages, and fingerprinted each, to find the few that changed: the
larger part of planning, on the critical path. What such a page is made of is known before it
is planned: a story page of its record and its related stories (pages/story.py), a registration
list's page of its lists (pages/registration.py), each with what the build cache's shared key
covers (units, campaigns, news, templates, mkdocs.yml, our code); the planner names it
(`made_of`: the records' digests, `incremental.record_digest`, which the record cache keeps).

`Stubs` keeps, per page, what it was made of with its template, title and fingerprint (per
file: what it was made of and its SHA-1), under the shared key. When a page is made of the
same as then and `site/` holds it with that fingerprint, the planner does not make it: a
`KeptPage` stub comes back, as the forked part of planning gives after planning it (planfork.py;
tests/test_pagememo.py compares the two). A page whose Markdown links elsewhere is never kept:
MkDocs checks its links on every build.

Layout: `.cache/exemplars/plans/<name>-pages.pickle`. A key names content, never a place: the
file is written as soon as planning is done, whether the build then succeeds or not.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import shards
from .incremental import Seen, page_digest
from .pages import Asset, VirtualPage
from .planning import page_links_elsewhere
from .spill import digest_of

log = logging.getLogger("mkdocs.plugins.exemplars")

FORMAT = "kept-pages-1"


@dataclass
class KeptPage(VirtualPage):
    """A page `site/` holds as this build would render it: only its path and fingerprint."""

    fingerprint: str = ""


@dataclass
class KeptAsset(Asset):
    """A file `site/` holds with these very bytes (by `digest`, sha1): only its path."""

    digest: str = ""


class Stubs:
    """What a planner (`name`) made last time, for it to hand back stubs of what `site/` holds
    (`page_kept(src_uri, fingerprint)`, `asset_kept(path, sha1)`) without making them; the
    fingerprints (shared `key`) of all its pages end up in `fingerprints`."""

    def __init__(self, folder: Path, name: str, key: str, seen: Seen, page_kept: Callable[[str, str], bool],
                 asset_kept: Callable[[str, str], bool]) -> None:
        self.path = folder / "plans" / f"{name}-pages.pickle"
        self.header = (FORMAT, name, key)
        self.key, self.seen = key, seen
        self.page_kept, self.asset_kept = page_kept, asset_kept
        self.before = self._read()
        self.now: dict[str, tuple] = {}
        self.fingerprints: dict[str, str] = {}

    def page(self, src_uri: str, made_of: Any, make: Callable[[], VirtualPage]) -> VirtualPage:
        """The page at `src_uri`, `make()` unless it was made of the same (`made_of`, compared
        by equality) and `site/` holds it: then a `KeptPage`."""
        found = self.before.get(src_uri)
        if found is not None and found[0] == made_of and self.page_kept(src_uri, found[3]):
            self.now[src_uri] = found
            fp = self.fingerprints[src_uri] = found[3]
            return KeptPage(src_uri, found[1], found[2], fingerprint=fp)
        page = make()
        fp = self.fingerprints[src_uri] = page_digest(page, self.key, self.seen)
        if page_links_elsewhere(page):
            return page
        self.now[src_uri] = (made_of, page.template, page.title, fp)
        return KeptPage(src_uri, page.template, page.title, fingerprint=fp) if self.page_kept(src_uri, fp) else page

    def asset(self, path: str, made_of: Any, make: Callable[[], Any]) -> Any:
        """The file at `path` (an `Asset`), `make()` unless it was made of the same and `site/`
        holds those bytes: then a `KeptAsset`."""
        found = self.before.get(path)
        if found is not None and found[0] == made_of and self.asset_kept(path, found[1]):
            self.now[path] = found
            return KeptAsset(path, b"", found[1])
        asset = make()
        digest = digest_of(asset.content)
        self.now[path] = (made_of, digest)
        return KeptAsset(path, b"", digest) if self.asset_kept(path, digest) else asset

    def write(self) -> None:
        """Keep what this planning made (and no more), if it differs from what was kept."""
        if self.now == self.before:
            return
        try:
            shards.write_one(self.path.parent, self.path.stem, self.header, self.now)
        except OSError as exc:  # a read-only checkout still builds
            log.info("exemplars: %s not written: %s", self.path.name, exc)

    def _read(self) -> dict[str, tuple]:
        try:
            found = shards.read_one(self.path, self.header, {})
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return {}  # a damaged file costs the pages being made, never the build
        return found if isinstance(found, dict) else {}
