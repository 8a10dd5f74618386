"""Republish only what changed, in place (cập nhật phần thay đổi): the delta build.

A full build renders the whole site into a new folder and swaps it for `site/`. When `site/` is
exactly what the previous cached build left there (every file's path, size and modification time,
recorded in `.cache/exemplars/site.json`), `exemplars build` instead runs MkDocs' dirty build into
an empty staging folder: a generated page whose fingerprint (buildcache.py) is unchanged is
neither rendered nor written, a static file unchanged since it was copied into `site/` is not
copied again, and the files every build writes (feeds, JSON, CSV, search bundle, sitemap) are
staged. When the build has succeeded, the staged files that differ from `site/`'s move there, one
atomic rename each, and the files the new site no longer has (a deleted record's story, a list
page gone) are removed. A failed build changes nothing in `site/`; a reader may see, for the
milliseconds the moves take, some pages new and some old, which a full build's folder swap avoids.

The result is byte for byte the site a clean build makes (tests/test_buildcache.py).
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import logging
import os
import pickle
import signal
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.exemplars")

#: What `site/` held after the last build through the cache: {"site": path, "listing": digest}.
RECORD = "site.json"

Listing = dict[str, tuple[int, int]]  # relative path → (size, mtime in ns)


def listing(folder: Path) -> Listing:
    """Every regular file under `folder` (os.scandir: ~0.2 s for a 10,000-record site)."""
    found: Listing = {}
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    found[rel] = (st.st_size, st.st_mtime_ns)
    return found


def _digest(files: Listing) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        size, mtime = files[rel]
        h.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return h.hexdigest()


def remember(cache_folder: Path, site: Path, build: str, files: Listing | None = None) -> None:
    """After a successful build: what `site` now holds, for the next build to trust it.
    `build`: the token of the cache manifest that build wrote (BuildCache.commit); a later
    build that commits its manifest but fails to update site/ leaves the two apart, and the
    next build then trusts neither."""
    cache_folder.mkdir(parents=True, exist_ok=True)
    record = {"site": str(site), "build": build,
              "listing": _digest(listing(site) if files is None else files)}
    tmp = cache_folder / f"{RECORD}.tmp"
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, cache_folder / RECORD)


def trusted(cache_folder: Path, site: Path) -> Listing | None:
    """`site`'s files if they are exactly what the last cached build left, else None."""
    pending = trusted_later(cache_folder, site, fork=False)
    return pending.result() if pending is not None else None


def trusted_later(cache_folder: Path, site: Path, fork: bool = True) -> PendingListing | None:
    """None if `site` cannot be what the last cached build left (no record of it, another
    build's manifest since); else its listing, compared with the record when `result()` is
    asked. With `fork`, a child process lists the folder meanwhile (21,000 files at 10,000
    records: a quarter of a second the main process spends loading the catalog instead)."""
    try:
        record = json.loads((cache_folder / RECORD).read_text(encoding="utf-8"))
        manifest = json.loads((cache_folder / "manifest.json").read_text(encoding="utf-8"))
        if (record.get("site") != str(site) or record.get("build") != manifest.get("build")
                or not site.is_dir() or site.is_symlink()):
            return None
    except (OSError, ValueError, AttributeError):
        return None
    return PendingListing(site, record.get("listing"), fork and hasattr(os, "fork"))


