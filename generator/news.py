"""News posts (tin tức): `content/news/<id>.md`, Markdown with a YAML front matter.

```
---
title: Hội nghị điển hình tiên tiến ngành Giáo dục và Đào tạo năm 2019
date: 2019-11-20
unit: so-gddt-hoa-binh
author: Văn phòng Sở GD&ĐT
exemplars: [nguyen-thi-hoa-th-kim-dong]
milestone: hoi-nghi-2019
photos:
  - {file: hoi-nghi-2019.png, caption: "…", alt: "…"}
draft: false
---
Bài viết (Markdown) …
```

Why not mkdocs-material's blog plugin (README, "News"): it reads posts only from under
`docs_dir`, parses their front matter with PyYAML's YAML 1.1 loader (aliases, `NO` → false, no
line numbers) and stops at the first bad post with a message without a line; it would not know
our exemplar, unit or milestone ids, publishes a post dated in the future unless configured, and
shows drafts in `mkdocs serve`. Here the front matter goes through our own loader and field
types, every problem is `path:line: field: message`, and a post that is a draft or dated after
the build day never reaches the `Catalog`, exactly like an exemplar.

Posts become typed `NewsPost` records on `Catalog.news`, newest first; pages, feed, search and
the reporting duty read them there.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import markdown_guard, spec
from .loader import MAX_BYTES, Document, Problem, parse
from .model import Photo
from .record_rules import check_photo
from .schema import SLUG, Bool, Date, Field, ListOf, Obj, Slug, Text, check, is_bad

log = logging.getLogger("mkdocs.plugins.exemplars")

FOLDER = "news"
#: Ids that would sit on top of the news list's own pages (archive, pagination).
RESERVED_IDS = ("trang", "luu-tru")

NEWS = Obj(title="Tin tức (content/news/*.md)", fields=[
    Field("title", Text(300), True, "Tiêu đề bản tin"),
    Field("date", Date(), True, "Ngày đăng (YYYY-MM-DD); ngày trong tương lai: chưa đăng"),
    Field("unit", Slug(), True, "Mã đơn vị gửi tin (trong units.yml)", "pgd-lac-son"),
    Field("author", Text(300), False, "Dòng tác giả, ví dụ: Nguyễn Văn An – Phòng GD&ĐT Lạc Sơn"),
    Field("summary", Text(1000), False, "Sa-pô: một hai câu giới thiệu (mặc định: đoạn đầu bài)"),
    Field("exemplars", ListOf(Slug()), False, "Mã các điển hình được nhắc đến trong bài"),
    Field("milestone", Slug(), False, "Mã mốc của kế hoạch (milestones trong plan.yml)"),
    Field("photos", ListOf(spec.PHOTO), False, "Ảnh: file, caption, alt"),
    Field("draft", Bool(), False, "true: bản nháp, chưa đăng"),
])


@dataclass(frozen=True)
class NewsPost:
    """Tin tức: one published news post, as readers see it."""

    id: str
    source: str
    title: str
    date: date
    unit: str
    body: str
    summary: str
    author: str | None = None
    exemplars: tuple[str, ...] = ()
    milestone: str | None = None
    photos: tuple[Photo, ...] = ()


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line of the body's first line) or None without a `---` block."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for i, line in enumerate(lines[1:], 1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None


def first_paragraph(markdown: str, limit: int = 300) -> str:
    """The body's first paragraph as plain text (a list's excerpt when no `summary` is given)."""
    for block in markdown.strip().split("\n\n"):
        text = " ".join(block.split()).lstrip("#> ").strip()
        if text and not text.startswith(("![", "<")):
            return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
    return ""


def read(path: Path, shown: str) -> tuple[Document, str, int] | Problem:
    """Parse one post: its front matter as a `Document` whose lines are the file's lines."""
    raw = read_bytes(path, shown)
    return raw if isinstance(raw, Problem) else parse_post(raw, shown)


def read_bytes(path: Path, shown: str) -> bytes | Problem:
    try:
        return path.read_bytes()
    except OSError as exc:
        return Problem(shown, 1, f"cannot read the file: {exc.strerror}")


def parse_post(raw: bytes, shown: str) -> tuple[Document, str, int] | Problem:
    """`read` of the post whose bytes are `raw` (a function of them and `shown` alone)."""
    if len(raw) > MAX_BYTES:
        return Problem(shown, 1, f"file is {len(raw) // 1024} KB, over the {MAX_BYTES // 1024} KB limit")
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(shown, raw[: exc.start].count(b"\n") + 1, "the file is not UTF-8 text; save it as UTF-8")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    parts = split_front_matter(text)
    if parts is None:
        return Problem(shown, 1, "a news post starts with a front matter: a line '---', the fields "
                                 "(title, date, unit, …), then another '---' line")
    front, body, body_line = parts
    doc = parse(front, shown)
    if isinstance(doc, Problem):
        doc.line += 1  # the front matter starts on the file's second line
        return doc
    doc.lines = {loc: line + 1 for loc, line in doc.lines.items()}
    doc.lines[()] = 1  # a problem of the whole post points at its first line
    return doc, body, body_line


