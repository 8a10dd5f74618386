"""Atomic site build: render into a temporary folder beside the target, swap on success.

A failed build (content mistake, broken link in strict mode, crash) leaves the previous site
exactly as it was, so a deploy can never publish half a site. The swap itself is one atomic
exchange of the two folders (Linux `renameat2(RENAME_EXCHANGE)`), so a web server serving
`site/` never sees a moment without it; elsewhere two renames, as close together as they go.
Folders left by a build that was killed (`.site-new-*`, `.site-old-*`) are removed by the next
build, which holds a lock beside the target so that two builds never remove each other's.
When the target is what the last cached build left, only the changed files are staged and then
moved into it (generator/delta.py): each file atomically, all undone if the target refuses one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from . import delta
from .buildcache import FOLDER

log = logging.getLogger("mkdocs.plugins.exemplars")


class BuildFailed(Exception):
    pass


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def source_date_epoch(root: Path) -> str | None:
    """Time of the last commit, so two builds of the same content are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def build_site(config_file: str = "mkdocs.yml", site_dir: str | None = None, strict: bool = True) -> Path:
    """Build into `site_dir` (default: the config's), replacing it only when the build succeeds."""
    root = Path(config_file).resolve().parent
    epoch = source_date_epoch(root)
    if epoch:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    config = load_config(config_file, strict=strict)
    # As `mkdocs build` does: MkDocs reuses plugin instances that have on_startup within a process,
    # and one left in preview mode by an earlier `serve` must build like a real build again.
    config.plugins.on_startup(command="build", dirty=False)
    target = Path(site_dir or config.site_dir).resolve()
    plugin = config.plugins.get("exemplars")
    cache_folder = root / FOLDER if plugin is not None and plugin.config.build_cache else None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _lock(target):
            _remove_leftovers(target)
            # Whether site/ is what the last cached build left: listed by a child process while
            # MkDocs loads the catalog; the plugin drops the delta build if it is not (delta.py).
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
            pending = delta.trusted_later(cache_folder, target) if cache_folder is not None else None
            try:
                if pending is not None:
                    plugin.delta = delta.Delta(target, pending)
                if plugin is not None:
                    plugin.writes_pages = True
                # Dirty: MkDocs skips the pages the plugin keeps or writes itself; into an empty
                # folder (no delta) that is a full build.
                _render(config, staging, dirty=True)
                if plugin is not None and plugin.delta is not None:
                    staged, moved, removed = plugin.delta.apply(staging)
                    log.info("exemplars: %d files of site/ replaced or added, %d removed (%d written "
                             "this build)", moved, removed, staged)
                    shutil.rmtree(staging, ignore_errors=True)
                    after = plugin.delta.after
                else:
                    os.chmod(staging, 0o755)
                    _swap(staging, target)
                    after = None
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            finally:
                if plugin is not None:
                    plugin.delta, plugin.writes_pages = None, False
                if pending is not None:
                    pending.close()
            if cache_folder is not None and plugin.cache is not None and plugin.cache.token:
                delta.remember(cache_folder, target, plugin.cache.token, after)
    except OSError as exc:
        where = exc.filename or target
        raise BuildFailed(f"cannot write the site at {where}: {exc.strerror or exc}; make the folder "
                          f"{target.parent} writable (and {target.name}/ not read-only or immutable), "
                          "then build again; the previous site is unchanged") from None
    return target


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation: a strict build would fail on
    it. A delta build's staging folder starts empty and every page whose navigation or content
    changed is rendered (delta.py), so the warning does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _render(config, staging: Path, dirty: bool = False) -> None:
    config.site_dir = str(staging)
    errors = _ErrorCollector()
    logging.getLogger("mkdocs").addHandler(errors)
    notice = _DirtyNotice()
    logging.getLogger("mkdocs.commands.build").addFilter(notice)
    try:
        mkdocs_build(config, dirty=dirty)
    except (PluginError, ConfigurationError, Abort) as exc:
        # MkDocs logs the real reason and raises a generic Abort: hand the reason on.
        raise BuildFailed("\n".join(errors.messages) or str(exc)) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)
        logging.getLogger("mkdocs.commands.build").removeFilter(notice)


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    """One build at a time per folder: leftovers found while holding it are from dead builds.
    The lock is on the folder that holds the target (no lock file to clean up)."""
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _remove_leftovers(target: Path) -> None:
    for prefix in (f".{target.name}-new-", f".{target.name}-old-"):
        for path in target.parent.glob(f"{prefix}*"):
            if path.is_dir() and not path.is_symlink():
                log.info("removing %s, left by a build that did not finish", path.name)
                shutil.rmtree(path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ≥ 3.15 with glibc ≥ 2.28); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # kernel or file system without RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(b))


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` in place of `target`; the old site goes, the new is never half there."""
    if not os.path.lexists(target):
        staging.rename(target)
        return
    if target.is_dir() and not target.is_symlink() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
