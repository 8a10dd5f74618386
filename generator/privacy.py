"""Children's data (dữ liệu cá nhân của học sinh): contact data in a student's public text, and the
`private:` block (thông tin riêng) of every record.

A student's page may not show a phone number, an e-mail address, a birth date or a home address,
in whatever field it is typed (events, photo captions and alt text, awards, press, topics, the
story) and however Vietnamese people write it: `(+84) 912-345-678`, full-width digits,
`ten [at] gmail.com`, `Năm sinh: 2010`, `sinh ra ngày …`, `thôn …, xã …`, `số nhà …`. The patterns
are narrow on purpose: a class (`Lớp 9A`), a school year (`năm học 2018-2019`), a decision number
or a prize with its year must pass, or editors would learn to ignore the check.

`private:` takes a documented set of keys (`PRIVATE_KEYS`); anything else is a typo or a
misplaced field (a `withdrawn:` beside `consent:` instead of inside it would leave a child
published), so it is refused with a "did you mean".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from typing import Any, Iterator

from .loader import Document, Loc, Problem

#: Keys allowed under `private:` (never published); documented in the README and the editors' guide.
PRIVATE_KEYS = {
    "consent": "sự đồng ý công bố: {by, date, child: true} hoặc {by: self, date, adult: true}",
    "contact": "người liên hệ", "contacts": "những người liên hệ",
    "phone": "số điện thoại", "email": "thư điện tử", "address": "địa chỉ",
    "birth_date": "ngày sinh", "guardian": "cha, mẹ hoặc người giám hộ",
    "note": "ghi chú", "notes": "ghi chú", "ghi_chu": "ghi chú",
}
#: Keys of `private.consent` (contract v2: a guardian's and the child's consent, or an adult's own).
CONSENT_KEYS = ("by", "date", "child", "adult", "withdrawn")

# Zero-width characters (`_INVISIBLE_CHARS`) hide a number from a pattern yet not from a reader.
_SEP = r"[\s.\-–·]?"
PATTERNS: dict[str, re.Pattern[str]] = {
    # 0912 345 678, 0912.345.678, (+84) 912-345-678, +84 912345678, 84-912-345-678, (024) 3825 1234:
    # a leading 0 or 84 country code and 9–10 more digits with single separators between them.
    "phone number": re.compile(
        r"(?<![\w/])(?:\(\s*\+?\s*84\s*\)|\+\s*84|84(?=[\s.\-]?[1-9]\d))" + _SEP
        + r"\(?\d\)?(?:" + _SEP + r"\(?\d\)?){8,9}(?![\d/])"
        r"|(?<![\w/])(?:\(0\d{1,3}\)|0\d)(?:" + _SEP + r"\d){8,9}(?![\d/])"),
    # ten@gmail.com, ten [at] gmail.com, ten (at) gmail (dot) com, ten a còng gmail chấm com.
    "e-mail address": re.compile(
        r"[\w.+-]+\s*(?:@|[\[(]\s*(?:at|a còng)\s*[\])]|\s(?:at|a còng)\s)\s*[\w-]+"
        r"(?:\s*(?:\.|[\[(]\s*(?:dot|chấm)\s*[\])]|\s(?:dot|chấm)\s)\s*[\w-]+)+", re.IGNORECASE),
    # Năm sinh: 2010, ngày sinh 12/3/2010, sinh ngày 12, sinh năm 2010, sinh ra ngày …, sinh ra
    # vào năm …, SN 2010; "học sinh năm học …", "nữ sinh năm 2019 đoạt giải" are not birth dates.
    "birth date": re.compile(
        r"(?i)(?:\b(?:ngày|tháng|năm)\s+sinh\b|(?<!học )(?<!nữ )(?<!nam )\bsinh\s+(?:ra\s+)?(?:vào\s+)?"
        r"(?:ngày|tháng|năm)\b|\bSN\b)\s*[:\-]?\s*(?:\d|mùng|mồng)"),
    # Địa chỉ, nhà ở, trú tại, số nhà 12, ngõ 34, thôn Đồng Tâm, xã Yên Mông.
    "home address": re.compile(
        r"(?i)\b(?:địa chỉ|nhà ở|trú tại|thường trú|tạm trú|số nhà)\b"
        r"|\b(?:ngõ|ngách|hẻm|kiệt)\s+\d"
        r"|(?:\b(?:thôn|xóm|bản|ấp|tổ dân phố|khu phố)\s+[^,;.\n]{1,40}|\btổ \d+)\s*,\s*"
        r"(?:xã|phường|thị trấn)\s+(?P<place>\w)"),
}
#: Lower-case text a match cannot lack, as groups of words that must all be there (spaces
#: collapsed): most texts have none, and the patterns are skipped (at 10,000 records running
#: every pattern on every story took seconds; "sinh" alone is in every "học sinh").
NEEDLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "e-mail address": (("@",), (" at ",), ("[at]",), ("(at)",), ("a còng",), ("[ at ]",), ("( at )",)),
    "birth date": tuple((w,) for w in ("ngày sinh", "tháng sinh", "năm sinh", "sinh ra", "sinh vào",
                                       "sinh ngày", "sinh tháng", "sinh năm", "sn")),
    "home address": (*((w,) for w in ("địa chỉ", "nhà ở", "trú tại", "thường trú", "tạm trú", "số nhà",
                                      "ngõ", "ngách", "hẻm", "kiệt", "tổ dân phố")),
                     *((f"tổ {d}",) for d in range(10)),
                     *((place, f",{sep}{unit}") for place in ("thôn", "xóm", "bản", "ấp", "khu phố")
                       for unit in ("xã", "phường", "thị trấn") for sep in ("", " "))),
}
# NEEDLES split into single words and groups, so that the common case (none there) runs in C.
_NEEDLES = {what: (tuple(g[0] for g in groups if len(g) == 1), tuple(g for g in groups if len(g) > 1))
            for what, groups in NEEDLES.items()}


def _needles_found(needles: tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], lowered: str) -> bool:
    singles, groups = needles
    return any(map(lowered.__contains__, singles)) or any(all(map(lowered.__contains__, g)) for g in groups)


#: Nine digits with at most two separators between each: what any phone number holds (a cheap
#: test that skips the phone pattern for almost every text).
_DIGIT_RUN = re.compile(r"\d(?:[\s.\-–·()+]{0,2}\d){8}")
_INVISIBLE_CHARS = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
#: Fields of a record that are not text a reader sees (ids, dates, choices) and cannot hold
#: contact data in a form the patterns would find; everything else is checked.
_NOT_TEXT = {"kind", "unit", "campaign", "school_year", "stage", "level", "date", "published", "draft",
             "featured", "good_deed", "criteria", "milestone", "scope", "withdrawn"}


def public_texts(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text a reader may see in a record as loaded: all of it but `private:` and ids/dates."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key == "private" and not loc or key in _NOT_TEXT:
                continue
            yield from public_texts(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from public_texts(value, loc + (i,))


def contact_data(text: str) -> list[tuple[str, int]]:
    """(what, line within `text`) of each kind of contact data found, first occurrence of each."""
    folded = unicodedata.normalize("NFKC", text)  # full-width digits, ＠, (＋84) → ASCII
    if _INVISIBLE_CHARS.search(folded):
        folded = _INVISIBLE_CHARS.sub("", folded)
    lowered = " ".join(folded.lower().split())
    found = []
    for what, pattern in PATTERNS.items():
        if what in _NEEDLES and not _needles_found(_NEEDLES[what], lowered):
            continue
        if what == "phone number" and not _DIGIT_RUN.search(folded):
            continue
        # A place is named with a capital ("xã Yên Mông"); "cơ bản, xã hội" is no address.
        match = next((m for m in pattern.finditer(folded) if not m.groupdict().get("place")
                      or m["place"].isupper()), None)
        if match:
            found.append((what, folded.count("\n", 0, match.start())))
    return found


def check_student_texts(doc: Document, problems: list[Problem]) -> None:
    """A student's page shows no phone, e-mail, birth date or address, in any public text."""
    for loc, text in public_texts(doc.data):
        for what, lines_down in contact_data(text):
            problems.append(Problem(doc.path, doc.line_in(loc, text, 0) + lines_down,
                                    f"{_label(loc)}: a student's page must not show a {what}; "
                                    "move it under private:"))