def load_news(content_dir: Path, shown, units: dict[str, Any], record_kinds: dict[str, Any],
              published_ids: set[str], milestones: set[str], media_dir: Path, today: date,
              problems: list[Problem], reader=read) -> list[NewsPost]:
    """Check every post of `content/news/`; return the published ones, newest first.

    `record_kinds` has every exemplar id (drafts included) with its kind, `published_ids` those on
    the site. A post links only published records: another one named (a story not out yet) is
    left unlinked until it is. A published post may not name a student who is not published
    (no consent yet, consent withdrawn, draft): its text would name a child without consent.
    `reader`: `read`, or one that keeps the parse of unchanged posts (`plandocs.KeptPosts`).
    """
    folder = content_dir / FOLDER
    out: list[NewsPost] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_dir() or path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        post = check_post(path, shown(path), units, record_kinds, published_ids, milestones, media_dir, today,
                          problems, seen, reader)
        if post is not None:
            out.append(post)
    out.sort(key=lambda n: (-n.date.toordinal(), n.id))
    return out


def check_post(path: Path, where: str, units: dict[str, Any], record_kinds: dict[str, Any],
               published_ids: set[str], milestones: set[str], media_dir: Path, today: date,
               problems: list[Problem], seen: dict[str, str] | None = None, reader=read) -> NewsPost | None:
    """One file of `content/news/`: its problems into `problems`, the post if it is published.
    `seen`: the ids of the posts checked before it (a duplicate id is a problem)."""
    if path.suffix != ".md":
        problems.append(Problem(where, 1, "a news post is a Markdown file ending in .md; rename it"))
        return None
    result = reader(path, where)
    if isinstance(result, Problem):
        problems.append(result)
        return None
    doc, body, body_line = result
    post_id = path.stem
    if not SLUG.match(post_id) or post_id in RESERVED_IDS:
        problems.append(doc.problem((), f"file name {path.name!r} is not a valid news id: use lowercase "
                                        "a-z, 0-9 and '-' only (not 'trang' or 'luu-tru')"))
    if seen is not None:
        if post_id in seen:
            problems.append(doc.problem((), f"duplicate news id {post_id!r}: {seen[post_id]} has the same "
                                            "file name; rename one of them"))
            return None
        seen[post_id] = doc.path
    before = len(problems)
    data = check(NEWS, doc.data if doc.data is not None else {}, doc, (), problems)
    if is_bad(data):
        return None
    if not body.strip():
        problems.append(Problem(doc.path, body_line, "the post has no text below its front matter; "
                                                     "write the article"))
    # Like a story: Markdown that would take minutes to render, links that hide their scheme.
    for finding in [*filter(None, [markdown_guard.too_costly(body)]), *markdown_guard.bad_links(body)]:
        problems.append(Problem(doc.path, body_line + body[:finding.index].count("\n"), finding.message))
    unit = data.get("unit")
    if unit and units and unit not in units:
        problems.append(doc.problem(("unit",), f"unit: unknown unit {unit!r}; use an id from units.yml"))
    draft = data.get("draft", False)
    for j, rid in enumerate(data.get("exemplars", [])):
        if rid not in record_kinds:
            problems.append(doc.problem(("exemplars", j), f"exemplars: unknown exemplar {rid!r}; use the "
                                                          "file name of a record in content/exemplars/"))
        elif rid not in published_ids and record_kinds[rid] == "student" and not draft:
            problems.append(doc.problem(("exemplars", j), f"exemplars: student {rid!r} is not published "
                                        "(no consent, consent withdrawn, draft or scheduled); a post may not "
                                        "name the child: remove the name, or keep draft: true"))
    milestone = data.get("milestone")
    if milestone and milestone not in milestones:
        known = ", ".join(sorted(milestones)) or "none defined in plan.yml"
        problems.append(doc.problem(("milestone",), f"milestone: unknown milestone {milestone!r}; "
                                                    f"known: {known}"))
    for j, photo in enumerate(data.get("photos", [])):
        check_photo(doc, ("photos", j, "file"), photo.get("file", ""), media_dir, problems)
    if len(problems) > before or draft:
        return None
    if data["date"] > today:
        log.info("%s: scheduled for %s, not published yet", doc.path, f"{data['date']:%d/%m/%Y}")
        return None
    return NewsPost(
        id=post_id, source=doc.path, title=data["title"], date=data["date"], unit=unit, body=body.strip("\n"),
        summary=data.get("summary") or first_paragraph(body), author=data.get("author"),
        exemplars=tuple(rid for rid in dict.fromkeys(data.get("exemplars", ())) if rid in published_ids),
        milestone=milestone,
        photos=tuple(Photo(**p) for p in data.get("photos", ())))
