"""Both cores for reading the records (đọc hồ sơ song song).

At 10,000 records, reading and checking the record files one by one takes about 7 s on a cold
build, and nothing else can start before the catalog exists. A forked worker checks the second
half of the files that need checking (not in the record cache) while the main process checks
the first half; the main process then takes the worker's results in file order. Problems,
warnings, notes and the catalog are those of a serial load, and so is the record cache: the
worker's new entries join the main process's (tests/test_loadahead.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from . import lazytext, parallel

if TYPE_CHECKING:
    from .recordcache import FileResult, RecordCache

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Fewer files to check than this: forking costs more than it saves.
MIN_FILES = 200


class LoadAhead:
    """Results of `check(path)` for `paths`, half of those to check computed by a worker."""

    def __init__(self, paths: list[str], check: Callable[[str], FileResult], records: RecordCache | None,
                 workers: int) -> None:
        """`paths`: absolute and normal (`os.path.abspath`), the record cache's keys."""
        self.check, self.records = check, records
        todo = paths if records is None else [p for p in paths if p not in records.entries]
        self.theirs: set[str] = set()
        self.results: dict[str, FileResult] | None = None
        self.job: parallel.Background | None = None
        if workers < 2 or len(todo) < MIN_FILES or not parallel.can_fork():
            return
        theirs = todo[len(todo) // 2:]
        self.theirs = set(theirs)
        hits = records.hits if records is not None else 0  # before the fork: counted here already

        def work() -> tuple[list, tuple | None]:
            results = [check(p) for p in theirs]
            lazytext.SEND_TEXT = True  # this worker's own copy of the module (forked)
            if records is None:
                return results, None
            keys = set(theirs)
            return results, ({k: v for k, v in records.used.items() if k in keys}, records.dirty,
                             records.hits - hits)

        self.job = parallel.Background(work)
        self.order = theirs

    def result(self, path: str) -> FileResult:
        if path not in self.theirs:
            return self.check(path)
        if self.results is None:
            self._collect()
        assert self.results is not None
        return self.results.pop(path)

    def _collect(self) -> None:
        assert self.job is not None
        results, cache = self.job.result()
        self.job = None
        self.results = dict(zip(self.order, results))
        if cache is not None and self.records is not None:
            used, dirty, hits = cache
            self.records.used.update(used)
            self.records.dirty |= dirty
            self.records.hits += hits

    def close(self) -> None:
        """After the load, or when it stopped early: no worker left behind."""
        if self.job is not None:
            self.job.close()
            self.job = None
