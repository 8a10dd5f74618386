"""The site's registration workbooks (.xlsx), written by a worker process while MkDocs renders.

openpyxl needs about 10 ms of CPU per sheet: at 10,000 records the site's ~5,000 lists (in ~1,100
workbooks) took 29 s, which would add that much to every build. MkDocs renders pages on one
core; a worker process on another writes the workbooks meanwhile, and the plugin writes them into
the site after the pages (`LaterAsset`). The worker is forked: it shares the catalog without
copying or pickling it and rebuilds the same lists (`registration.lists` is deterministic), so a
job is a few list numbers and a date, and the bytes are the same as written in-process (tested).
Forking is safe only in a process with one thread (a thread's locks would be copied held), and
"spawn" would re-run an unguarded `__main__` script and can hang: so a process with threads (the
preview server), a machine with one core, a system without fork, or a small site (starting a
worker costs more than it saves) writes them in-process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date

from ..exports.registration import to_workbook
from ..model import Catalog

log = logging.getLogger("mkdocs.plugins.exemplars")

#: From this many workbooks on, a worker process writes them.
PARALLEL_FROM = 60

_catalog: Catalog | None = None
_lists: list = []


def _start(catalog: Catalog) -> None:
    """Worker initialiser: the catalog, and its lists in the planner's order."""
    global _catalog, _lists
    from .registration import lists

    _catalog, _lists = catalog, lists(catalog)


def _write(numbers: list[int], stamp: date) -> bytes:
    return to_workbook([_lists[n] for n in numbers], _catalog, stamp)


class Workbooks:
    """Workbooks to write: `add` them while planning; `start` hands them to a worker (once, and
    only for a site build); `result(n)` gives workbook n's bytes, in-process if not started."""

    def __init__(self, catalog: Catalog, parallel_from: int | None = None) -> None:
        self.catalog = catalog
        self.threshold = PARALLEL_FROM if parallel_from is None else parallel_from
        self.jobs: list[tuple[list[int], list, date]] = []
        self.futures: list[Future] = []
        self.started = False

    def add(self, numbers: list[int], regs: list, stamp: date) -> int:
        """`numbers`: the lists' places in `registration.lists(catalog)`; `regs`: the lists."""
        self.jobs.append((numbers, regs, stamp))
        return len(self.jobs) - 1

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        cores = os.cpu_count() or 1
        if (len(self.jobs) < self.threshold or cores < 2 or threading.active_count() > 1
                or "fork" not in multiprocessing.get_all_start_methods()):
            return
        try:  # with "fork" the pool starts its workers now, before its own manager thread
            pool = ProcessPoolExecutor(max_workers=max(1, min(2, cores - 1)),
                                       mp_context=multiprocessing.get_context("fork"),
                                       initializer=_start, initargs=(self.catalog,))
            self.futures = [pool.submit(_write, numbers, stamp) for numbers, _, stamp in self.jobs]
            pool.shutdown(wait=False)  # the worker finishes the queued jobs, then exits
        except (OSError, ValueError) as exc:
            log.info("registration workbooks written in-process (%s)", exc)
            self.futures = []

    def result(self, n: int) -> bytes:
        if self.futures:
            return self.futures[n].result()
        _, regs, stamp = self.jobs[n]
        return to_workbook(regs, self.catalog, stamp)
