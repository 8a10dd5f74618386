"""Plans kept between builds (kế hoạch giữ lại): a planner whose inputs did not change is not run.

After a one-record edit at 10,000 records, a delta build (delta.py) plans the quota pages and the
quota JSON again (pages/dashboard.py, pages/opendata.py `plan_quotas`): a third of a second of the
main process, for an edit that seldom touches what they show (a summary, a story, a title: fields
the quota pages never show). What they are made of is known without planning them: each record
as the quota pages see it (its digest of the fields they show, `dashboard.VIEWS`, worked out when
its file was checked and kept with it in the record cache), the build's day (deadlines, levels),
and everything the build cache's shared key covers (units, campaigns, news, mkdocs.yml, templates,
our code). Under a digest of those (`input_key`) the build cache keeps what the planner gave: each
page's path, template, title and fingerprint, each file's path and digest. When the key is the
last one and `site/` holds every one of those pages and files as they were, the planner is not
run: its pages come back as `KeptPage` stubs and its files as `KeptAsset` stubs, as from the
forked part of a delta build's planning (planfork.py).

Layout: `.cache/exemplars/plans/<planner>.pickle`. A key names content, never a place: an entry
is written as soon as it is planned, whether the build then succeeds or not.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any, Callable

from .incremental import Seen, page_digest, view_digest
from .model import Catalog, Exemplar
from .pages import Asset, VirtualPage

log = logging.getLogger("mkdocs.plugins.exemplars")

FORMAT = "plans-1"


def name(planner: Callable) -> str:
    return f"{planner.__module__.rsplit('.', 1)[-1]}.{planner.__qualname__}"


def input_key(planner: Callable, view: tuple[str, ...], catalog: Catalog, shared: str) -> str:
    """What `planner` is made of, when it reads the catalog's records by `view` only."""
    h = hashlib.sha256(f"{FORMAT};{name(planner)};{shared};{catalog.today.isoformat()};".encode())
    h.update(repr(view).encode())
    for record in catalog.exemplars:  # in the catalog's order: the pages list them in it
        h.update(view_digest(record, Exemplar, view).encode())
    return h.hexdigest()


class PlanMemo:
    """The kept plans of one build cache (`folder`: `.cache/exemplars`)."""

    def __init__(self, folder: Path, shared: str) -> None:
        self.folder = folder / "plans"
        self.shared = shared

    def kept(self, planner: Callable, view: tuple[str, ...], catalog: Catalog,
             page_kept: Callable[[str, str], bool], asset_kept: Callable[[str, str], bool]
             ) -> tuple[str, tuple[list, dict[str, str]] | None]:
        """The key of `planner`'s inputs, and its stubs and page fingerprints when the last plan
        under that key is what `site/` holds (None: plan it)."""
        from .planfork import KeptAsset, KeptPage

        key = input_key(planner, view, catalog, self.shared)
        try:
            found = pickle.loads((self.folder / f"{name(planner)}.pickle").read_bytes())  # noqa: S301 - ours
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return key, None
        if not isinstance(found, dict) or found.get("key") != key:
            return key, None
        items: list = []
        fingerprints: dict[str, str] = {}
        for kind, path, *rest in found["items"]:
            if kind == "page":
                template, title, fingerprint = rest
                if not page_kept(path, fingerprint):
                    return key, None
                items.append(KeptPage(path, template, title, fingerprint=fingerprint))
                fingerprints[path] = fingerprint
            else:
                if not asset_kept(path, rest[0]):
                    return key, None
                items.append(KeptAsset(path, b"", rest[0]))
        return key, (items, fingerprints)

    def keep(self, planner: Callable, key: str, items: list, seen: Seen) -> dict[str, str]:
        """Keep what `planner` planned under `key`; returns its pages' fingerprints."""
        from .planfork import asset_digest
        from .planning import page_links_elsewhere

        kept: list[tuple[Any, ...]] = []
        fingerprints: dict[str, str] = {}
        for item in items:
            if isinstance(item, VirtualPage):
                fingerprint = fingerprints[item.src_uri] = page_digest(item, self.shared, seen)
                if page_links_elsewhere(item):  # MkDocs checks its links on every build: plan it
                    return fingerprints
                kept.append(("page", item.src_uri, item.template, item.title, fingerprint))
            elif isinstance(item, Asset):
                kept.append(("asset", item.path, asset_digest(item)))
            else:
                return fingerprints  # a file written later cannot be a stub
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{name(planner)}.pickle"
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps({"key": key, "items": kept}, protocol=5))
        os.replace(tmp, path)
        return fingerprints
