"""Re-render only what changed while editors preview (`mkdocs serve --dirty`).

MkDocs re-renders every generated page on each rebuild; at 10,000 records that is most of a
minute per keystroke. A page's output depends on its planned context, on shared data (units,
campaigns) and on the templates, so a fingerprint of those decides whether its previous output,
still in the serve folder, can stay.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import shutil
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from . import urls
from .lazytext import at_least, waiting
from .model import Campaign, Catalog, Unit
from .pages import VirtualPage, gc_paused

log = logging.getLogger("mkdocs.plugins.exemplars")


def _fields(cls: type) -> tuple[tuple[str, ...], bool] | None:
    """A dataclass's field names and whether it is frozen; None for any other type (memoised)."""
    try:
        return _FIELDS[cls]
    except KeyError:
        found = None
        if dataclasses.is_dataclass(cls):
            found = (tuple(f.name for f in dataclasses.fields(cls)), cls.__dataclass_params__.frozen)
        _FIELDS[cls] = found
        return found


_FIELDS: dict[type, tuple[tuple[str, ...], bool] | None] = {}
#: What one fingerprinting pass has described: id → (the object, its digest).
Seen = dict[int, tuple[Any, str]]
#: Values described by themselves (their repr is stable): the leaves of a context.
_PLAIN = frozenset({int, float, bool, type(None), date, datetime})
#: Values that never carry a memo.
_CONTAINERS = frozenset({str, tuple, list, dict})
#: Strings from this length on are described by a digest of their UTF-8 bytes: a story's repr
#: costs ten times its encoding.
_LONG = 256
#: Lists from this length on are described by a digest, once per pass (`seen`).
_LONG_LIST = 32
#: Where a frozen record keeps its digest (in its __dict__, beside `cached_property` values).
_MEMO = "_exemplars_fingerprint"
#: Where it keeps its digests of views (`register_view`), all in one dict: a key of its own for
#: each took an Exemplar's __dict__ past the keys CPython shares between instances (30), and
#: every record's dict then held its own table: 1.5 KB a record (75 MB at 50,000 records).
_VIEW_MEMO = "_exemplars_views"


def _record(value: Any, cls: type, names: tuple[str, ...], frozen: bool, seen: Seen) -> str:
    """Digest of a dataclass instance's fields, computed once: a frozen one keeps it on itself for
    the rest of the process (its fields cannot be reassigned: the catalog's records are immutable
    all the way down, and the planners' own frozen rows are made anew by each planning), any
    other one in `seen` for this pass. While a view is described (`view_digest`), every record
    is kept in `seen` only: a digest of part of a record never stands for the whole of it."""
    if _VIEWS:
        view = _VIEWS.get(cls)
        memo = getattr(value, "__dict__", None) if frozen and view is not None else None
        if memo is None:
            shown = view or names
            return _once(value, seen, lambda: _record_digest(value, cls, shown, seen, view is not None))
        views = memo.get(_VIEW_MEMO)  # kept on the record too, beside its digest
        found = views.get(_view_key(view)) if views else None
        if found is None:
            found = _record_digest(value, cls, view, seen, True)
            memo[_VIEW_MEMO] = {**(views or {}), _view_key(view): found}
        return found
    memo = getattr(value, "__dict__", None) if frozen else None
    if memo is None:
        return _once(value, seen, lambda: _record_digest(value, cls, names, seen))
    found = memo.get(_MEMO)
    if found is None:
        found = memo[_MEMO] = _record_digest(value, cls, names, seen)
    return found


def remember_digest(record: Any, digest: str) -> None:
    """Give a frozen record made by a planner the digest its maker computed, faster, from all
    it is made of (pages/registration.py): fingerprints take it instead of describing its fields."""
    assert (_fields(type(record)) or ((), False))[1], f"{type(record).__name__} is not a frozen record"
    record.__dict__[_MEMO] = digest


def record_digest(record: Any, keep_inner: bool = True) -> str:
    """The digest of a frozen record (an Exemplar): what a page fingerprint says of it, kept on
    it. Also a key for what is made of the record alone (pages/fragments.py). `keep_inner=False`:
    its events, awards, photos… do not keep theirs (a page that shows one alone describes it
    again): the record cache pickles every record, and a digest on each of 100,000 inner
    records doubles the time of reading it."""
    found = record.__dict__.get(_MEMO)
    if found is not None and not _VIEWS:
        return found  # asked 130,000 times a planning, of 10,000 records
    cls = type(record)
    names, frozen = _fields(cls) or ((), False)
    assert frozen, f"{cls.__name__} is not a frozen record"
    found = _record(record, cls, names, frozen, {})
    if not _VIEWS:
        for view in _REGISTERED.get(cls, ()):  # kept with it too (the record cache pickles them)
            _VIEWS[cls] = view
            try:
                _record(record, cls, names, frozen, {})
            finally:
                _VIEWS.clear()
    if not keep_inner:
        for name in names:
            value = getattr(record, name)
            for inner in value if type(value) is tuple else (value,):
                memo = getattr(inner, "__dict__", None)
                if memo:
                    memo.pop(_MEMO, None)
    return found


