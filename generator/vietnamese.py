"""Vietnamese text: collation (sắp xếp theo thứ tự chữ cái tiếng Việt), folding, dates."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date

# Letters in Vietnamese alphabetical order; a letter with a modifier (ă, â, đ, ê, ô, ơ, ư) is a
# letter of its own, sorted after its base. Tone marks sort after the letters, as a second level.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Combining tone marks in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
#: The five tone marks (huyền, hỏi, ngã, sắc, nặng) as combining characters.
TONE_MARKS = frozenset(_TONES)
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


@functools.lru_cache(maxsize=4096)  # a few hundred distinct characters; two normalisations each
def _split(ch: str) -> tuple[str, int]:
    """A precomposed character → (letter with its own modifiers, tone rank)."""
    if ch in ("đ", "Đ"):
        return "đ", 0
    parts = unicodedata.normalize("NFD", ch.lower())
    base, tone = parts[0], 0
    for mark in parts[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            base += mark
    return unicodedata.normalize("NFC", base), tone


def collation_key(text: str) -> tuple:
    """Key sorting text the Vietnamese way: letters first (a < ă < â < b), then tones."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text):
        letter, tone = _split(ch)
        rank = _RANK.get(letter)
        letters.append(rank if rank is not None else 100 + ord(letter))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def name_key(full_name: str) -> tuple:
    """Sort people by given name (tên), then middle names (đệm), then family name (họ)."""
    words = full_name.split()
    if not words:
        return ()
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    # Each word compares fully (letters, then tones) before the next: all "Anh" before "Ánh".
    return tuple(collation_key(w) for w in ordered)


def fold(text: str) -> str:
    """Lowercase without diacritics: `Đặng Thị Ánh` → `dang thi anh` (for search and slugs).

    Drops every mark (Unicode category M), exactly as `fold` in search_engine.js does, so the
    index and the reader's query fold alike."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))


def slugify(text: str) -> str:
    """`Đổi mới dạy học` → `doi-moi-day-hoc`: folded, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def format_date(value: date | None) -> str:
    """Dates as Vietnamese readers write them: 25/11/2026."""
    return value.strftime("%d/%m/%Y") if value else ""
