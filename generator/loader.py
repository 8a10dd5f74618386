"""YAML → plain data with the source line of every key and value.

Safe by construction: no Python tags, no aliases (an alias bomb cannot expand), bounded depth and
size, duplicate keys rejected, and scalars never silently retyped. YAML 1.1 turns `NO` into
false, `010` into 8 and `12:30` into 750; here a plain scalar is text unless it is `true`,
`false`, `null`, `~` or empty. The model decides what a text means (a date, a number).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: A location inside a document: keys and list indexes from the root.
Loc = tuple[Union[str, int], ...]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40


@dataclass
class Problem:
    """One mistake in the content, reported as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised with every problem of a run, so the editor sees them all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Document:
    """A parsed YAML file: its data and the line of every location in it."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc = ()) -> int:
        """Line of `loc`, or of its nearest parent when the key is missing."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.path, self.line(loc), message)


class _Loader(yaml.SafeLoader):
    """Composer with a depth limit; construction is ours (see `_build`)."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _Refused(mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels; flatten the data")
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _Refused(mark.line + 1, "YAML aliases (*name) are not allowed; write the value out")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "null", "bool", "int", "float", "timestamp")}
_PLAIN = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False, "null": None, "Null": None, "NULL": None, "~": None, "": None}


def _build(node: Node, loc: Loc, lines: dict[Loc, int], seen: set[int]) -> Any:
    if id(node) in seen:
        # The composer hands back the same node object for an alias.
        raise _Refused(node.start_mark.line + 1, "YAML aliases (*name) are not allowed; write the value out")
    seen.add(id(node))
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _Refused(node.start_mark.line + 1, f"YAML tag {node.tag!r} is not allowed")
        value = unicodedata.normalize("NFC", node.value)
        if node.style is None and value in _PLAIN:
            return _PLAIN[value]
        return value
    if isinstance(node, SequenceNode):
        _check_tag(node, "tag:yaml.org,2002:seq")
        return [_build(item, loc + (i,), lines, seen) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        _check_tag(node, "tag:yaml.org,2002:map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node.start_mark.line + 1, "a key must be plain text")
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                raise _Refused(key_node.start_mark.line + 1, "YAML merge keys (<<) are not allowed")
            key = unicodedata.normalize("NFC", key_node.value)
            if key in result:
                raise _Refused(key_node.start_mark.line + 1,
                               f"{key}: duplicate key (already set above); keep only one")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, loc + (key,), lines, seen)
            # The value's own line matters for scalars written on the next line.
        return result
    raise _Refused(node.start_mark.line + 1, "unsupported YAML node")  # pragma: no cover


def _check_tag(node: Node, expected: str) -> None:
    if node.tag != expected:
        raise _Refused(node.start_mark.line + 1, f"YAML tag {node.tag!r} is not allowed")


def _decode(raw: bytes) -> str | Problem:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem("", line, "the file is not UTF-8 text (binary data or another encoding); "
                                 "save it as UTF-8")


def parse(text_or_bytes: str | bytes, path: str) -> Document | Problem:
    """Parse one YAML document; a problem instead of an exception for any bad input."""
    if isinstance(text_or_bytes, bytes):
        if len(text_or_bytes) > MAX_BYTES:
            return Problem(path, 1, f"file is {len(text_or_bytes) // 1024} KB, over the "
                                    f"{MAX_BYTES // 1024} KB limit; split it or move large data out")
        decoded = _decode(text_or_bytes)
        if isinstance(decoded, Problem):
            decoded.path = path
            return decoded
        text = decoded
    else:
        text = text_or_bytes
    if "\x00" in text:
        return Problem(path, text[: text.index("\x00")].count("\n") + 1,
                       "the file contains binary data (NUL byte); save it as UTF-8 text")
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = _build(node, (), lines, set()) if node is not None else None
    except _Refused as exc:
        return Problem(path, exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or str(exc)
        hint = "; use spaces, not tabs, for indentation" if "\\t" in what or "\t" in what else ""
        return Problem(path, line, f"YAML syntax error: {what}{hint}")
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return Problem(path, line, f"the file contains a control character ({exc.character!r}) that YAML "
                                   "does not allow; delete it")
    except yaml.YAMLError as exc:
        return Problem(path, 1, f"YAML error: {exc}")
    except RecursionError:
        return Problem(path, 1, "nesting too deep; flatten the data")
    finally:
        if loader is not None:
            loader.dispose()
    return Document(path, data, lines)


def load(path: Path, display: str | None = None, cache: dict | None = None) -> Document | Problem:
    """Read and parse a file; `display` is the path shown to editors (relative to the project).

    With `cache` (kept across preview rebuilds), an unchanged file is not parsed again.
    """
    shown = display or str(path)
    if cache is not None:
        try:
            st = path.stat()
        except OSError:
            st = None
        key = (str(path), shown, st.st_mtime_ns, st.st_size) if st else None
        if key is not None and key in cache:
            return cache[key]
        result = load(path, display)
        if key is not None:
            cache[key] = result
        return result
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Problem(shown, 1, f"file is {size // 1024} KB, over the {MAX_BYTES // 1024} KB "
                                     "limit; split it or move large data out")
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(shown, 1, f"cannot read the file: {exc.strerror}")
    return parse(raw, shown)
