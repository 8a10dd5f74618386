"""The parse of units.yml and plan.yml kept between builds (tệp kế hoạch đã phân tích).

Parsing with the line of every key and value is done in Python (`loader._Composer`): units.yml of
a province (1,000 units, 140 KB) takes 0.03 s, more than what checking it does, and a build
parses it again for its pilot schools. Each build with a cache folder keeps the `Document` (or
the YAML `Problem`) of each plan file in `FOLDER` beside the record cache, under the digest of the
bytes it was parsed from, the path shown to editors and our code (`recordcache`: the parse
depends on loader.py and PyYAML); anything else is parsed afresh. What the document holds is
then checked on every load as before.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from . import shards
from .loader import Document, Problem, parse, read

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Bump when what is kept (a Document or a Problem) changes shape.
FORMAT = "plan-docs-1"
#: Where: beside the record cache's folder (which holds its shards only).
FOLDER = "plan-files"


class PlanDocuments:
    """`load` for plan files: the kept parse of unchanged bytes in `folder`, else a fresh one."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.parsed = 0  # files parsed (not kept) by this load: tests ask

    def load(self, path: Path, shown: str) -> Document | Problem:
        """As `loader.load`: a regular file's parse, or why it cannot be read."""
        raw = read(path, shown)
        if isinstance(raw, Problem):
            return raw  # unreadable now: nothing kept
        if self.folder is None:
            self.parsed += 1
            return parse(raw, shown)
        from .recordcache import _code  # the digest of our code, worked out once per process

        header = (FORMAT, _code(), shown, hashlib.blake2b(raw, digest_size=20).digest())
        name = path.name
        try:
            kept = shards.read_one(self.folder / f"{name}.pickle", header)
        except Exception as exc:  # noqa: BLE001 - a damaged file costs a parse, never the build
            log.info("exemplars: kept parse of %s not used (%s)", name, type(exc).__name__)
            kept = None
        if isinstance(kept, (Document, Problem)):
            return kept
        self.parsed += 1
        doc = parse(raw, shown)
        try:
            shards.write_one(self.folder, name, header, doc)
        except OSError as exc:  # a read-only checkout still builds
            log.info("exemplars: parse of %s not kept: %s", name, exc)
        return doc
