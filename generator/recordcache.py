"""The record cache (bộ nhớ đệm hồ sơ): what each content file yielded, so that an unchanged file is
neither parsed nor checked again.

At 10,000 records, reading and checking every YAML file takes seconds (the line-numbered parse,
the field types, the privacy patterns of every student's text). A build after a one-record edit
needs the result of one file; the others' results are kept here:

- in memory for the preview (`mkdocs serve`: the plugin's `yaml_cache` dict holds a `RecordCache`);
- on disk for builds with the `build_cache` option (`.cache/exemplars/records/` beside mkdocs.yml),
  in `SHARDS` pickles by a hash of the file's path, so that a one-record edit rewrites one small
  file; each written atomically after a load that changed it, holding only files that still exist.
  At 10,000 records (40 MB) reading them all takes about half a second, the Python objects being
  most of it; parsing and checking the files again takes 8–15 s.

An entry is the `FileResult` of one file: its typed record (or the reasons it is withheld), its
problems and warnings with their lines, its log notes. It is used only when everything it was
computed from is unchanged:

- the file's bytes: a digest; the file's stat (inode, size, times) stands in for them only when
  its times are older than the previous load by a margin, so an edit in the same clock tick as a
  load is never mistaken for no edit (git's "racily clean" rule); otherwise the bytes are read
  and hashed;
- the path shown to editors (it is in every problem and in the record's `source`);
- what the checks of one file read besides it (`context`): units.yml and plan.yml as loaded (the
  unit and campaign records), `today` (consent dates, scheduled publication), where content/media
  is, our code and the versions of Python and PyYAML;
- the photos the record names: whether each exists and is a regular file, and its stat (the
  check reads its first bytes), looked up again on every load. A photo behind a symbolic link,
  or changed moments ago, keeps its record out of the cache.

Checks across files (duplicate ids, news naming records) run on every load over the results.
A file that cannot be read (permissions, a FIFO, over the size limit) is never cached.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import stat
import sys
import time
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable, Optional, Union

import yaml

from . import shards as shards_file
from .loader import Document, Problem, parse, read

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Bump when FileResult or the layout of the files changes.
FORMAT = "records-1"
FOLDER = "records"
SHARDS = 32
#: Files and photos changed less than this long before a load are not trusted by their stat
#: (nanoseconds): file systems keep times in coarse ticks, and a clock may step.
RACY_NS = 2_000_000_000


@dataclass
class FileResult:
    """Kết quả một tệp hồ sơ: what one file of content/exemplars/ yields, alone.

    `error` when the file could not be parsed; otherwise the problems of its name (`head`), the
    line of its top (for a duplicate id, found across files), its raw `kind` (news posts ask),
    and what checking the record gave (`validate._exemplar`)."""

    error: Problem | None = None
    head: list[Problem] = field(default_factory=list)
    root_line: int = 1
    kind: Any = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: (status, Exemplar) of a valid record that is not published (draft, scheduled).
    withheld: list[tuple[str, Any]] = field(default_factory=list)
    #: Log lines of the check (scheduled, consent withdrawn), repeated on every load.
    notes: list[str] = field(default_factory=list)
    record: Any = None
    #: Photo file → absolute path of the published record's photos (Catalog.photo_files).
    photo_paths: dict[str, str] = field(default_factory=dict)


#: compute(document or problem, photo_seen) → FileResult: `validate` checks one file and calls
#: photo_seen(file) before it looks at each photo in content/media (None: nobody asks).
Compute = Callable[[Union[Document, Problem], Optional[Callable[[str], None]]], FileResult]


@cache
def _code() -> str:
    """Digest of our code (every .py of the package) and the versions parsing depends on."""
    h = hashlib.sha256(f"{FORMAT};{sys.version};{yaml.__version__};{yaml.__with_libyaml__}".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(f"{path.relative_to(package)}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def context(today: Any, units: dict, campaigns: dict, media_dir: Path) -> str:
    """Key of everything a file's result depends on besides its bytes, path and photos."""
    h = hashlib.sha256(_code().encode())
    h.update(repr((today, list(units.items()), list(campaigns.items()))).encode())
    h.update(f"\0{os.path.abspath(media_dir)}\0{os.path.realpath(media_dir)}".encode())
    return h.hexdigest()


