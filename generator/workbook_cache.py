"""The registration workbooks' cache (bộ nhớ đệm bảng tính đăng ký): `.cache/exemplars/workbooks/`.

A site workbook's bytes follow from its sheets' layouts (`exports.registration.SheetLayout`:
every value and look of every cell, merges, row heights), the date stamped into it, the code that
turns layouts into bytes (WRITERS) and the versions of what it calls (openpyxl, lxml, et_xmlfile,
Python and its zlib). Their digest names the workbook's file here. The code that makes a layout
from the records need not be in it: its result is. So a record's edit changes the layouts of the
lists it is on, and only those workbooks are written again (some 4 ms of CPU a sheet, ~20 s for
the ~5,000 sheets of 10,000 records with openpyxl, a fifth of it since sheetxml.py); a change elsewhere in our code changes none.

`manifest.json` holds what the last successful build wrote: site path → digest. After a build
the files it did not use are removed (`commit`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
from functools import cache
from importlib import metadata
from pathlib import Path

#: Inside the build cache folder (`buildcache.FOLDER`).
FOLDER = "workbooks"
#: Bump when the meaning of a digest changes without a change in generator/ (never so far).
FORMAT = "1"
_PACKAGES = ("openpyxl", "lxml", "et_xmlfile")
#: Our modules that turn a layout into bytes (`registration.write_workbook`, `office.xlsx_bytes`)
#: or give a digest its meaning. Writing moved elsewhere must be named here.
WRITERS = ("exports/registration.py", "exports/sheetxml.py", "exports/office.py", "workbook_cache.py",
           "places.py")


@cache
def version() -> str:
    """The writing code's and libraries' versions: what turns layouts into bytes."""
    h = hashlib.sha256(f"{FORMAT};{sys.version};zlib={zlib.ZLIB_RUNTIME_VERSION}".encode())
    for name in _PACKAGES:
        try:
            h.update(f";{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f";{name}=-".encode())
    code = Path(__file__).parent
    for name in WRITERS:
        h.update(f"{name}\0".encode())
        h.update((code / name).read_bytes())
    return h.hexdigest()


def digest(sheets: list, stamp) -> str:
    """The digest of a workbook made of `sheets` (layouts) dated `stamp`."""
    h = hashlib.sha256(f"{version()};{stamp.isoformat()}".encode())
    for sheet in sheets:
        h.update(repr(sheet.key()).encode())
    return h.hexdigest()


class WorkbookCache:
    """Workbooks by digest in `<build cache folder>/workbooks/`; the worker process that writes
    workbooks stores them (`store`), the build reads and commits."""

    def __init__(self, build_cache_folder: Path) -> None:
        self.folder = Path(build_cache_folder) / FOLDER
        try:
            manifest = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
            self.previous: dict[str, str] = dict(manifest["paths"]) if manifest.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.previous = {}

    def _file(self, digest_: str) -> Path:
        return self.folder / f"{digest_}.xlsx"

    def has(self, digest_: str) -> bool:
        return self._file(digest_).is_file()

    def load(self, digest_: str) -> bytes | None:
        try:
            return self._file(digest_).read_bytes()
        except OSError:
            return None

    def store(self, digest_: str, data: bytes) -> None:
        """Written under a temporary name, then renamed: a reader never sees half a workbook."""
        target = self._file(digest_)
        if target.is_file():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{digest_}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)

    def commit(self, used: dict[str, str]) -> None:
        """After a successful build: `used` (site path → digest) becomes the manifest, and every
        other file goes (workbooks no build uses any more, leftovers of an interrupted one)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = {f"{d}.xlsx" for d in used.values()}
        for path in self.folder.iterdir():
            if path.name not in keep and path.name != "manifest.json":
                path.unlink(missing_ok=True)
        tmp = self.folder / "manifest.json.tmp"
        tmp.write_text(json.dumps({"format": FORMAT, "paths": used}, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.folder / "manifest.json")
        self.previous = dict(used)


class MemoryCache:
    """Workbooks by digest in this process's memory, for the builds that keep no build cache and
    write their workbooks in-process: a preview's rebuilds (`mkdocs serve`), which then write
    again only the workbooks an edit changed. Holds the last build's workbooks, no more."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.previous: dict[str, str] = {}

    def has(self, digest_: str) -> bool:
        return digest_ in self.files

    def load(self, digest_: str) -> bytes | None:
        return self.files.get(digest_)

    def store(self, digest_: str, data: bytes) -> None:
        self.files[digest_] = data

    def commit(self, used: dict[str, str]) -> None:
        self.files = {d: self.files[d] for d in set(used.values()) if d in self.files}
        self.previous = dict(used)
