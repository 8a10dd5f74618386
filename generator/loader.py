r"""YAML → plain data with the source line of every key and value.

Safe by construction: no Python tags, no aliases (an alias bomb cannot expand), bounded depth and
size, duplicate keys rejected, no control characters (also none written as YAML escapes such as
`"\0"` or `"\e"`), only plain files inside the content folder (no symlink, FIFO or device is ever
opened), and scalars never silently retyped. YAML 1.1 turns `NO` into
false, `010` into 8 and `12:30` into 750; here a plain scalar is text unless it is `true`,
`false`, `null`, `~` or empty. The model decides what a text means (a date, a number).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Union

import yaml

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
    #: Line where the text of a scalar starts (the line after `key: |` for a block); negated
    #: when the text's lines are not the file's (folded, quoted).
    text_lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc = ()) -> int:
        """Line of `loc`, or of its nearest parent when the key is missing."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.path, self.line(loc), message)

    def line_in(self, loc: Loc, text: str, index: int) -> int:
        """Line of character `index` of the text at `loc` as loaded: exact for `|` blocks (the
        usual form of a story); for folded or quoted text, whose line breaks are not the file's,
        the line where the text starts."""
        start = self.text_lines.get(loc)
        if start is None:
            return self.line(loc)
        if start < 0:  # folded or quoted: its lines are not the file's lines
            return -start
        return start + text.count("\n", 0, max(0, index))

    def problem_in(self, loc: Loc, text: str, index: int, message: str) -> Problem:
        return Problem(self.path, self.line_in(loc, text, index), message)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


# libyaml's C scanner when PyYAML has it (10× faster on large stories); composition is ours,
# from the event stream, so aliases, tags, depth and duplicate keys are checked the same way.
_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_TAGS = {None, "!"} | {f"tag:yaml.org,2002:{t}" for t in ("str", "null", "bool", "int", "float",
                                                                  "timestamp")}
#: Characters no text may hold, however written: C0/C1 controls but tab and newline (a NUL ends
#: a C string, U+000C or U+001B makes feed.xml ill-formed XML), surrogates, the noncharacters
#: U+FDD0–U+FDEF and U+xFFFE/U+xFFFF, and bidirectional overrides that make a name read backwards.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u202a-\u202e"
                        r"\u2066-\u2069\ufffe\uffff"
                        + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(1, 17)) + "]")
_PLAIN = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False, "null": None, "Null": None, "NULL": None, "~": None, "": None}