def cache_folder(root: Path) -> Path:
    """Where a project (the folder of mkdocs.yml) keeps its record cache."""
    from . import buildcache

    return Path(root) / buildcache.FOLDER / FOLDER


def _shard(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS


def _signature(st: os.stat_result) -> tuple:
    return (st.st_mode, st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class RecordCache:
    """Results of content files by absolute path: (shown path, stat or None, digest, photos, result)."""

    def __init__(self) -> None:
        self.context: str | None = None
        self.entries: dict[str, tuple] = {}
        self.used: dict[str, tuple] = {}
        self.dirty: set[int] = set()  # shards to write again
        self.hits = 0
        self._since = 0
        self._media = ""
        self._dirs: dict[str, Any] = {}

    @classmethod
    def read(cls, folder: Path, context: str) -> RecordCache:
        """The cache kept in `folder` for `context`: a shard that is missing, damaged, or written
        for another context (other code, units, campaigns, day) counts as empty."""
        cache = cls()
        cache.context = context
        damaged = []
        enabled = gc.isenabled()  # off already during a whole load (validate.load_catalog)
        gc.disable()  # half the time of reading 10,000 records: collections of the growing heap
        try:
            for shard in range(SHARDS):
                path = folder / f"{shard:02d}.pickle"
                try:
                    cache.entries.update(_read_shard(path, context))
                except Exception as exc:  # noqa: BLE001 - a damaged cache costs a fresh load, never the build
                    damaged.append(f"{path.name} ({type(exc).__name__})")
        finally:
            if enabled:
                gc.enable()
        if damaged:
            log.info("exemplars: record cache files not used: %s", ", ".join(damaged))
        return cache

    def begin(self, context: str, media_dir: Path) -> None:
        """Start a load: forget every entry if what all of them depend on changed."""
        if context != self.context:
            self.context, self.entries, self.dirty = context, {}, set(range(SHARDS))
        self.used, self.hits = {}, 0
        self._since = time.time_ns() - RACY_NS
        self._media = os.fspath(media_dir)
        self._dirs = {}

    def result(self, path: Path, shown: str, compute: Compute) -> FileResult:
        """The result of the file at `path`: the cached one if still valid, else computed."""
        # The same file whether the project was named from its folder or not.
        return self.result_at(os.path.abspath(path), shown, compute)

    def result_at(self, key: str, shown: str, compute: Compute) -> FileResult:
        """`result` of the file at `key`, an absolute and normal path (`os.path.abspath`)."""
        entry = self.entries.get(key)
        if entry is not None and entry[0] != shown:
            entry = None
        try:
            st = os.lstat(key)
        except OSError:
            st = None
        sig = _signature(st) if st is not None and stat.S_ISREG(st.st_mode) else None
        raw: bytes | Problem | None = None
        if entry is not None and (sig is None or entry[1] != sig):
            raw = read(key, shown)  # changed times, or not trusted: the bytes decide
            if isinstance(raw, bytes) and _digest(raw) == entry[2]:
                if self._trusted(sig) != entry[1]:
                    entry = (shown, self._trusted(sig), *entry[2:])
                    self.dirty.add(_shard(key))
            else:
                entry = None
        if entry is not None and all(self._photo(file) == fact for file, fact in entry[3]):
            self.used[key] = entry
            self.hits += 1
            return entry[4]
        if raw is None:
            raw = read(key, shown)
        if isinstance(raw, Problem):
            return compute(raw, None)  # unreadable now; may be readable next time: not kept
        facts: list[tuple[str, Any]] = []
        # Each photo's facts are taken before the check reads it: a change after must miss.
        result = compute(parse(raw, shown), lambda file: facts.append((file, self._photo(file))))
        if all(fact is not None for _, fact in facts):
            self.used[key] = (shown, self._trusted(sig), _digest(raw), tuple(facts), result)
        self.dirty.add(_shard(key))
        return result

    def unchanged(self, keys: list[str], shown: dict[str, str]) -> dict[str, FileResult]:
        """Of the files at `keys` (as `result_at`'s), the results `result_at` would give from the
        cache without reading them (same shown path, same trusted stat, same photos), in one pass;
        the others are left to it."""
        found: dict[str, FileResult] = {}
        entries, used, lstat = self.entries, self.used, os.lstat
        for key in keys:
            entry = entries.get(key)
            if entry is None or entry[1] is None or entry[0] != shown[key]:
                continue
            try:
                st = lstat(key)
            except OSError:
                continue
            # Equal to a regular file's kept stat: a regular file still.
            if entry[1] == _signature(st) and all(self._photo(file) == fact for file, fact in entry[3]):
                used[key] = entry
                found[key] = entry[4]
        self.hits += len(found)
        return found

    def end(self) -> None:
        """After a load: keep the entries of files seen in it (a deleted file's entry goes)."""
        self.dirty.update(_shard(key) for key in self.entries.keys() - self.used.keys())
        self.entries, self.used = self.used, {}

    def write(self, folder: Path) -> None:
        """Write again, each atomically, the shards this load changed."""
        if not self.dirty:
            return
        shards: dict[int, dict[str, tuple]] = {shard: {} for shard in self.dirty}
        for key, entry in self.entries.items():
            if (shard := _shard(key)) in shards:
                shards[shard][key] = entry
        for shard, entries in sorted(shards.items()):
            _share(entries)
            try:
                shards_file.write(folder, shard, (FORMAT, self.context), entries)
                self.dirty.discard(shard)
            except OSError as exc:  # a read-only checkout still builds
                log.info("exemplars: record cache not written: %s", exc)
                return
        for tmp in folder.glob("*.tmp"):  # left by a build that was killed while writing
            try:
                if tmp.stat().st_mtime < time.time() - 3600:
                    tmp.unlink()
            except OSError:
                pass

    def _trusted(self, sig: tuple | None) -> tuple | None:
        """`sig` if the file's times are old enough to stand for its bytes next time."""
        return sig if sig is not None and max(sig[4], sig[5]) < self._since else None

    def _photo(self, file: str) -> Any:
        """What `record_rules.check_photo` reads of `file` on disk: for each part of its path below
        content/media (and media itself), a folder, a regular file's stat, or the error of lstat.
        None where that cannot stand for the check (a symlink, a pipe, a file changed moments
        ago): the record is then checked again on every load."""
        parts = Path(file).parts
        if not parts or ".." in parts or os.path.isabs(file):
            return ()  # refused by its name alone
        facts = [self._kind(self._media, True)]
        here = self._media
        for i, part in enumerate(parts):
            if facts[-1] != "dir":
                break
            here = os.path.join(here, part)
            facts.append(self._kind(here, i < len(parts) - 1))
        return None if None in facts else tuple(facts)

    def _kind(self, path: str, folder: bool) -> Any:
        if folder and path in self._dirs:
            return self._dirs[path]
        try:
            st = os.lstat(path)
        except OSError as exc:
            fact: Any = ("error", exc.errno)
        else:
            if stat.S_ISDIR(st.st_mode):
                fact = "dir"
            elif stat.S_ISREG(st.st_mode):
                sig = _signature(st)
                fact = ("file", *sig) if folder or self._trusted(sig) else None
            else:
                fact = None
        if folder:
            self._dirs[path] = fact
        return fact


def _share(entries: dict[str, tuple]) -> None:
    """One object for equal texts across the entries of a shard (unit and campaign ids, kinds,
    stages, positions, a record's source and its problems' path): pickle writes each once, and
    reading the shard makes one string where it made one per record (a fifth of the time of
    reading 10,000 records). Only equal strings are swapped in: no reader sees a difference."""
    pool: dict[Any, Any] = {}

    def text(value: str) -> str:
        return pool.setdefault(value, value)

    def fields(obj: Any) -> None:  # a record, one of its parts or a problem: its texts, its parts
        found = obj.__dict__
        for name, value in found.items():
            kind = type(value)
            if kind is str:
                found[name] = pool.setdefault(value, value)
            elif kind is tuple and value:
                if all(type(v) is str for v in value):
                    kept = pool.get(value)
                    found[name] = kept if kept is not None else pool.setdefault(value, tuple(map(text, value)))
                elif hasattr(type(value[0]), "__dataclass_fields__"):  # events, awards, photos…
                    for part in value:
                        fields(part)

    for key, entry in entries.items():
        result = entry[4]
        for problem in (*result.head, *result.problems, *result.warnings):
            fields(problem)
        for _, record in result.withheld:
            fields(record)
        if result.record is not None:
            fields(result.record)
        entries[key] = (text(entry[0]), *entry[1:])


def _read_shard(path: Path, context: str) -> dict[str, tuple]:
    return shards_file.read(path, (FORMAT, context))


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()
