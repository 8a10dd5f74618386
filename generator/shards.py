"""Sharded pickle files (tệp đệm chia mảnh), the layout every per-record cache uses.

A cache of thousands of small results is split into numbered files (`NN.pickle`), so that a
one-record edit rewrites one small file, not all of it. Each file starts with a header (the
format and whatever its entries depend on: our code, the content's context); a file with
another header counts as empty. `recordcache.py` (checked records) and `pages/fragments.py`
(planners' per-record bytes) both keep theirs this way.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path


def read(path: Path, header: object) -> dict:
    """The entries of the shard at `path`; {} if it is missing or written with another header.
    A damaged file raises (the caller says so and computes afresh)."""
    entries = read_one(path, header, {})
    if not isinstance(entries, dict):
        raise TypeError("not a dict")
    return entries


def read_one(path: Path, header: object, missing: object = None) -> object:
    """The value kept at `path` under `header`; `missing` if there is none or it was written with
    another header. A damaged file raises."""
    try:
        with open(path, "rb") as fh:
            if pickle.load(fh) != header:  # noqa: S301 - our own files (`write`)
                return missing
            return pickle.load(fh)  # noqa: S301
    except FileNotFoundError:
        return missing


def write(folder: Path, number: int, header: object, entries: dict) -> None:
    """Write shard `number` of `folder` whole or not at all (OSError: nothing replaced)."""
    write_one(folder, f"{number:02d}", header, entries)


def write_one(folder: Path, name: str, header: object, value: object) -> None:
    """Write `value` under `header` to `folder`/`name`.pickle, whole or not at all."""
    tmp = folder / f"{name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(header, fh, protocol=5)
            pickle.dump(value, fh, protocol=5)
        os.replace(tmp, folder / f"{name}.pickle")
    except OSError:
        if os.path.isfile(tmp):
            os.unlink(tmp)
        raise
