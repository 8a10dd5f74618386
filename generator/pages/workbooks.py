"""The site's registration workbooks (.xlsx), written by a worker process while MkDocs renders,
and kept in the build cache between builds.

openpyxl needs about 3.5 ms of CPU per sheet: at 10,000 records the site's 5,224 lists (in 1,076
workbooks) take 18 s, which would add that much to every build. So:

- A build that keeps a cache (`start(cache)`) looks each workbook up by the digest of what it is
  made of (its sheets' layouts, its date, the writing code: `workbook_cache.py`): after a
  one-record edit only the workbooks of the lists that record is on are written again.
- MkDocs renders pages meanwhile; a worker process on another core makes the layouts, digests
  and missing workbooks, and the plugin writes them into the site after the pages
  (`LaterAsset`). The worker is forked: it shares the catalog without copying or pickling it
  and rebuilds the same lists (`registration.lists` is deterministic), so a job is a few list
  numbers and a date, and the bytes are the same as written in-process (tested). Forking is safe
  only in a process with one thread (a thread's locks would be copied held), and "spawn" would
  re-run an unguarded `__main__` script and can hang: so a process with threads (the preview
  server), a machine with one core, a system without fork, or a small site (starting a worker
  costs more than it saves) writes them in-process.
- The layouts themselves are not made again for a workbook whose lists and catalog are those
  of a workbook the cache holds: `workbook-inputs/` (fragments.py) maps the digest of what the
  layouts are made of (the lists' digests, `registration._digest`, the units, campaigns, date
  and our code) to the workbook's digest. Making the 5,224 layouts and their digests after a
  one-record edit took the worker 1.3 s of CPU at 10,000 records, for the three that changed.
- Without a build cache (a preview's rebuilds) the workbooks written in-process are kept in
  memory for the next rebuild (`RECENT`).
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ..incremental import record_digest
from ..model import Catalog
from ..workbook_cache import MemoryCache, WorkbookCache, digest, version
from . import LaterAsset
from .fragments import Fragments

log = logging.getLogger("mkdocs.plugins.exemplars")

#: From this many workbooks on, a worker process writes them.
PARALLEL_FROM = 60

#: The workbooks last written in-process without a build cache (a preview's rebuilds).
RECENT = MemoryCache()

_catalog: Catalog | None = None
_lists: list = []
_cache: WorkbookCache | None = None


def _start(catalog: Catalog, cache: WorkbookCache | None) -> None:
    """Worker initialiser: the catalog, its lists in the planner's order, the cache if any."""
    global _catalog, _lists, _cache
    from .registration import lists

    _catalog, _lists, _cache = catalog, lists(catalog), cache


def _write(numbers: list[int], stamp: date, known: str | None = None) -> tuple[str, bytes | None]:
    return _made(_catalog, [_lists[n] for n in numbers], stamp, _cache, known)


def layout(reg: Any, catalog: Catalog, lines: dict) -> Any:
    """`exports.registration.layout`, imported when first needed: it imports python-docx (a tenth
    of a second), which a build whose workbooks are all cached never needs."""
    from ..exports.registration import layout as made

    return made(reg, catalog, lines)


def write_workbook(sheets: list, stamp: date) -> bytes:
    """`exports.registration.write_workbook`, imported when first needed (see `layout`)."""
    from ..exports.registration import write_workbook as written

    return written(sheets, stamp)


def _made(catalog: Catalog | None, regs: list, stamp: date,
          cache: WorkbookCache | MemoryCache | None, known: str | None = None) -> tuple[str, bytes | None]:
    """A workbook's digest and bytes; None for bytes the cache already holds (read them there).
    `known`: the digest of a workbook made of the same inputs (`Workbooks.start`)."""
    assert catalog is not None
    if known is not None and cache is not None and cache.has(known):
        return known, None
    sheets = [layout(reg, catalog, {}) for reg in regs]
    key = digest(sheets, stamp)
    if cache is not None and cache.has(key):
        return key, None
    data = write_workbook(sheets, stamp)
    if cache is not None:
        cache.store(key, data)
    return key, data


