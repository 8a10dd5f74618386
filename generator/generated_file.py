"""Generated files: those (CSV, JSON, feeds) that let go of their bytes once MkDocs has written
them, and those written after the pages (`write_later`).

MkDocs keeps a generated file's content for the whole build, though it writes it once, before
the first page: at 10,000 records that was 60 MB, at 50,000 about 300 MB of the build's peak
memory. Once written, the output file is the content's source. The largest (api/exemplars.json)
never is in memory at all: its bytes wait in a temporary file (spill.py) and are copied from there.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from mkdocs.structure.files import File

from .spill import Arena, Spilled

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .pages import Asset, LaterAsset

log = logging.getLogger("mkdocs.plugins.exemplars")


class GeneratedAsset(File):
    #: Bytes waiting in a temporary file (spill.py), copied file to file; else MkDocs' content.
    spilled: Spilled | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, asset: Asset, arena: Arena | None = None) -> GeneratedAsset:
        """The file of a planned asset; with an `arena`, its bytes wait there until written
        (at 50,000 records the CSV files alone are 50 MB, held while the pages render and
        inherited by every worker)."""
        content = asset.content
        if arena is not None and not isinstance(content, Spilled):
            content = arena.put(content)
        if not isinstance(content, Spilled):
            return cls.generated(config, asset.path, content=content)
        file = cls.generated(config, asset.path, content=b"")
        file.spilled = content
        return file

    @property
    def content_bytes(self) -> bytes:
        return self.spilled.read() if self.spilled is not None else super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.spilled = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    def copy_file(self, dirty: bool = False) -> None:
        writes = not (dirty and not self.is_modified())
        if writes and self.spilled is not None:
            Path(self.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            self.spilled.write_to(self.abs_dest_path)
            self.spilled = None
        else:
            super().copy_file(dirty)
        if writes and self._content is not None:
            self._content = None
            self.abs_src_path = self.abs_dest_path  # later readers read the bytes written


def write_later(site_dir: Path, items: list[LaterAsset], background: bool = False,
                 present: Callable[[str], bool] | None = None) -> set[str]:
    """Files computed by a worker process while the pages were rendered (registration .xlsx).
    `present(path)`: the output holds the previous build's file (a delta build, a preview): one
    whose bytes did not change is not written again. Returns the paths so kept."""
    kept: set[str] = set()
    try:
        for item in items:
            data = item.result()
            if item.unchanged and present is not None and present(item.path):
                kept.add(item.path)
                continue
            target = site_dir / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except Exception as exc:  # noqa: BLE001 - in a preview the editor sees why; a build fails
        if not background:
            raise
        log.error("registration workbooks not updated: %s", exc)
    return kept
