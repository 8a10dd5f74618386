"""Kept fragments (mảnh dữ liệu đã dựng): a planner's per-record bytes, kept between builds.

At 10,000 records api/exemplars.json is 44 MB of indented JSON, which Python's JSON encoder
writes in pure Python (its C encoder does not indent): a second of every build, the same
bytes for every record an edit did not touch. A record's fragment follows from what it is made
of (the record's digest, `incremental.record_digest`, and whatever else the caller puts in the
key: the unit's name, the site's URL) and from our code, so it is kept under a digest of those.

Layout: `.cache/exemplars/<name>/NN.pickle`, `SHARDS` files by the key's first characters, so
that a one-record edit rewrites two small files, not 44 MB. A shard holds the format and the
code's digest; a shard of other code, damaged or missing counts as empty. Entries the last
planning did not use are dropped when a shard is written. A key names content, never a place:
a stale entry can never be taken for a current one, so shards are written as soon as planning
is done, whether the build then succeeds or not.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Callable

from .. import shards as shards_file

log = logging.getLogger("mkdocs.plugins.exemplars")

FORMAT = "fragments-1"
SHARDS = 16


def key_of(*parts: object) -> str:
    """The key of a fragment made of `parts` (strings, numbers, None: their repr is stable)."""
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _shard(key: str) -> int:
    return int(key[:4], 16) % SHARDS


class Fragments:
    """The fragments of one kind (`name`), kept in `folder` (None: computed every time)."""

    def __init__(self, folder: Path | None, name: str) -> None:
        self.folder = folder / name if folder is not None else None
        self.version: tuple | None = None
        self.kept: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}
        self.made = 0
        if self.folder is not None:
            from ..recordcache import _code  # our code and the Python version: what makes the bytes

            self.version = (FORMAT, _code())
            for shard in range(SHARDS):
                self.kept.update(self._read(self.folder / f"{shard:02d}.pickle"))

    def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The fragment kept under `key`, else `make()` (and kept from now on)."""
        found = self.used.get(key)
        if found is None:
            found = self.kept.get(key)
            if found is None:
                found = make()
                self.made += 1
            if self.folder is not None:  # kept for the shards; without a folder it would only cost memory
                self.used[key] = found
        return found

    def write(self) -> None:
        """Write again, each atomically, the shards whose entries changed in this planning."""
        if self.folder is None:
            return
        changed = {_shard(k) for k in self.used.keys() - self.kept.keys()}
        changed |= {_shard(k) for k in self.kept.keys() - self.used.keys()}
        if not changed:
            return
        shards: dict[int, dict[str, bytes]] = {n: {} for n in changed}
        for key, data in self.used.items():
            if (n := _shard(key)) in shards:
                shards[n][key] = data
        try:
            for n, entries in sorted(shards.items()):
                shards_file.write(self.folder, n, self.version, entries)
        except OSError as exc:  # a read-only checkout still builds
            log.info("exemplars: %s cache not written: %s", self.folder.name, exc)
            return
        self.kept = dict(self.used)

    def _read(self, path: Path) -> dict[str, bytes]:
        try:
            return shards_file.read(path, self.version)
        except Exception as exc:  # noqa: BLE001 - a damaged cache costs a fresh computation, never the build
            log.info("exemplars: %s not used (%s)", path, type(exc).__name__)
            return {}
