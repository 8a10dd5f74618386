"""Re-render only what changed while editors preview (`mkdocs serve --dirty`).

MkDocs re-renders every generated page on each rebuild; at 10,000 records that is most of a
minute per keystroke. A page's output depends on its planned context, on shared data (units,
campaigns) and on the templates, so a fingerprint of those decides whether its previous output,
still in the serve folder, can stay.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Any, Iterable

from .model import Campaign, Catalog, Unit
from .pages import VirtualPage


def _shape(value: Any, seen: dict[int, str]) -> Any:
    """Stable, cheap description of a context value; shared records by id (covered globally).

    `seen` keeps each record's digest for one fingerprinting pass: a record is on its story page,
    on eight or so lists and inside the quota rows of its unit and year, and its repr is the slow
    part. A record is described field by field, so one nested in another (a record in a quota row)
    is described once. Sets are sorted: the same across processes (a build cache keeps digests)."""
    if isinstance(value, (Unit, Campaign)):
        return (type(value).__name__, value.id)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = seen.get(id(value))
        if found is None:  # a short digest, so the page's own repr below stays short too
            inner = tuple(_shape(getattr(value, f.name), seen) for f in dataclasses.fields(value))
            found = seen[id(value)] = hashlib.sha1(repr((type(value).__name__, inner)).encode()).hexdigest()
        return found
    if isinstance(value, dict):
        return tuple((k, _shape(v, seen)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_shape(v, seen) for v in value)
    if isinstance(value, (set, frozenset)):
        return ("set",) + tuple(sorted(repr(_shape(v, seen)) for v in value))
    return repr(value)


def shared_digest(catalog: Catalog, template_dirs: Iterable[str]) -> str:
    """What every page may show: units, campaigns, and the templates' modification times."""
    h = hashlib.sha1()
    h.update(repr(sorted(catalog.units.items())).encode())
    h.update(repr(sorted(catalog.campaigns.items())).encode())
    h.update(str(len(catalog.exemplars)).encode())
    # Story, unit and milestone pages list news posts from the catalog (partials/news-related.html).
    h.update(repr([(n.id, n.title, n.date, n.unit, n.exemplars, n.milestone) for n in catalog.news]).encode())
    for folder in template_dirs:
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                path = os.path.join(root, name)
                h.update(f"{path}:{os.stat(path).st_mtime_ns}".encode())
    return h.hexdigest()


def page_digest(page: VirtualPage, shared: str, seen: dict[int, str] | None = None) -> str:
    h = hashlib.sha1(shared.encode())
    h.update(repr((page.template, page.title, page.description, page.markdown,
                   _shape(page.context, {} if seen is None else seen))).encode())
    return h.hexdigest()


@dataclasses.dataclass
class PageCache:
    """Fingerprints of the pages written by the previous build of this serve session."""

    digests: dict[str, str] = dataclasses.field(default_factory=dict)

    def changed(self, pages: dict[str, VirtualPage], shared: str, site_dir: Path,
                dest_of: Any) -> tuple[set[str], set[str]]:
        """Pages to render again, and pages gone since the last build (their output to remove)."""
        seen: dict[int, str] = {}  # the records stay alive (in `pages`) for the whole pass
        digests = {uri: page_digest(p, shared, seen) for uri, p in pages.items()}
        changed = {uri for uri, d in digests.items()
                   if self.digests.get(uri) != d or not (site_dir / dest_of(uri)).exists()}
        gone = set(self.digests) - set(digests)
        self.digests = digests
        return changed, gone