def check_private(doc: Document, today: date, problems: list[Problem]) -> None:
    """Keys under `private:` are known ones; a consent is not dated after the build date and has
    no key left without a value."""
    private = doc.data.get("private") if isinstance(doc.data, dict) else None
    if not isinstance(private, dict):
        return  # not a mapping: the field's type check says so
    for key in private:
        if key in PRIVATE_KEYS:
            continue
        if key in CONSENT_KEYS:
            hint = (f"; {key} belongs inside consent: write it indented under private: consent:, "
                    f"e.g. private: {{consent: {{..., {key}: ...}}}}")
        else:
            match = difflib.get_close_matches(str(key), list(PRIVATE_KEYS), n=1)
            hint = f" (did you mean {match[0]!r}?)" if match else ""
        problems.append(doc.problem(("private", key), f"private.{key}: unknown key{hint}; known keys: "
                                                      f"{', '.join(PRIVATE_KEYS)}"))
    consent = private.get("consent")
    if not isinstance(consent, dict):
        return
    for key, value in consent.items():
        if value is None and key in CONSENT_KEYS:
            problems.append(doc.problem(("private", "consent", key), f"private.consent.{key}: has no "
                                        "value; write it, or remove the line"))
    written = consent.get("date")
    if isinstance(written, str):
        try:
            day = date.fromisoformat(written.strip())
        except ValueError:
            return  # not a date: the consent's own check says so
        if day > today:
            problems.append(doc.problem(("private", "consent", "date"), f"private.consent.date: "
                                        f"{day:%d/%m/%Y} is after the build date {today:%d/%m/%Y}; a "
                                        "consent must be given before publishing: write the date it was signed"))


def _label(loc: Loc) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