class PendingListing:
    """`site`'s listing, being made by a child process (or, without one, when asked)."""

    def __init__(self, site: Path, digest: str | None, fork: bool) -> None:
        self.site, self.digest = site, digest
        self.pid: int | None = None
        self.read_end: int | None = None
        if fork:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: list, send, leave without running the parent's cleanup
                code = 1
                try:
                    os.close(read_end)
                    with os.fdopen(write_end, "wb") as out:
                        pickle.dump(listing(site), out, protocol=pickle.HIGHEST_PROTOCOL)
                    code = 0
                finally:
                    os._exit(code)
            os.close(write_end)
            self.pid, self.read_end = pid, read_end

    def close(self) -> None:
        """Stop the child if its listing was never asked for (a build that failed before)."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            if self.read_end is not None:
                os.close(self.read_end)
            self.pid = self.read_end = None

    def result(self) -> Listing | None:
        """The listing if it is the recorded one, else None (site/ is not to be trusted)."""
        files = None
        if self.pid is not None and self.read_end is not None:
            try:
                with os.fdopen(self.read_end, "rb") as received:
                    data = received.read()
                _, status = os.waitpid(self.pid, 0)
                if os.waitstatus_to_exitcode(status) == 0:
                    files = pickle.loads(data)  # noqa: S301 - our own child's
            except (OSError, EOFError, pickle.UnpicklingError):
                files = None
            self.pid = self.read_end = None
        try:
            files = listing(self.site) if files is None else files
        except OSError:
            return None
        return files if self.digest == _digest(files) else None


@dataclass
class Delta:
    """One delta build: `live` is the site being updated, `before` its files at the start."""

    live: Path
    #: Until `resolve()`: the listing being made (build.py starts it before loading anything).
    before: Listing | PendingListing
    #: Files of this build that are not staged because `live` already has them as they are
    #: (unchanged pages, static files, workbooks): relative paths, filled by the plugin.
    kept: set[str] = field(default_factory=set)

    def resolve(self) -> bool:
        """Whether `live` is what the last cached build left (then `before` is its listing);
        if not, this build is no delta build (the plugin drops it, build.py swaps folders)."""
        if isinstance(self.before, PendingListing):
            found = self.before.result()
            if found is None:
                return False
            self.before = found
        return True

    def holds(self, rel: str, data: bytes) -> bool:
        """`live` has these bytes at `rel` (then they need not be staged: `kept`)."""
        info = self.before.get(rel)
        try:
            return info is not None and info[0] == len(data) and (self.live / rel).read_bytes() == data
        except OSError:
            return False

    def apply(self, staging: Path) -> tuple[int, int, int]:
        """Move the staged files that differ into `live`, remove what the site no longer has.
        Returns (files staged, replaced or added, removed).

        In two steps, so that a folder that refuses a change (read-only, immutable) leaves `live`
        as it was: first every new file is moved in under a hidden name beside its place, and every
        file to remove gets a second, hidden name (a link: it stays in place meanwhile), all undone
        if any of it fails; then the renames into place, `index.json` files last (the search
        bundle's entry names files that must be there first), and the removals."""
        staged = listing(staging)
        gone = sorted(set(self.before) - self.kept - set(staged))
        moves = sorted((rel for rel, info in staged.items()
                        if not (rel in self.before and self.before[rel][0] == info[0]
                                and filecmp.cmp(staging / rel, self.live / rel, shallow=False))),
                       key=lambda rel: (rel.endswith("index.json"), rel))
        aside: list[Path] = []
        ready: list[tuple[Path, Path, Path]] = []
        target = self.live
        try:
            for rel in gone:
                target = self.live / rel
                os.link(target, target.with_name(f".{target.name}.exemplars-old"))
                aside.append(target)
            for rel in moves:
                target = self.live / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                hidden = target.with_name(f".{target.name}.exemplars-new")
                os.replace(staging / rel, hidden)
                ready.append((hidden, target, staging / rel))
        except OSError as exc:
            for hidden, _, back in ready:
                os.replace(hidden, back)
            for place in aside:
                place.with_name(f".{place.name}.exemplars-old").unlink()
            _prune(self.live, {str(Path(rel).parent) for rel in moves})
            raise OSError(exc.errno, exc.strerror, str(target)) from None  # named in site/
        for hidden, target, _ in ready:
            os.replace(hidden, target)
        for place in aside:
            place.unlink()
            place.with_name(f".{place.name}.exemplars-old").unlink()
        _prune(self.live, {str(Path(rel).parent) for rel in gone})
        removed = set(gone)
        self.after = {rel: info for rel, info in self.before.items() if rel not in removed}
        self.after.update((rel, staged[rel]) for rel in moves)
        return len(staged), len(moves), len(gone)


def _prune(root: Path, folders: set[str]) -> None:
    """Remove folders left empty, deepest first, never `root` itself."""
    for rel in sorted(folders, key=lambda p: p.count("/"), reverse=True):
        path = root / rel
        while path != root and path.is_dir() and not any(path.iterdir()):
            path.rmdir()
            path = path.parent


def _unchanged() -> bool:
    return False


def keep_unchanged_static(files, live: Path, same_key: bool, same_content: set[str]) -> set[str]:
    """The output paths of MkDocs' `files` (all of them are this build's site: those not staged
    are kept from `live`). With the same shared key (theme, docs, config, versions), a static
    file that `live` holds since its source last changed is not copied again: MkDocs' own dirty
    test, made against `live` instead of the empty staging folder; nor is a hand-written page
    rendered again (what it shows is all in that key: its text, the nav, the theme, the
    pictures). A generated file (CSV, JSON, feed) in `same_content` has the bytes `live` holds
    (by the digests the cache keeps)."""
    kept = set()
    for file in files:
        if not file.inclusion.is_included():
            continue
        kept.add(file.dest_uri)
        if file.is_documentation_page() and (file.generated_by is not None or file.abs_src_path is None):
            continue  # a generated page: its fingerprint decides (buildcache.py)
        if file.abs_src_path is None:
            if file.dest_uri in same_content:
                file.is_modified = _unchanged
            continue
        if not same_key:
            continue
        try:
            if os.stat(live / file.dest_uri).st_mtime >= os.stat(file.abs_src_path).st_mtime:
                file.is_modified = _unchanged  # this File only; MkDocs asks it before copying
        except OSError:
            pass
    return kept
