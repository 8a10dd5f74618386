"""Markdown an editor writes (stories, hand-written pages) checked before Python-Markdown sees it.

Three things the build would otherwise find late, or never:

- **Text that makes Markdown work for minutes.** Python-Markdown looks for the end of a link from
  every `[` (and of an HTML tag or autolink from every `<`) to the end of the paragraph, and splits
  a paragraph anew at every heading, setext underline or rule inside it: the work grows with
  (markers × paragraph length). 30,000 `[` took minutes. Its HTML pass scans from every `<a`
  to the next `>` across the whole text (30,000 `<a`: over a minute), and each heading costs
  ~0.4 ms. Nested emphasis deeper than ~1,000 levels crashes Markdown (RecursionError). Each is
  bounded below; `make bench-markdown` (tests/bench_markdown.py) renders the worst story each
  bound still accepts (all within a couple of seconds on this machine), while real stories stay
  far below the bounds.
- **Links that hide their scheme**: `javascript:`, `data:`, `vbscript:` … written with HTML
  entities (`&#106;avascript:`) or control characters, which browsers decode and strict MkDocs
  fails on (a plainly written one is removed by `sanitize`).
- **Links to pages that do not exist** (relative `.md` links, links to generated pages), which
  strict MkDocs reports against a generated page; here they name the YAML file and line.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable
from urllib.parse import unquote, urlsplit

from .lazytext import holds
from .loader import MAX_BYTES, Document, Problem, content_files, load, not_plain, shown_path

if TYPE_CHECKING:
    from .model import Catalog

#: Sum over paragraphs of (link and tag openers + block splits) × paragraph length.
MAX_COST = 3_000_000
#: Sum over HTML tag openers (`<a`, `</`, `<!`, `<?`) of the distance to the next `>`: Markdown's
#: HTML pass (Python's html.parser) scans that far from each, across paragraphs.
MAX_HTML_SCAN = 20_000_000
#: Headings and rules in one text (each costs Markdown ~0.4 ms; real stories have a few dozen).
MAX_HEADINGS = 1_000
#: Emphasis markers (`*`, `_`) in one paragraph: nesting deeper than ~1,000 crashes Markdown.
MAX_EMPHASIS = 2_000
#: Schemes a story may link to (as `sanitize` lets through).
SCHEMES = ("http", "https", "mailto")

_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
_OPENERS = re.compile(r"[\[<]")
_SPLITS = re.compile(r"^ {0,3}(?:#|=+[ \t]*$|-+[ \t]*$|([-*_])(?:[ \t]*\1){2,}[ \t]*$)", re.MULTILINE)
_CODE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$|`[^`\n]*`", re.MULTILINE | re.DOTALL)
# Where a URL can stand: Markdown inline links and images, reference definitions, autolinks, HTML.
_DESTINATIONS = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]*)"
    r"|^ {0,3}\[[^\]\n]+\]:\s*<?(?P<ref>[^\s>]+)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.\-]*:[^>\s]*)>"
    r"|\b(?:href|src|action|formaction|poster|background|cite)\s*=\s*(?P<q>[\"']?)(?P<attr>[^\"'\s>]*)",
    re.MULTILINE | re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop them inside a URL


@dataclass(frozen=True)
class Finding:
    """One refusal in a Markdown text: the index it is at and what to do."""

    index: int
    message: str


def too_costly(text: str) -> Finding | None:
    """Where `text` is too slow or too deep for Markdown, if it is."""
    headings = _SPLITS.findall(text) if "\n" in text else []
    if len(headings) > MAX_HEADINGS:
        return Finding(0, f"{len(headings):,} headings and rules (at most {MAX_HEADINGS:,}); Markdown "
                          "would work for minutes: remove the stray '#', '=', '-' lines")
    scan = _html_scan(text)
    if scan is not None:
        return scan
    return _paragraph_cost(text)


def _html_scan(text: str) -> Finding | None:
    if "<" not in text:
        return None
    ends = [m.start() for m in re.finditer(">", text)]
    total, first = 0, None
    for match in _TAG_OPEN.finditer(text):
        i = bisect.bisect_left(ends, match.start())
        distance = (ends[i] if i < len(ends) else len(text)) - match.start()
        total += distance
        if first is None and distance > 1_000:
            first = match.start()
    if total <= MAX_HTML_SCAN:
        return None
    return Finding(first or 0, "text too costly to render (many '<' without a closing '>'; Markdown "
                               "would work for minutes): write '<' as &lt; or close the tags")


def _paragraph_cost(text: str) -> Finding | None:
    total = 0
    worst: tuple[int, int, int, int] | None = None  # cost, start, openers + splits, length
    start = 0
    for match in [*_PARAGRAPHS.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        emphasis = block.count("*") + block.count("_")
        if emphasis > MAX_EMPHASIS:
            return Finding(start, f"a paragraph holds {emphasis:,} '*' and '_' (at most {MAX_EMPHASIS:,}): "
                                  "Markdown would nest them until it fails; remove the stray ones or "
                                  "split the paragraph with blank lines")
        markers = len(_OPENERS.findall(block))
        if "\n" in block:
            markers += len(_SPLITS.findall(block))
        cost = markers * len(block)
        total += cost
        if worst is None or cost > worst[0]:
            worst = (cost, start, markers, len(block))
        start = match.end() if match else end
    if total <= MAX_COST or worst is None:
        return None
    _, at, markers, length = worst
    return Finding(at, f"text too costly to render ({markers:,} '[', '<', headings or rules in a "
                       f"paragraph of {length:,} characters; Markdown would work for minutes): remove "
                       "stray brackets, or split long paragraphs with blank lines")


def bad_links(text: str) -> list[Finding]:
    """Links whose scheme is hidden from a plain reading (`&#106;avascript:`, `java&#9;script:`):
    a browser decodes them, strict MkDocs fails on them. A plainly written `javascript:` is
    removed by `sanitize` (and tested there); a hidden one is refused, since it can only be a
    trick or a mistake."""
    out = []
    if "&" not in text and not _INVISIBLE_IN_URL.search(text.replace(" ", "").replace("\n", "")):
        return out
    for match in _DESTINATIONS.finditer(text):
        raw = next(g for g in (match["inline"], match["ref"], match["auto"], match["attr"]) if g is not None)
        url = _INVISIBLE_IN_URL.sub("", html.unescape(html.unescape(raw))).lower()
        scheme = _SCHEME.match(url)
        if scheme and scheme[1] not in SCHEMES and not raw.lower().startswith(scheme[0]):
            shown = raw if len(raw) <= 60 else raw[:57] + "…"
            out.append(Finding(match.start(), f"link {shown!r} uses '{scheme[1]}:', which is not allowed; "
                                              "link to http(s):// addresses, mailto: or pages of this site"))
    return out


def relative_links(text: str) -> list[tuple[str, int]]:
    """(path, index) of each relative Markdown link or image, as MkDocs checks them (raw HTML and
    code are left alone, as MkDocs does)."""
    if "](" not in text and "]:" not in text:
        return []
    plain = _CODE.sub(lambda m: " " * len(m.group()), text)
    out = []
    for match in _DESTINATIONS.finditer(plain):
        raw = match["inline"] if match["inline"] is not None else match["ref"]
        if not raw:
            continue
        if "&" in raw:
            continue  # an entity in a link: `bad_links` says what it hides
        parts = urlsplit(raw)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        out.append((unquote(parts.path), match.start()))
    return out


def check_markdown(doc: Document, loc: tuple, problems: list[Problem]) -> None:
    """Cost and link schemes of the Markdown text at `loc` (a story), as problems at their lines."""
    text = doc.data.get(loc[-1]) if isinstance(doc.data, dict) and len(loc) == 1 else None
    if not isinstance(text, str):
        return
    label = ".".join(map(str, loc))
    for finding in [*filter(None, [too_costly(text)]), *bad_links(text)]:
        problems.append(Problem(doc.path, doc.line_in(loc, text, finding.index), f"{label}: {finding.message}"))


def _page_texts(pages_dir: Path, content_dir: Path, shown, problems: list[Problem]) -> dict[str, tuple[str, str]]:
    """Hand-written pages: src_uri → (shown path, text), each checked like a story."""
    out: dict[str, tuple[str, str]] = {}
    if not pages_dir.is_dir():
        return out
    for path in content_files(pages_dir, content_dir, problems, shown):
        if path.suffix != ".md":
            continue
        if path.stat().st_size > MAX_BYTES:
            problems.append(Problem(shown(path), 1, f"the page is over the {MAX_BYTES // 1024} KB limit; split it"))
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(shown(path), 1, f"cannot read the page as UTF-8 text: {exc}"))
            continue
        for finding in [*filter(None, [too_costly(text)]), *bad_links(text)]:
            line = text.count("\n", 0, finding.index) + 1
            problems.append(Problem(shown(path), line, finding.message))
        out[path.relative_to(pages_dir).as_posix()] = (shown(path), text)
    return out


def site_problems(catalog: Catalog, known: Iterable[str] | Callable[[], Iterable[str]], content_dir: Path,
                  base: Path, pages_dir: Path | None = None) -> list[Problem]:
    """What strict MkDocs would refuse in the Markdown of stories and hand-written pages (a link to
    a page or file the site does not have), as problems at the YAML or page line. `known`: every
    source path of the site (generated pages and files, hand-written pages, photos), or a function
    that plans them, called only when some text has a relative link (most sites have none, and
    planning every page of 10,000 records takes seconds); `pages_dir`: the hand-written pages
    (MkDocs' docs_dir, content/pages/ by default)."""
    problems: list[Problem] = []

    def shown(p: Path) -> str:
        return shown_path(p, base)

    pages_dir = pages_dir or content_dir / "pages"
    root = content_dir if pages_dir.resolve().is_relative_to(content_dir.resolve()) else pages_dir.parent
    pages = _page_texts(pages_dir, root, shown, problems)
    from . import urls

    linking = [(urls.STORY.format(id=e.id), e, links) for e in catalog.exemplars  # a story undecoded if it
               if holds(e, "story", "]") and (links := relative_links(e.story))]  # holds no "]" (lazytext)
    page_links = [(src, path, text, links) for src, (path, text) in pages.items() if (links := relative_links(text))]
    if not linking and not page_links:
        return problems
    # Other files of the pages folder (the editors' guide's screenshots) are copied as they are.
    static = {p.relative_to(pages_dir).as_posix() for p in pages_dir.rglob("*")
              if p.is_file() and p.suffix != ".md"} if pages_dir.is_dir() else set()
    paths = set(known() if callable(known) else known) | set(pages) | static
    for src, e, links in linking:
        broken = [(target, index) for target, index in links if not _exists(src, target, paths)]
        if broken:
            problems += _story_link_problems(e.source, base, broken)
    for src, path, text, links in page_links:
        for target, index in links:
            if not _exists(src, target, paths):
                problems.append(Problem(path, text.count("\n", 0, index) + 1, _missing(target)))
    return problems


def _exists(src: str, target: str, known: set[str]) -> bool:
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
    return not resolved.startswith("../") and resolved in known


def _missing(target: str) -> str:
    if target.endswith(".md"):
        hint = ""
    elif target.endswith("/") and target.strip("/"):
        hint = f" (a page is linked by its .md file: {target.rstrip('/') + '.md'!r})"
    else:
        hint = " (link to the page's .md file, e.g. ../don-vi/th-kim-dong.md)"
    return f"link {target!r}: no such page or file on the site{hint}; fix the link or remove it"


def _story_link_problems(source: str, base: Path, broken: list[tuple[str, int]]) -> list[Problem]:
    """Broken story links at their YAML line: the record is read again (rare: only when broken)."""
    path = base / source
    doc = load(path, source) if not not_plain(path, base) else None
    if not isinstance(doc, Document) or not isinstance(doc.data.get("story"), str):
        return [Problem(source, 1, f"story: {_missing(target)}") for target, _ in broken]
    raw = doc.data["story"]
    out = []
    for target, _ in broken:
        index = max(raw.find(target), 0)
        out.append(doc.problem_in(("story",), raw, index, f"story: {_missing(target)}"))
    return out
