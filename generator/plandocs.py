"""The parse of units.yml, plan.yml and news posts kept between builds (tệp đã phân tích).

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
import pickle
from pathlib import Path

from . import shards
from . import validate_plan as plan_rules
from .loader import Document, Problem, parse, read
from .model import Unit

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Bump when what is kept (a Document or a Problem) changes shape.
FORMAT = "plan-docs-1"
#: Where: beside the record cache's folder (which holds its shards only).
FOLDER = "plan-files"


class PlanDocuments:
    """`load` for plan files: the kept parse of unchanged bytes in `folder`, else a fresh one;
    `units`: the checked units of units.yml, kept the same way (checking 1,000 units costs what
    parsing them does)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.headers: dict[str, tuple] = {}  # file name → key of the bytes `load` parsed

    def load(self, path: Path, shown: str) -> Document | Problem:
        """As `loader.load`: a regular file's parse, or why it cannot be read."""
        raw = read(path, shown)
        if isinstance(raw, Problem):
            return raw  # unreadable now: nothing kept
        if self.folder is None:
            return parse(raw, shown)
        header = self.headers[path.name] = _header(raw, shown)
        kept = self._kept(path.name, header)
        if isinstance(kept, (Document, Problem)):
            return kept
        doc = parse(raw, shown)
        self._keep(path.name, header, doc)
        return doc

    def units(self, path: Path, shown, problems: list[Problem]) -> dict[str, Unit]:
        """`validate_plan.units` of the file at `path`."""
        raw = read(path, shown(path)) if self.folder is not None else None
        if isinstance(raw, bytes):
            kept = self._kept(f"{path.name}.units", _header(raw, shown(path)))
            if isinstance(kept, tuple) and len(kept) == 2:
                problems.extend(kept[1])
                return kept[0]
        found: list[Problem] = []
        units = plan_rules.units(path, shown, found, self.load)
        problems.extend(found)
        if path.name in self.headers:  # kept under the bytes `load` parsed, not those read above
            self._keep(f"{path.name}.units", self.headers[path.name], (units, found))
        return units

    def _kept(self, name: str, header: tuple):
        try:
            return shards.read_one(self.folder / f"{name}.pickle", header)
        except Exception as exc:  # noqa: BLE001 - a damaged file costs a parse, never the build
            log.info("exemplars: kept parse of %s not used (%s)", name, type(exc).__name__)
            return None

    def _keep(self, name: str, header: tuple, value: object) -> None:
        try:
            shards.write_one(self.folder, name, header, value)
        except OSError as exc:  # a read-only checkout still builds
            log.info("exemplars: parse of %s not kept: %s", name, exc)


def _header(raw: bytes, shown: str) -> tuple:
    from .recordcache import _code  # the digest of our code, worked out once per process

    return (FORMAT, _code(), shown, hashlib.blake2b(raw, digest_size=20).digest())


class KeptPosts:
    """`news.read` for the posts of content/news/: the parse of each unchanged post kept, all in
    one file of `folder` (a post is a few KB; a site has hundreds: 0.2 ms each to parse).

    A kept parse is the pickle taken right after parsing, so nothing a check does to the parsed
    document afterwards is kept; each load unpickles its own copy."""

    NAME = "news"

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.kept: dict[tuple[str, bytes], bytes] = {}
        self.now: dict[tuple[str, bytes], bytes] = {}
        if folder is not None:
            try:
                found = shards.read_one(folder / f"{self.NAME}.pickle", self._header(), {})
                self.kept = found if isinstance(found, dict) else {}
            except Exception as exc:  # noqa: BLE001 - a damaged file costs a parse, never the build
                log.info("exemplars: kept parse of news posts not used (%s)", type(exc).__name__)

    def read(self, path: Path, shown: str):
        from .news import parse_post, read_bytes  # news.py imports validate, which imports this

        raw = read_bytes(path, shown)
        if isinstance(raw, Problem) or self.folder is None:
            return raw if isinstance(raw, Problem) else parse_post(raw, shown)
        key = (shown, hashlib.blake2b(raw, digest_size=20).digest())
        blob = self.kept.get(key)
        if blob is None:
            parsed = parse_post(raw, shown)
            self.now[key] = pickle.dumps(parsed, protocol=5)
            return parsed
        self.now[key] = blob
        return pickle.loads(blob)  # noqa: S301 - our own bytes

    def end(self) -> None:
        """After the load: write the kept parses again if the posts changed (or went)."""
        if self.folder is None or self.now.keys() == self.kept.keys():
            return
        try:
            shards.write_one(self.folder, self.NAME, self._header(), self.now)
        except OSError as exc:
            log.info("exemplars: parse of news posts not kept: %s", exc)

    @staticmethod
    def _header() -> tuple:
        from .recordcache import _code

        return (FORMAT, _code())