def record_digests(records: list[Any]) -> list[str]:
    """`record_digest` of each of `records`, the digests they keep read in one pass (a list
    page's twenty records, 71,000 asks over the browse lists at 10,000 records)."""
    found = [record.__dict__.get(_MEMO) for record in records]
    if _VIEWS or None in found:
        return [record_digest(record) for record in records]
    return found


def _record_digest(value: Any, cls: type, names: tuple[str, ...], seen: Seen, part: bool = False) -> str:
    fields = _many([getattr(value, name) for name in names], seen)
    return hashlib.sha1(repr((cls.__name__, names, fields) if part else (cls.__name__, fields)).encode()).hexdigest()


#: While `view_digests` runs: record class → the only fields described of its instances.
_VIEWS: dict[type, tuple[str, ...]] = {}
#: Views planners describe records by (`register_view`): `record_digest` works them out too.
_REGISTERED: dict[type, list[tuple[str, ...]]] = {}


def register_view(cls: type, names: Iterable[str]) -> tuple[str, ...]:
    """Declare that pages describe `cls` by `names` (`view_digests`): each record's digest of
    them is then worked out with its full digest (`record_digest`, when its file is checked) and
    kept with it. Returns the names."""
    view = tuple(names)
    if view not in _REGISTERED.setdefault(cls, []):
        _REGISTERED[cls].append(view)
    return view


@functools.lru_cache(maxsize=None)
def _view_key(names: tuple[str, ...]) -> str:
    # Interned, as unpickling interns __dict__ keys (the same pickles wherever a record was made).
    return sys.intern(f"{_MEMO}:{hashlib.sha1(chr(0).join(names).encode()).hexdigest()[:16]}")


def view_digest(record: Any, cls: type, view: tuple[str, ...]) -> str:
    """A frozen record's digest of the fields `view` names, as `view_digests` describes it; kept
    on the record (the record cache keeps it with it: `register_view`)."""
    views = record.__dict__.get(_VIEW_MEMO)
    found = views.get(_view_key(view)) if views else None
    if found is not None:
        return found
    if _VIEWS:
        raise RuntimeError("view_digest is not re-entrant")
    names, frozen = _fields(cls) or ((), False)
    assert frozen and type(record) is cls, f"{type(record).__name__} is not a frozen {cls.__name__}"
    _VIEWS[cls] = view
    try:
        return _record(record, cls, names, frozen, {})
    finally:
        _VIEWS.clear()


def view_digests(values: list[Any], views: dict[type, tuple[str, ...]]) -> list[str]:
    """A digest of each of `values` as a page fingerprint describes a context (`_shape`), each
    instance of a class in `views` described by the named fields only: for a page's
    `context_digest`, when its template shows only those fields of such records (the quota pages
    show a record's name, unit and registration date, not its story: pages/dashboard.py). One
    pass: what the values share is described once. Planning runs in one thread: the views hold
    for this call only."""
    if _VIEWS:
        raise RuntimeError("view_digests is not re-entrant")
    _VIEWS.update(views)
    seen: Seen = {}
    try:
        with gc_paused():
            return [hashlib.sha1(repr(_shape(value, seen)).encode("utf-8", "surrogatepass")).hexdigest()
                    for value in values]
    finally:
        _VIEWS.clear()


def _once(value: Any, seen: Seen, describe: Callable[[], str]) -> str:
    """`describe()` of `value`, once per pass. `seen` holds the value as well, so that no other
    object takes its id while the pass lasts."""
    found = seen.get(id(value))
    if found is None:
        found = seen[id(value)] = (value, describe())
    return found[1]


def _many(values: Iterable[Any], seen: Seen) -> tuple:
    """The shapes of a sequence's items. The common ones are inline: short text, numbers, dates,
    records already described (a list page is twenty of them)."""
    out = []
    append = out.append
    for v in values:
        cls = type(v)
        if (cls is str and len(v) < _LONG) or cls in _PLAIN:
            append(v)
            continue
        if cls is Unit:  # on every row of a list: by id, as in _shape
            append(("Unit", v.id))
            continue
        if cls in _CONTAINERS:  # no memo to look for (and no __dict__: looking is slow)
            append(_shape(v, seen) if v else ())
            continue
        if _VIEWS:  # no memo either (`_record`)
            append(_shape(v, seen))
            continue
        memo = getattr(v, "__dict__", None)
        found = memo.get(_MEMO) if memo else None
        append(_shape(v, seen) if found is None else found)
    return tuple(out)


