"""Field types of the content model: one declaration drives validation and the JSON Schema.

Each type checks a loaded value (see `loader`) and converts it (text → date, "9" → 9); a wrong
value becomes a `Problem` at its line, with what to write instead. Cross-record rules (unknown
unit, duplicate id, …) live in `validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .loader import Document, Loc, Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


class Invalid(Exception):
    """A value that cannot be used; the message says what to write instead."""


class Type:
    """Base: `convert` returns the typed value or raises `Invalid`."""

    json: dict[str, Any] = {}

    def convert(self, value: Any, doc: Document, loc: Loc, problems: list[Problem]) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        return dict(self.json)


class Text(Type):
    def __init__(self, max_length: int = 20_000) -> None:
        self.max_length = max_length

    def convert(self, value, doc, loc, problems):
        if isinstance(value, bool) or not isinstance(value, str):
            raise Invalid(f"expected text, got {_kind(value)}; put the value in quotes")
        value = value.strip()
        if not value:
            raise Invalid("must not be empty")
        if len(value) > self.max_length:
            raise Invalid(f"is {len(value)} characters long, over the limit of {self.max_length}")
        return value

    def schema(self):
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


class Slug(Text):
    def convert(self, value, doc, loc, problems):
        value = super().convert(value, doc, loc, problems)
        if not SLUG.match(value):
            raise Invalid(f"{value!r} is not a valid id: use lowercase a-z, 0-9 and '-' only "
                          "(no diacritics, no spaces)")
        return value

    def schema(self):
        return {"type": "string", "pattern": SLUG.pattern}


class Url(Text):
    def convert(self, value, doc, loc, problems):
        value = super().convert(value, doc, loc, problems)
        if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value, re.IGNORECASE):
            raise Invalid(f"{value!r} is not a web address; write a full http:// or https:// URL")
        return value

    def schema(self):
        return {"type": "string", "pattern": r"^https?://", "format": "uri"}


class Date(Type):
    def convert(self, value, doc, loc, problems):
        if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
            raise Invalid(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(f"{value!r} is not a real calendar date") from None

    def schema(self):
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class SchoolYear(Text):
    def convert(self, value, doc, loc, problems):
        value = super().convert(value, doc, loc, problems)
        m = SCHOOL_YEAR.match(value)
        if not m or int(m[2]) != int(m[1]) + 1:
            raise Invalid(f"{value!r} is not a school year; write it as 2018-2019")
        return value

    def schema(self):
        return {"type": "string", "pattern": SCHOOL_YEAR.pattern}


class Bool(Type):
    json = {"type": "boolean"}

    def convert(self, value, doc, loc, problems):
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {value!r}")
        return value


class Int(Type):
    json = {"type": "integer", "minimum": 0}

    def convert(self, value, doc, loc, problems):
        if isinstance(value, str) and re.match(r"^\d{1,6}$", value.strip()):
            return int(value)
        raise Invalid(f"expected a whole number, got {value!r}")


class Choice(Type):
    def __init__(self, *values: str) -> None:
        self.values = values

    def convert(self, value, doc, loc, problems):
        if value not in self.values:
            raise Invalid(f"{value!r} is not allowed; use one of: {', '.join(self.values)}")
        return value

    def schema(self):
        return {"type": "string", "enum": list(self.values)}


class Anything(Type):
    """Free mapping (private data): kept as loaded, never published."""

    json = {"type": "object"}

    def convert(self, value, doc, loc, problems):
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping of key: value lines, got {_kind(value)}")
        return value


class ListOf(Type):
    def __init__(self, item: Type, max_items: int | None = None) -> None:
        self.item = item
        self.max_items = max_items

    def convert(self, value, doc, loc, problems):
        if isinstance(value, str) and isinstance(self.item, Text):
            value = [value]  # `fields: Chuyển đổi số` means a list of one
        if not isinstance(value, list):
            raise Invalid(f"expected a list (lines starting with '- '), got {_kind(value)}")
        if self.max_items is not None and len(value) > self.max_items:
            raise Invalid(f"has {len(value)} items, over the limit of {self.max_items}; keep the main ones")
        out = []
        for i, item in enumerate(value):
            converted = check(self.item, item, doc, loc + (i,), problems)
            if converted is not _BAD:
                out.append(converted)
        return out

    def schema(self):
        limit = {} if self.max_items is None else {"maxItems": self.max_items}
        return {"type": "array", "items": self.item.schema(), **limit}


class MapOf(Type):
    """A mapping with free keys (levels in quotas)."""

    def __init__(self, key: Type, value: Type) -> None:
        self.key, self.value = key, value

    def convert(self, value, doc, loc, problems):
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping, got {_kind(value)}")
        out = {}
        for k, v in value.items():
            key = check(self.key, k, doc, loc + (k,), problems)
            val = check(self.value, v, doc, loc + (k,), problems)
            if key is not _BAD and val is not _BAD:
                out[key] = val
        return out

    def schema(self):
        return {"type": "object", "additionalProperties": self.value.schema()}


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool = False
    doc: str = ""
    example: Any = None


@dataclass
class Obj(Type):
    """A mapping with named fields; unknown keys are errors (they are usually typos)."""

    fields: list[Field] = field(default_factory=list)
    title: str = ""

    def convert(self, value, doc, loc, problems):
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping of field: value lines, got {_kind(value)}")
        known = {f.name: f for f in self.fields}
        out: dict[str, Any] = {}
        for key in value:
            if key not in known:
                hint = _closest(key, list(known))
                problems.append(doc.problem(loc + (key,), f"{key}: unknown field{hint}; allowed "
                                            f"fields: {', '.join(known)}"))
        for f in self.fields:
            if f.name not in value or value[f.name] is None:
                if f.required:
                    about = f" ({f.doc})" if f.doc else ""
                    problems.append(doc.problem(loc, f"{f.name}: required field is missing{about}; "
                                                     "add it"))
                continue
            converted = check(f.type, value[f.name], doc, loc + (f.name,), problems, f.name)
            if converted is not _BAD:
                out[f.name] = converted
        return out

    def schema(self):
        return {
            "type": "object",
            "title": self.title,
            "additionalProperties": False,
            "required": [f.name for f in self.fields if f.required],
            "properties": {f.name: {**f.type.schema(), "description": f.doc} for f in self.fields},
        }


_BAD = object()


def check(type_: Type, value: Any, doc: Document, loc: Loc, problems: list[Problem],
          name: str | None = None) -> Any:
    """Convert `value`; on failure record a problem at its line and return the `_BAD` marker."""
    try:
        return type_.convert(value, doc, loc, problems)
    except Invalid as exc:
        label = name if name is not None else _loc_label(loc)
        problems.append(doc.problem(loc, f"{label}: {exc}"))
        return _BAD


def is_bad(value: Any) -> bool:
    return value is _BAD


def _loc_label(loc: Loc) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value!r}"


def _closest(key: str, options: list[str]) -> str:
    import difflib

    match = difflib.get_close_matches(str(key), options, n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""
