"""Atomic site build: render into a temporary folder beside the target, swap on success.

A failed build (content mistake, broken link in strict mode, crash) leaves the previous site
exactly as it was, so a deploy can never publish half a site.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

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
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    config.site_dir = str(staging)
    errors = _ErrorCollector()
    logging.getLogger("mkdocs").addHandler(errors)
    try:
        mkdocs_build(config)
    except (PluginError, ConfigurationError, Abort) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        # MkDocs logs the real reason and raises a generic Abort: hand the reason on.
        raise BuildFailed("\n".join(errors.messages) or str(exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)
    os.chmod(staging, 0o755)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target
