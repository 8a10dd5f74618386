"""Site search: a static index of the published records, made for Vietnamese, behind Pagefind's UI.

Why not Pagefind's own index: Vietnamese is written in syllables, and a few hundred of them (`học`,
`trường`, `thị`, `giáo`) occur on nearly every page. Measured on 10,000 synthetic records, a Pagefind
query such as `truong tieu hoc` fetched 0.7–1.7 MB of index chunks and took 0.7–14 s to its first
result on two cores, because every match of a syllable carries all its word positions (README,
"Search"). This index keeps, per syllable, only which records contain it and how strongly (a byte:
name and title count more than the story), so a syllable found on all 10,000 records costs ~15 KB.

Pagefind still does what it is good at: its Component UI (dialog, keyboard navigation, filter
drop-downs, Vietnamese strings) comes from the pinned `pagefind_bin`, and `search_engine.js` is
served as the `pagefind.js` that UI loads: it implements Pagefind's documented JavaScript search
API (`createInstance`, `search`, `filters`) over the files written here.

The index is built from the `Catalog`, never from HTML: drafts, scheduled records, withdrawn
students and every `private:` field are not in it, and no menu or footer can be. Matching folds
case and diacritics, đ included (`dang` finds `Đặng`); each match keeps its accented spelling, so
an accented query ranks exact spellings first.

Bundle (`site/pagefind/`): `pagefind.js` (engine), `pagefind-component-ui.{js,css}` (UI),
`index.json` (entry, read on each visit), and under `index/`, all gzip and named by a hash of
their bytes (`<name>.<hash8>.gz`), so a file keeps its path while its bytes do not change and may
be cached forever: `v.*.gz` the vocabulary (first line: the result blocks' hashes; then
`token<TAB>records<TAB>hash` lines, sorted), `t/<token>.*.gz` one file per token (see
`_postings`), `d/<n>.*.gz` records' result data in blocks, `f.*.gz` filter values per record and
the number of words of each record's name. `index.json` names the vocabulary and filter files;
the vocabulary names the rest. Editing one record's summary changes the files of the tokens whose
postings changed, the block holding it, the vocabulary and `index.json`; nothing else. Records
are numbered in the reverse of the catalog's order (unit pages, news, stories oldest first), so
a newly published story is the last record: it adds to its words' files, the last block and the
filters, and renumbers nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import time
import unicodedata
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Container

from .pagefind_ui import UI_FILES, SearchIndexError, ui_files  # noqa: F401 - search.UI_FILES, search.SearchIndexError
from .model import Catalog
from .vietnamese import TONE_MARKS, fold

log = logging.getLogger("mkdocs.plugins.exemplars")

BUNDLE_DIR = "pagefind"
#: The index files' folder inside the bundle (every name in it carries a hash of its bytes).
INDEX_DIR = "index"
ENTRY = "index.json"
ENGINE = Path(__file__).with_name("search_engine.js")
#: Records per block of result data: the first screen of results fetches a few small blocks.
BLOCK = 32
MAX_TOKEN = 40
#: Weight of one occurrence of a word, by where it occurs: a name or title match must rank above
#: a mention inside a story.
W_NAME, W_TITLE, W_UNIT, W_FACT, W_SUMMARY, W_TEXT = 10, 8, 3, 2, 2, 1
#: Flags of a word in a record: it is in the name (of the person, model or unit), in the title.
IN_NAME, IN_TITLE = 1, 2
FILTERS = ("kind", "unit", "year")

_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SearchDoc:
    """One search result: a story or a unit page, with the texts that find it."""

    url: str  # site-relative, e.g. "dien-hinh/nguyen-thi-hoa/"
    title: str
    name: str  # the person or model (titles do not always name them); "" for a unit page
    kind: str  # Vietnamese label, shown and filtered on
    unit: str  # the record's unit; for a unit page, the unit above it
    year: str
    excerpt: str
    texts: tuple[tuple[str, int, int], ...]  # (text, weight of each word in it, IN_* flags)
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexReport:
    documents: int
    tokens: int
    bytes: int
    seconds: float
    #: Files not written because the output already holds them (`write_bundle`'s `present`).
    kept: set[str] = field(default_factory=set)


def spelling(word: str) -> str:
    """A word's accented spelling, tone mark last: `hoà` and `hòa` (old and new tone placement)
    are one spelling. Must equal `spelling` in search_engine.js."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS)) + tones


