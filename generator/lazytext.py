"""Text decoded only when read (văn bản giải mã khi cần đọc): a record's story kept as UTF-8.

At 10,000 records the stories are three quarters of the record cache (30 of 41 MB), and turning
their UTF-8 into Python strings was two thirds of the time of reading it (0.21 of 0.34 s). A
build after a one-record edit reads few of them: fingerprints use each record's digest (kept
with it), open-data fragments are cached per record, and the link checks need only know whether
a story holds "]", "<" or "=" (bytes answer that). So a record pickles its story as UTF-8 bytes
(`state`), and the field (`LazyText`) decodes them the first time it is read, to the very string
it was (surrogates included: "surrogatepass"; NFC was applied when the file was loaded).

A planned page's Markdown can likewise be the story of a record, taken when first read
(`TextOf`, `Deferrable`): planning 10,000 story pages then decodes none of the stories it does
not render.
"""

from __future__ import annotations

import sys
from typing import Any

_ERRORS = "surrogatepass"  # any str encodes and decodes back to itself

#: Set in a worker that hands its records to the main process, which reads every story anyway
#: (loadahead.py): the stories travel as text. As bytes, each was decoded and then freed in the
#: main process, and those freed blocks stayed in its heap (50,000 records: +70 MB at the fork).
SEND_TEXT = False


class LazyText:
    """A `str` field of a (frozen) dataclass that may wait as UTF-8 bytes in `_<name>_utf8`
    until read. Use as the field's default: `story: str = LazyText()` (its default is "")."""

    def __set_name__(self, owner: type, name: str) -> None:
        # Interned, as unpickling interns the keys it puts in __dict__: one key object either way
        # (pickles of the same records are then the same bytes, wherever each was made).
        self.name, self.raw = name, sys.intern(f"_{name}_utf8")

    def __get__(self, obj: Any, owner: type | None = None) -> str:
        if obj is None:
            return ""  # the dataclass's default
        found = obj.__dict__
        try:
            return found[self.name]
        except KeyError:
            raw = found.get(self.raw)
            if raw is None:  # another thread decoded it meanwhile
                return found[self.name]
            text = found[self.name] = raw.decode("utf-8", _ERRORS)
            found.pop(self.raw, None)
            return text

    def __set__(self, obj: Any, value: str) -> None:
        # Only dataclass __init__ (object.__setattr__) gets here: a frozen class refuses others.
        obj.__dict__[self.name] = value
        obj.__dict__.pop(self.raw, None)


def _lazy_fields(cls: type) -> list[LazyText]:
    try:
        return _FIELDS[cls]
    except KeyError:
        found = _FIELDS[cls] = [v for k in cls.__mro__ for v in vars(k).values() if isinstance(v, LazyText)]
        return found


_FIELDS: dict[type, list[LazyText]] = {}


def state(obj: Any) -> dict[str, Any]:
    """What pickle keeps of `obj` (its `__getstate__`): its attributes, each LazyText field as
    UTF-8 bytes (unpickling puts them back in `__dict__` as they are: nothing is decoded)."""
    if SEND_TEXT:
        for lazy in _lazy_fields(type(obj)):
            getattr(obj, lazy.name)  # decoded here, if it waits as bytes
        return dict(obj.__dict__)
    out = dict(obj.__dict__)
    for lazy in _lazy_fields(type(obj)):
        text, raw = out.pop(lazy.name, None), out.pop(lazy.raw, None)
        if text is not None:
            raw = text.encode("utf-8", _ERRORS)
        if raw is not None:  # last, whether decoded or not: the same order of keys
            out[lazy.raw] = raw
    return out


def holds(obj: Any, name: str, *needles: str) -> bool:
    """Whether field `name` of `obj` contains any of `needles`, without decoding it if it still
    waits as bytes (UTF-8 is self-synchronising: a character's bytes appear only where it does)."""
    raw = obj.__dict__.get(f"_{name}_utf8")
    if raw is None:
        text = getattr(obj, name)
        return any(n in text for n in needles)
    return any(n.encode("utf-8", _ERRORS) in raw for n in needles)


def at_least(obj: Any, name: str, length: int) -> bool:
    """Whether field `name` of `obj` has at least `length` characters, decoding it only when its
    byte count leaves that open (a character is one to four bytes)."""
    raw = obj.__dict__.get(f"_{name}_utf8")
    if raw is not None:
        if len(raw) < length:
            return False
        if len(raw) >= 4 * length:
            return True
    return len(getattr(obj, name)) >= length


def waiting(obj: Any, name: str) -> TextOf | None:
    """The `TextOf` a `Deferrable` field `name` of `obj` still waits on; None once it holds text."""
    value = obj.__dict__.get(name)
    return value if type(value) is TextOf else None


class TextOf:
    """Field `name` of `source`, read when first wanted (a page's Markdown: a record's story)."""

    __slots__ = ("source", "name")

    def __init__(self, source: Any, name: str) -> None:
        self.source, self.name = source, name

    def __reduce__(self) -> tuple:
        return (TextOf, (self.source, self.name))

    def holds(self, *needles: str) -> bool:
        return holds(self.source, self.name, *needles)


class Deferrable:
    """A `str` field of a (mutable) dataclass that may be given a `TextOf`: the text is taken
    from its source the first time the field is read, and kept. Default ""."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> str:
        if obj is None:
            return ""
        value = obj.__dict__[self.name]
        if type(value) is TextOf:
            value = obj.__dict__[self.name] = getattr(value.source, value.name)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value
