"""Republish only what changed (xuất bản lại phần thay đổi): the build cache in `.cache/exemplars/`.

A build keeps, for each generated page, the HTML its template gave and a fingerprint of everything
that HTML was made from: the page's planned context, i.e. the records and fields it shows (its
dependency map, `incremental.page_digest`), plus a key shared by all pages. The next build plans
every page again (cheap next to rendering), and a page whose fingerprint is in the cache is not
converted from Markdown nor rendered: its stored HTML goes to MkDocs, which writes it as usual.
A one-record change therefore re-renders that story and the lists, unit pages, dashboards and
registration lists whose context holds the record; feeds, JSON and CSV files are written from the
catalog on every build (they are fast).

The shared key covers what any page may show beyond its own context: the catalog's units, campaigns
and any other collection it gains (not its records, not `today`: a template reads a record or the
date from its context), every photo's renditions, mkdocs.yml, the hand-written pages (their titles
are in the nav), every template and asset of our theme (by content, so a cache restored in CI on a
fresh checkout still matches; Material's by its version), our code, the versions of MkDocs,
Material, Markdown, Jinja and Python (and SOURCE_DATE_EPOCH if our theme prints the build date:
it changes with every commit). A miss costs a render, never a
wrong page: tests/test_buildcache.py compares a cached build with a clean build after edits.

The search bundle is kept with its postings and a digest of what each record's result is made of
(search_records.py): an edit that changes no record (a photo, a template) reuses it; any other
patches it, counting the words of the changed records only (search_patch.py; in a worker,
alongside the pages).

Layout: `manifest.json` (key, page → fingerprint), `pages/<fingerprint>` (HTML as UTF-8),
`search/<digest>.pickle` (a search_patch.SearchState). Entries a build no longer uses are removed
after it succeeds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import pickle
import shutil
import struct
import sys
import sysconfig
import uuid
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Container, Iterable

from .model import Catalog

log = logging.getLogger("mkdocs.plugins.exemplars")

FOLDER = ".cache/exemplars"
#: Bump when the cache's layout or meaning changes.
FORMAT = "2"
_PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "Markdown", "Jinja2", "pymdown-extensions", "nh3")


def _hash_tree(h, folder: Path) -> bool:
    """Add a folder's files to `h`; True if one of them may print the build's date."""
    dated = False
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(root) / name
            data = path.read_bytes()
            h.update(f"{path.relative_to(folder)}\0".encode())
            h.update(data)
            dated = dated or b"build_date" in data or b"update_date" in data
    return dated


def _versions() -> str:
    found = []
    for name in _PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return f"{sys.version};{';'.join(found)}"


def shared_key(catalog: Catalog, config_file: str | None, docs_dir: str, theme_dirs: Iterable[str],
               pictures: Any = None) -> str:
    """`pictures` (photos.Pictures): templates draw every photo and placeholder from it."""
    h = hashlib.sha256(f"{FORMAT};{_versions()}".encode())
    if pictures is not None:  # sizes and rendition paths, not where the encoded files are cached
        h.update(repr((sorted(pictures.photos.items()), sorted(pictures.placeholders.items()))).encode())
    for f in dataclasses.fields(catalog):
        if f.name not in ("exemplars", "warnings", "today"):  # whole: pages name units by id only
            value = getattr(catalog, f.name)
            h.update(repr((f.name, sorted(value.items()) if isinstance(value, dict) else value)).encode())
    if config_file and os.path.isfile(config_file):
        h.update(Path(config_file).read_bytes())
    installed = tuple(filter(None, {sysconfig.get_paths().get("purelib"), sysconfig.get_paths().get("platlib")}))
    for folder in [docs_dir, *theme_dirs]:
        # An installed theme (Material, 61 MB of templates and icons) by its version, above.
        if os.path.isdir(folder) and not os.path.abspath(folder).startswith(installed):
            if _hash_tree(h, Path(folder)):
                # The build's date (SOURCE_DATE_EPOCH: the last commit) changes on every push;
                # only a theme that prints it makes it part of the key (Material 9.8.1 does not).
                h.update(f"epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    _hash_tree(h, Path(__file__).parent)  # our code, however it is installed
    return h.hexdigest()


def search_bundle(catalog: Catalog, cache: BuildCache | None,
                  present: Callable[[str, bytes], bool] | None = None) -> tuple[str | None, dict[str, bytes], frozenset]:
    """The search bundle's files of `catalog` (search.bundle_files), through the cache if any, and
    those `present` says the site holds already (search.held_files; a delta build's)."""
    from . import search, search_records

    if cache is None:
        digest, files = None, search.bundle_files(search_records.documents(catalog))
    else:
        digest, files = cache.search_files(search_records.of_catalog(catalog))
    return digest, files, search.held_files(files, present)


class BuildCache:
    """The page and search caches of one project (`root`: the folder of mkdocs.yml)."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self.pages_dir = self.folder / "pages"
        self.used: dict[str, str] = {}  # page → fingerprint, this build
        self.search_used: str | None = None  # digest of the search documents, this build
        self.token: str | None = None  # this build's manifest, once committed (delta.py)
        try:
            manifest = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                raise ValueError("another layout")
            self.previous: dict[str, str] = dict(manifest.get("pages", {}))  # page → fingerprint
            self.previous_key: str | None = manifest.get("key")
            self.previous_assets: dict[str, str] = dict(manifest.get("assets", {}))  # path → sha1
        except (OSError, ValueError, AttributeError):
            self.previous, self.previous_key, self.previous_assets = {}, None, {}
        self.assets: dict[str, str] = {}  # generated files (CSV, JSON, feeds) → sha1, this build
        self.known = set(self.previous.values())
        self.key: str | None = None  # the shared key of this build (shared_key)

    def has(self, fingerprint: str) -> bool:
        return fingerprint in self.known and (self.pages_dir / fingerprint).is_file()

    def reusable(self, fingerprints: dict[str, str], live: Container[str] | None,
                 dest: Callable[[str], str], converted: Callable[[str], bool]) -> set[str]:
        """The pages this build need neither convert nor render: with `live` (a delta build:
        the output paths site/ holds from the previous build) those whose fingerprint is the
        previous build's, else those the cache holds; never a page `converted(src_uri)` (MkDocs
        checks its links on every build)."""
        if live is not None:
            same = {uri for uri, fp in fingerprints.items() if self.previous.get(uri) == fp and dest(uri) in live}
        else:
            same = {uri for uri, fp in fingerprints.items() if self.has(fp)}
        return {uri for uri in same if not converted(uri)}

    def load(self, fingerprint: str) -> str:
        return (self.pages_dir / fingerprint).read_text(encoding="utf-8")

    def copy(self, fingerprint: str, target: str) -> None:
        """The page's bytes as MkDocs would write `load`'s text (UTF-8), file to file."""
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(self.pages_dir / fingerprint, target)

    def store(self, fingerprint: str, html: str) -> None:
        self.pages_dir.mkdir(parents=True, exist_ok=True)
        target = self.pages_dir / fingerprint
        if not target.exists():
            tmp = target.with_suffix(".tmp")
            tmp.write_text(html, encoding="utf-8")
            os.replace(tmp, target)

    def search_files(self, records: Any) -> tuple[str, dict[str, bytes]]:
        """The search bundle of `records` (search_records.SearchRecords) and its digest: the kept
        one if no record changed, the kept one patched (search_patch.py), or computed; kept for
        the next build. Keyed by the code that makes the records' texts and digests, counts, lays
        out and patches it."""
        from . import incremental, labels, model, search, search_patch, search_records, urls, vietnamese

        # The machine's byte order and int size: the state packs record ids as they are in memory.
        h = hashlib.sha256(f"{FORMAT};{_versions()};{sys.byteorder};{struct.calcsize('I')}".encode())
        # vietnamese: how words fold into tokens; incremental: the records' own digests.
        for module in (search, search_patch, search_records, vietnamese, labels, urls, model, incremental):
            h.update(Path(module.__file__).read_bytes())
        folder = self.folder / "search"
        state = search_patch.bundle_state(records, h.hexdigest(), self._search_state(folder))
        digest = state.digest
        path = folder / f"{digest}.pickle"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as out:  # streamed: a third of the CPU of dumps() and one 20 MB write
                pickle.dump(state, out, protocol=5)
            os.replace(tmp, path)
        return digest, state.files

    @staticmethod
    def _search_state(folder: Path) -> Any:
        """The newest search state kept (normally the only one: `commit` keeps the one its build
        used; a failed build may leave its own beside it, as good a base for a patch)."""
        from .search_patch import SearchState

        try:
            newest = max(folder.glob("*.pickle"), key=lambda path: path.stat().st_mtime_ns, default=None)
            state = None
            if newest:
                with open(newest, "rb") as kept:
                    state = pickle.load(kept)  # noqa: S301 - ours, written above
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return state if isinstance(state, SearchState) else None

    def commit(self) -> None:
        """After a successful build: the manifest, and no entry this build did not use."""
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = set(self.used.values())
        if self.pages_dir.is_dir():
            for path in self.pages_dir.iterdir():
                if path.name not in keep:
                    path.unlink(missing_ok=True)
        search = self.search_used
        if search and (self.folder / "search").is_dir():
            for path in (self.folder / "search").iterdir():
                if path.name != f"{search}.pickle":
                    path.unlink(missing_ok=True)
        self.token = uuid.uuid4().hex
        tmp = self.folder / "manifest.json.tmp"
        tmp.write_text(json.dumps({"format": FORMAT, "build": self.token, "key": self.key, "pages": self.used,
                                   "assets": self.assets},
                                  sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.folder / "manifest.json")