class _Vocabulary:
    """Words → (token, accented spelling) pairs, computed once per distinct word."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[tuple[str, str], ...]] = {}

    def tokens(self, word: str) -> tuple[tuple[str, str], ...]:
        found = self.cache.get(word)
        if found is None:
            parts = [t for t in _TOKEN.findall(fold(word)) if len(t) <= MAX_TOKEN]
            found = tuple((t, spelling(word) if len(parts) == 1 else t) for t in parts)
            self.cache[word] = found
        return found


@dataclass
class _Postings:
    docs: array = field(default_factory=lambda: array("I"))
    scores: bytearray = field(default_factory=bytearray)
    flags: bytearray = field(default_factory=bytearray)
    spelling: bytearray = field(default_factory=bytearray)
    spellings: dict[str, int] = field(default_factory=dict)


def analyse(doc: SearchDoc, vocabulary: _Vocabulary) -> dict[str, list]:
    """One record's tokens: token → [score, IN_* flags, the spelling that weighs most, its weight]
    (score unclamped). Shared by `build_postings` and the patch of an index (search_patch.py)."""
    weights: dict[str, list[int]] = {}  # word → [weight, flags]
    for text, weight, flags in doc.texts:
        for word in _WORD.findall(unicodedata.normalize("NFC", text).lower()):
            entry = weights.get(word)
            if entry is None:
                weights[word] = [weight, flags]
            else:
                entry[0] += weight
                entry[1] |= flags
    per_token: dict[str, list] = {}
    for word, (weight, flags) in weights.items():
        for token, spelling in vocabulary.tokens(word):
            entry = per_token.get(token)
            if entry is None:
                per_token[token] = [weight, flags, spelling, weight]
            else:
                entry[0] += weight
                entry[1] |= flags
                if weight > entry[3]:
                    entry[2], entry[3] = spelling, weight
    return per_token


def build_postings(docs: list[SearchDoc], vocabulary: _Vocabulary | None = None) -> dict[str, _Postings]:
    """token → records containing it, in record order, with a score byte (weighted count), IN_*
    flags and the accented spelling that weighs most in that record (spellings numbered by first
    appearance in record order; the byte clamps at 255)."""
    vocabulary = vocabulary or _Vocabulary()
    index: dict[str, _Postings] = {}
    for doc_id, doc in enumerate(docs):
        for token, (score, flags, spelling, _) in analyse(doc, vocabulary).items():
            p = index.get(token)
            if p is None:
                p = index[token] = _Postings()
            p.docs.append(doc_id)
            p.scores.append(min(score, 255))
            p.flags.append(flags)
            p.spelling.append(min(p.spellings.setdefault(spelling, len(p.spellings)), 255))
    return index


def name_lengths(docs: list[SearchDoc], vocabulary: _Vocabulary) -> list[int]:
    """Distinct tokens in each record's name: a query naming all of them is an exact name match."""
    out = []
    for doc in docs:
        tokens = {t for text, _, flags in doc.texts if flags & IN_NAME
                  for word in _WORD.findall(unicodedata.normalize("NFC", text).lower())
                  for t, _ in vocabulary.tokens(word)}
        out.append(len(tokens))
    return out


def _varints(numbers) -> bytearray:
    out = bytearray()
    for n in numbers:
        while n >= 0x80:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)
    return out