class _Composer:
    """Builds plain data from parser events, recording the line of every key and value."""

    def __init__(self, events, lines: dict[Loc, int], text_lines: dict[Loc, int] | None = None) -> None:
        self.events = events
        self.lines = lines
        self.text_lines = {} if text_lines is None else text_lines

    def document(self) -> Any:
        event = next(self.events)  # StreamStart
        event = next(self.events)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        data = self.node(next(self.events), (), 1)
        next(self.events)  # DocumentEnd
        event = next(self.events)
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Refused(event.start_mark.line + 1, "only one YAML document per file; remove '---'")
        return data

    def node(self, event, loc: Loc, depth: int) -> Any:
        line = event.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise _Refused(line, f"nesting deeper than {MAX_DEPTH} levels; flatten the data")
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, "YAML aliases (*name) are not allowed; write the value out")
        self.lines.setdefault(loc, line)
        if isinstance(event, yaml.ScalarEvent):
            if event.tag not in _SCALAR_TAGS:
                raise _Refused(line, f"YAML tag {event.tag!r} is not allowed")
            # A block scalar (`|`, `>`) starts on the line after its indicator; only in a literal
            # block (`|`) is each line of the text a line of the file (others stored negated).
            start = line + (1 if event.style in ("|", ">") else 0)
            self.text_lines[loc] = start if event.style == "|" else -start
            value = _text(event.value, start, event.style == "|")
            if event.implicit[0] and value in _PLAIN:  # plain (unquoted, untagged) scalar
                return _PLAIN[value]
            return value
        if isinstance(event, yaml.SequenceStartEvent):
            self._tag(event, "seq")
            items = []
            while not isinstance(event := next(self.events), yaml.SequenceEndEvent):
                items.append(self.node(event, loc + (len(items),), depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            self._tag(event, "map")
            result: dict[str, Any] = {}
            while not isinstance(event := next(self.events), yaml.MappingEndEvent):
                key_line = event.start_mark.line + 1
                if not isinstance(event, yaml.ScalarEvent):
                    raise _Refused(key_line, "a key must be plain text")
                key = _text(event.value, key_line)
                if key == "<<" or event.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(key_line, "YAML merge keys (<<) are not allowed")
                if key in result:
                    raise _Refused(key_line, f"{key}: duplicate key (already set above); keep only one")
                self.lines[loc + (key,)] = key_line
                result[key] = self.node(next(self.events), loc + (key,), depth + 1)
            return result
        raise _Refused(line, "unsupported YAML content")  # pragma: no cover

    @staticmethod
    def _tag(event, kind: str) -> None:
        if event.tag not in (None, "!", f"tag:yaml.org,2002:{kind}"):
            raise _Refused(event.start_mark.line + 1, f"YAML tag {event.tag!r} is not allowed")


def _text(raw: str, line: int, literal: bool = False) -> str:
    """A scalar's text, NFC; a forbidden character (see `_FORBIDDEN`) refuses the file."""
    # Every forbidden character is unprintable (Cc, Cf, Cs, Cn): printable text needs no search.
    printable = raw.isprintable() or raw.replace("\n", "").replace("\t", "").isprintable()
    bad = None if printable else _FORBIDDEN.search(raw)
    if bad:
        line += raw.count("\n", 0, bad.start()) if literal else 0
        raise _Refused(line, f"the text contains the invisible control character U+{ord(bad.group()):04X} "
                             "(perhaps written as a YAML escape such as \"\\0\" or \"\\e\"); delete it")
    return unicodedata.normalize("NFC", raw)


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
    lines: dict[Loc, int] = {}
    text_lines: dict[Loc, int] = {}
    try:
        data = _Composer(yaml.parse(text, Loader=_EventLoader), lines, text_lines).document()
    except _Refused as exc:
        return Problem(path, exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        offending = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
        hint = "; use spaces, not tabs, for indentation" if "\t" in offending[: len(offending) -
                                                                               len(offending.lstrip())] else ""
        return Problem(path, line, f"YAML syntax error: {exc.problem or exc}{hint}")
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return Problem(path, line, "the file contains a control character that YAML does not allow; "
                                   "delete it")
    except yaml.YAMLError as exc:
        return Problem(path, 1, f"YAML error: {exc}")
    except RecursionError:
        return Problem(path, 1, "nesting too deep; flatten the data")
    if data is None:
        return Problem(path, 1, "the file is empty (no YAML fields, or only comments); write the "
                                "record's fields (see an existing file), or delete the file")
    return Document(path, data, lines, text_lines)


def shown_path(path: Path, base: Path) -> str:
    """`path` as editors see it, relative to `base`; a symlink is shown where it is, never where
    it points (that path may be outside the project, and is not what the editor named)."""
    plain, top = os.path.abspath(path), os.path.abspath(base).rstrip(os.sep)
    if plain.startswith(top + os.sep) and len(plain) > len(top) + 1:
        return plain[len(top) + 1:]  # the usual case, in strings: pathlib costs 0.1 ms a file
    try:
        return str(Path(plain).relative_to(os.path.abspath(base)))
    except ValueError:
        pass
    try:  # through a folder reached by a symlink (/tmp → /private/tmp): compare resolved folders
        return str((Path(plain).parent.resolve() / Path(path).name).relative_to(Path(base).resolve()))
    except ValueError:
        return str(path)


def shown_paths(paths: list[str], base: Path) -> list[str]:
    """`shown_path` of each of `paths` (absolute and normal, as `listed_files` of an absolute
    folder gives), the usual case by one slice each."""
    top = os.path.abspath(base).rstrip(os.sep) + os.sep
    cut = len(top)
    return [p[cut:] if p.startswith(top) and len(p) > cut else shown_path(Path(p), base) for p in paths]


def not_plain(path: Path, root: Path) -> str | None:
    """Why `path` may not be read as content, or None: every part of it below `root` must be a
    real folder or a regular file (no symlink that could lead outside `root` or to /dev/zero, no
    FIFO that blocks forever, no device). Looks with lstat only: nothing is opened."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return "is outside the content folder"
    current = root
    for i, part in enumerate(rel.parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError as exc:
            return f"cannot be read: {exc.strerror}"
        last = i == len(rel.parts) - 1
        if stat.S_ISLNK(mode):
            return (f"{'is' if last else f'is inside {part}/, which is'} a symbolic link; content/ holds "
                    "only real files and folders: copy the file in instead of linking it")
        if last and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            return "is not a regular file (a pipe, socket or device); remove it"
        if not last and not stat.S_ISDIR(mode):
            return f"is below {part}, which is not a folder"
    return None


def content_files(folder: Path, root: Path, problems: list[Problem], shown) -> list[Path]:
    """Regular files below `folder`, sorted, walked without following symlinks; anything else
    found there (symlink, FIFO, device) is a problem, reported without being opened."""
    return [Path(p) for p in listed_files(folder, root, problems, shown)]


def listed_files(folder: Path, root: Path, problems: list[Problem], shown) -> list[str]:
    """`content_files` as path strings (`folder` joined with the names below it): the load of
    10,000 records makes no pathlib object per file. In the order of their Paths (by parts): a
    folder's files come where its name sorts among its siblings, each folder read sorted once."""
    out: list[str] = []
    reason = not_plain(folder, root)
    if reason:
        problems.append(Problem(shown(folder), 1, f"{folder.name}/ {reason}"))
        return out

    def listing(here: str) -> Iterator[os.DirEntry]:
        try:
            return iter(sorted(os.scandir(here), key=lambda e: e.name))
        except OSError as exc:
            problems.append(Problem(shown(Path(here)), 1, f"cannot list the folder: {exc.strerror}"))
            return iter(())

    # Depth first, a folder's entries in name order: a stack of listings, not recursion (a
    # folder nested a thousand deep is a problem to report, never a RecursionError).
    stack = [listing(os.fspath(folder))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir(follow_symlinks=False):
            stack.append(listing(entry.path))
        elif entry.is_file(follow_symlinks=False):
            out.append(entry.path)
        else:
            kind = "a symbolic link" if entry.is_symlink() else "not a regular file (pipe, socket, device)"
            problems.append(Problem(shown(Path(entry.path)), 1, f"{entry.name} is {kind}; content/ holds "
                                                                "only real files: copy the file in, or remove it"))
    return out


def load(path: Path | str, display: str | None = None) -> Document | Problem:
    """Read and parse a file; `display` is the path shown to editors (relative to the project).

    Only a regular file is read (a symlink or FIFO is refused unopened), and never more than the
    limit. `recordcache` keeps the checked result of unchanged files between builds.
    """
    shown = display or str(path)
    raw = read(path, shown)
    return raw if isinstance(raw, Problem) else parse(raw, shown)


def read(path: Path | str, shown: str) -> bytes | Problem:
    """The bytes of a regular file of at most `MAX_BYTES`, or why it cannot be read."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            what = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file (pipe, socket, device)"
            return Problem(shown, 1, f"the file is {what}; content/ holds only real files: copy the "
                                     "file in, or remove it")
        # O_NOFOLLOW and O_NONBLOCK: a file swapped for a symlink or FIFO since lstat is still not
        # followed, nor waited on; fstat then checks what was really opened.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return Problem(shown, 1, "the file is not a regular file; remove it")
            if st.st_size > MAX_BYTES:
                return Problem(shown, 1, f"file is {st.st_size // 1024} KB, over the {MAX_BYTES // 1024} KB "
                                         "limit; split it or move large data out")
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return Problem(shown, 1, f"cannot read the file: {exc.strerror}")