def _shape(value: Any, seen: Seen) -> Any:
    """Stable, cheap description of a context value: what repr() would say, with each record
    (dataclass) replaced by a digest of its fields and units and campaigns by their ids (the
    shared key covers them). A record is on its story page, on eight or so lists and inside the
    quota rows of its unit and year; it is described once. Sets are sorted: the same across
    processes (a build cache keeps digests)."""
    cls = type(value)
    if cls is str:
        if len(value) < _LONG:
            return value
        # A story is in its record and is its page's Markdown: hashed once per pass.
        return ("str", _once(value, seen, lambda: hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()))
    if cls in _PLAIN:
        return value
    if cls is list or cls is tuple:
        if len(value) < _LONG_LIST:
            return _many(value, seen)
        # A long list is often shared by many pages (a list's page URLs, in every page's
        # Pagination): described once per pass.
        return ("list", _once(value, seen, lambda: hashlib.sha1(repr(_many(value, seen)).encode()).hexdigest()))
    if cls is dict:
        return tuple(zip(value, _many(value.values(), seen)))
    if cls is Unit or cls is Campaign:
        return (cls.__name__, value.id)
    record = _fields(cls)
    if record is not None:
        return _record(value, cls, record[0], record[1], seen)
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


def page_digest(page: VirtualPage, shared: str, seen: Seen | None = None) -> str:
    """Fingerprint of a page: everything its HTML is made from besides the shared key. `seen`
    keeps what one pass has described (records, long lists and texts) while they stay alive."""
    seen = {} if seen is None else seen
    h = hashlib.sha1(shared.encode())
    # A story page's Markdown is its record's story (this very text), which the record's digest
    # in the context covers: not hashed again (10,000 stories, 23 MB), nor decoded (lazytext.py).
    record = page.context.get("exemplar")
    source = waiting(page, "markdown")
    if source is not None and source.source is record and source.name == "story":
        own = at_least(record, "story", _LONG)
        markdown = "" if own else page.markdown
    else:
        markdown = page.markdown
        own = markdown is getattr(record, "story", None) and len(markdown) >= _LONG
    context = ("digest", page.context_digest) if page.context_digest else _shape(page.context, seen)
    h.update(repr((page.template, page.title, page.description, "exemplar.story" if own else _shape(markdown, seen),
                   context)).encode())
    return h.hexdigest()


#: Pages from which fingerprinting is shared with a forked worker (forking costs ~0.05 s).
SPLIT_FROM = 1000
#: Pages fingerprinted in a row by one process: neighbours share long lists (a list's page
#: URLs), which each process then describes once.
_RUN = 256


def fingerprints(pages: dict[str, VirtualPage], shared: str, workers: int = 1,
                 known: dict[str, str] | None = None) -> dict[str, str]:
    """Every page's fingerprint (`page_digest`), in one pass; `known`: those already computed
    (with the same `shared`: planfork.py). With `workers` > 1 and many pages, a forked worker
    fingerprints every other run of `_RUN` pages meanwhile (at 10,000 records a second of the
    main process's time, on the critical path of a one-record edit). A fingerprint is a digest
    of content, the same in any process."""
    if known:
        rest = fingerprints({uri: page for uri, page in pages.items() if uri not in known}, shared, workers)
        return {uri: known[uri] if uri in known else rest[uri] for uri in pages}
    seen: Seen = {}
    with gc_paused():
        if workers < 2 or len(pages) < SPLIT_FROM:
            return {uri: page_digest(page, shared, seen) for uri, page in pages.items()}
        from . import parallel  # imports MkDocs' build module: not for `exemplars check`

        items = list(pages.items())
        theirs = [item for n in range(_RUN, len(items), 2 * _RUN) for item in items[n:n + _RUN]]
        worker = parallel.Background(lambda: [page_digest(page, shared, {}) for _, page in theirs])
        mine = {uri: page_digest(page, shared, seen) for n in range(0, len(items), 2 * _RUN)
                for uri, page in items[n:n + _RUN]}
        mine.update(zip((uri for uri, _ in theirs), worker.result()))
        return {uri: mine[uri] for uri in pages}


@dataclasses.dataclass
class PageCache:
    """Fingerprints of the pages written by the previous build of this serve session."""

    digests: dict[str, str] = dataclasses.field(default_factory=dict)

    def changed(self, pages: dict[str, VirtualPage], catalog: Catalog, theme_dirs: list[str],
                site_dir: Path) -> set[str]:
        """Pages to render again; the output of pages gone since the last build is removed."""
        digests = fingerprints(pages, shared_digest(catalog, theme_dirs))
        changed = {uri for uri, d in digests.items()
                   if self.digests.get(uri) != d or not (site_dir / (urls.md_to_url(uri) + "index.html")).exists()}
        for uri in set(self.digests) - set(digests):
            shutil.rmtree(site_dir / urls.md_to_url(uri), ignore_errors=True)
        self.digests = digests
        log.info("exemplars: re-rendering %d of %d generated pages", len(changed), len(pages))
        return changed