def _postings(p: _Postings) -> bytes:
    """One token's file: its spellings (tab-separated, one line), then the number of records,
    the record ids as varint deltas, one score byte each, one flags byte each, and one spelling
    byte each when the token has more than one spelling."""
    spellings = "\t".join(p.spellings).encode("utf-8") + b"\n"
    previous = 0
    deltas = []
    for d in p.docs:
        deltas.append(d - previous)
        previous = d
    body = _varints([len(p.docs)]) + _varints(deltas) + p.scores + p.flags
    if len(p.spellings) > 1:
        body += p.spelling
    return spellings + bytes(body)


def _gz(data: bytes, level: int = 6) -> bytes:
    # Level 9 only for the two files every first search reads: on the ~1,500 others it costs six
    # times the time (2 s at 10,000 records) for 2 % fewer bytes.
    return gzip.compress(data, compresslevel=level, mtime=0)


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _hashed(files: dict[str, bytes], stem: str, data: bytes) -> str:
    """Add `data` as `<INDEX_DIR>/<stem>.<hash8>.gz`; return the hash. Equal bytes, equal name:
    an unchanged file keeps its path across builds, a changed one never reuses an old path."""
    digest = hashlib.sha256(data).hexdigest()[:8]
    files[f"{INDEX_DIR}/{stem}.{digest}.gz"] = data
    return digest


def token_file(files: dict[str, bytes], token: str, p: _Postings) -> str:
    """Add a token's file to `files`; return its hash."""
    return _hashed(files, f"t/{token}", _gz(_postings(p)))


def bundle_files(docs: list[SearchDoc]) -> dict[str, bytes]:
    """Every index file and the entry file (path inside the bundle folder → bytes)."""
    # Numbered in the reverse of the catalog's order (unit pages, news, then stories oldest first):
    # a newly published story is the last record, so the others keep their numbers and files.
    return index_bundle(docs[::-1]).files


@dataclass
class Bundle:
    """An index counted and laid out, with what a patch of it needs (search_patch.py)."""

    index: dict[str, _Postings]
    hashes: dict[str, str]  # token → hash of its file
    files: dict[str, bytes]  # the bundle (path inside its folder → bytes)
    blocks: list[str]  # hash of each block of result data
    filters: list[tuple[str | None, ...]]  # each record's `filter_values`
    names: list[int]  # each record's `name_lengths`