class Workbooks:
    """Workbooks to write: `asset` (or `add`) them while planning; `start` hands them to a worker
    (once, and only for a site build), with the build cache if it keeps one; `result(n)` gives
    workbook n's bytes, in-process if not started; `commit` after a successful build."""

    def __init__(self, catalog: Catalog, parallel_from: int | None = None) -> None:
        self.catalog = catalog
        self.threshold = PARALLEL_FROM if parallel_from is None else parallel_from
        self.jobs: list[tuple[list[int], list, date]] = []
        self.assets: list[LaterAsset | None] = []
        self.futures: dict[int, Future] = {}  # job → its worker's result (jobs to make only)
        self.started = False
        self.cache: WorkbookCache | None = None
        self.digests: dict[int, str] = {}  # job → digest, once its result is known
        self.inputs: Fragments | None = None  # digest of a job's inputs → its workbook's digest
        self.input_keys: list[str] = []
        self.known: list[str | None] = []  # per job: the digest its inputs had before (`start`)

    def add(self, numbers: list[int], regs: list, stamp: date) -> int:
        """`numbers`: the lists' places in `registration.lists(catalog)`; `regs`: the lists."""
        self.jobs.append((numbers, regs, stamp))
        self.assets.append(None)
        return len(self.jobs) - 1

    def asset(self, path: str, numbers: list[int], regs: list, stamp: date) -> LaterAsset:
        """The workbook of `regs` as a file of the site at `path`."""
        n = self.add(numbers, regs, stamp)
        item = LaterAsset(path, partial(self.result, n), self.start, self.commit)
        self.assets[n] = item
        return item

    def start(self, cache: Any = None) -> None:
        """`cache`: the build's cache (`buildcache.BuildCache`, its `folder`), None for none."""
        if self.started:
            return
        self.started = True
        known: list[str | None] = [None] * len(self.jobs)
        if cache is not None:
            self.cache = WorkbookCache(Path(cache.folder))
            self.inputs = Fragments(Path(cache.folder), "workbook-inputs")
            self.input_keys = self._input_keys()
            known = [found.decode() if (found := self.inputs.kept.get(k)) else None for k in self.input_keys]
        self.known = known
        # A job whose workbook the cache holds by its inputs is only read there, in this process:
        # after a one-record edit the worker gets the few workbooks to make, not 1,076 round trips.
        todo = [n for n, found in enumerate(known) if found is None or self.cache is None or not self.cache.has(found)]
        cores = os.cpu_count() or 1
        if (not todo or len(self.jobs) < self.threshold or cores < 2 or threading.active_count() > 1
                or "fork" not in multiprocessing.get_all_start_methods()):
            return
        try:  # with "fork" the pool starts its workers now, before its own manager thread
            pool = ProcessPoolExecutor(max_workers=max(1, min(2, cores - 1)),
                                       mp_context=multiprocessing.get_context("fork"),
                                       initializer=_start, initargs=(self.catalog, self.cache))
            self.futures = {n: pool.submit(_write, self.jobs[n][0], self.jobs[n][2], known[n]) for n in todo}
            pool.shutdown(wait=False)  # the worker finishes the queued jobs, then exits
        except (OSError, ValueError) as exc:
            log.info("registration workbooks written in-process (%s)", exc)
            self.futures = {}

    def result(self, n: int) -> bytes:
        _, regs, stamp = self.jobs[n]
        # In-process without a build cache: the workbooks of this process's last build (RECENT).
        cache = self.cache if self.cache is not None or self.futures else RECENT
        known = self.known[n] if self.started else None
        future = self.futures.get(n)
        key, data = future.result() if future is not None else _made(self.catalog, regs, stamp, cache, known)
        if data is None:
            assert cache is not None
            data = cache.load(key)
            if data is None:  # gone from the cache since the worker looked: written here
                key, data = _made(self.catalog, regs, stamp, None)
        self.digests[n] = key
        if self.inputs is not None:
            self.inputs.used[self.input_keys[n]] = key.encode()
        item = self.assets[n]
        if item is not None:
            item.digest = key
            item.unchanged = cache is not None and cache.previous.get(item.path) == key
        if cache is RECENT and len(self.digests) == len(self.jobs):
            RECENT.commit(self._used())  # no build cache to commit after the build: now
        return data

    def commit(self) -> None:
        """After a successful build: the cache keeps the workbooks this build wrote, no other."""
        if self.cache is not None and len(self.digests) == len(self.jobs):
            self.cache.commit(self._used())
            if self.inputs is not None:
                self.inputs.write()

    def _input_keys(self) -> list[str]:
        """Each job's inputs: its lists (their digests cover their unit, year, rows, records and
        the rows' units), its date, the units and campaigns (names and places in headings, plan
        references), and our code and the writing libraries' versions (`version`)."""
        from ..recordcache import _code

        shared = hashlib.sha1(repr((_code(), version(), sorted(self.catalog.units.items()),
                                    sorted(self.catalog.campaigns.items()))).encode()).hexdigest()
        return [hashlib.sha1(repr((shared, stamp.isoformat(), [record_digest(reg) for reg in regs])).encode()).hexdigest()
                for _, regs, stamp in self.jobs]

    def _used(self) -> dict[str, str]:
        return {item.path if item is not None else str(n): self.digests[n] for n, item in enumerate(self.assets)}