def index_bundle(docs: list[SearchDoc]) -> Bundle:
    """`docs` in record order, counted and laid out."""
    vocabulary = _Vocabulary()
    index = build_postings(docs, vocabulary)
    files: dict[str, bytes] = {}
    hashes = {t: token_file(files, t, p) for t, p in index.items()}
    blocks = [result_block(files, start // BLOCK, docs[start:start + BLOCK]) for start in range(0, len(docs), BLOCK)]
    bundle = Bundle(index, hashes, files, blocks, [filter_values(d) for d in docs], name_lengths(docs, vocabulary))
    finish(bundle)
    return bundle


def result_block(files: dict[str, bytes], number: int, docs: list[SearchDoc]) -> str:
    """Add block `number` of the result data (`docs`: its records); return its hash."""
    rows = [[d.url, d.title, d.name, d.kind, d.unit, d.year, d.excerpt] for d in docs]
    return _hashed(files, f"d/{number}", _gz(_json(rows)))


def filter_values(doc: SearchDoc) -> tuple[str | None, ...]:
    """A record's value of each of FILTERS (None: it has none)."""
    return tuple(doc.filters.get(name) for name in FILTERS)


def finish(bundle: Bundle, facets_file: str | None = None) -> dict[str, bytes]:
    """Add the filters, vocabulary and entry to `bundle.files` (which holds the token files, the
    result blocks and, if `facets_file` names it, the filters' file: same filters, same names);
    return the files."""
    index, filters, files = bundle.index, bundle.filters, bundle.files
    lines = [f"{t}\t{len(index[t].docs)}\t{bundle.hashes[t]}\n" for t in sorted(index)]
    words = _hashed(files, "v", _gz(("\t".join(bundle.blocks) + "\n" + "".join(lines)).encode("ascii"), 9))
    if facets_file is None:
        facets = {}
        for k, name in enumerate(FILTERS):
            values = sorted({f[k] for f in filters if f[k] is not None})
            position = {v: i + 1 for i, v in enumerate(values)}  # 0: the record has no such value
            facets[name] = {"values": values, "of": [position.get("" if f[k] is None else f[k], 0) for f in filters]}
        facets_file = f"f.{_hashed(files, 'f', _gz(_json({'filters': facets, 'name_tokens': bundle.names}), 9))}.gz"
    files[ENTRY] = _json({"root": f"{INDEX_DIR}/", "vocabulary": f"v.{words}.gz", "facets": facets_file,
                          "records": len(filters), "block": BLOCK, "filters": list(FILTERS)})
    return files


def held_files(files: dict[str, bytes], present: Callable[[str, bytes], bool] | None) -> frozenset[str]:
    """The paths of `files` that `present` says the site holds already: asked in the search
    worker, where reading 1,800 files of site/ costs the main process nothing (0.06 s)."""
    if present is None:
        return frozenset()
    return frozenset(path for path, data in files.items() if present(f"{BUNDLE_DIR}/{path}", data))


_UI_CACHE: dict[str, bytes] = {}


def _put(path: Path, data: bytes) -> bool:
    """Write `data` at `path` unless it holds those bytes already (a preview rewrites the bundle
    in place: unchanged files keep their time); whole or not at all. True: written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def write_bundle(site_dir: Path, catalog: Catalog, files: dict[str, bytes] | None = None,
                 present: Callable[[str, bytes], bool] | None = None, held: Container[str] = ()) -> IndexReport:
    """(Re)write `site_dir/pagefind/`: Pagefind's UI, our engine and the index of `catalog`
    (`files`: its `bundle_files`, when a worker computed them; generator/parallel.py).
    `present(path, bytes)`: the site being updated holds that file already (a delta build writes
    into an empty folder beside it, generator/delta.py): it is not written, and is in `kept`.
    `held`: the paths of `files` the worker found `present` (`held_files`), not asked again.

    A preview rewrites the bundle while readers search: the new index files first, then the
    entry file that names them, then the files no longer named go. A reader holding the previous
    entry reads the previous files (or, once they are gone, reloads the entry: search_engine.js)."""
    start = time.perf_counter()
    if files is None:
        from .search_records import documents

        files = bundle_files(documents(catalog))
    if not _UI_CACHE:
        _UI_CACHE.update(ui_files())
    bundle = Path(site_dir) / BUNDLE_DIR
    kept: set[str] = set()

    def put(path: str, data: bytes) -> bool:
        if present is not None and (path in held or present(f"{BUNDLE_DIR}/{path}", data)):
            kept.add(f"{BUNDLE_DIR}/{path}")
            return False
        return _put(bundle / path, data)

    written = sum(put(path, data) for path, data in files.items() if path != ENTRY)
    for name, data in _UI_CACHE.items():
        put(name, data)
    put("pagefind.js", ENGINE.read_bytes())
    put(ENTRY, files[ENTRY])
    keep = {*files, *_UI_CACHE, "pagefind.js"}  # as strings: 1,800 Paths made cost a delta build 0.03 s
    removed = 0
    for old in sorted(bundle.rglob("*"), reverse=True):  # children before their folder
        if old.is_dir():
            if not any(old.iterdir()):
                old.rmdir()  # e.g. a version folder of the earlier layout, emptied
        elif old.relative_to(bundle).as_posix() not in keep:
            old.unlink()
            removed += 1
    report = IndexReport(documents=json.loads(files[ENTRY])["records"], tokens=sum(p.startswith(f"{INDEX_DIR}/t/") for p in files),
                         bytes=sum(len(b) for b in files.values()), seconds=time.perf_counter() - start, kept=kept)
    log.info("search: %d records, %d words, %.1f MB index in %.1f s (%d files written, %d removed)",
             report.documents, report.tokens, report.bytes / 1e6, report.seconds, written, removed)
    return report
