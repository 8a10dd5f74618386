"""Patch the search index after an edit (cập nhật chỉ mục tìm kiếm): a one-record change at 10,000
records counts the words of that record, not of all of them.

`search.bundle_files` counts every word of every record (6–8 s at 10,000 records, nearly all in
`build_postings`). The build cache keeps, between builds, the last bundle with what made it
(`SearchState`): per record, in record order, a digest of its `SearchDoc`; the postings (token →
`_Postings`); each token's file hash; the files. The next build aligns its records with the kept
ones by digest (`_align`: records changed in place, added at the end, removed or inserted in the
middle, any mix), then, token by token: takes the entries of the records that went out (bisecting
the token's sorted record ids), renumbers the records that moved, puts in the entries of the new
records (`search.analyse`, the same count as a full build), renumbers the token's spellings by
first appearance in record order as a full count does, and encodes again only the tokens whose
postings changed. Blocks, filters, vocabulary and entry are laid out again from the records
(`search.layout`, ~0.2 s). The result is byte for byte `bundle_files` of the new records
(tests/test_search_patch.py).

A full count instead when: no state, a state of another key (search.py, this module, vietnamese.py,
the cache's format or the versions changed), more than `MAX_CHANGED` of the records changed (a unit
renamed with most records under it), or a token touched by the change has more than 256 spellings (its
spelling bytes clamp at 255, so the kept bytes no longer say which spelling each entry had).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import threading
import time
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from .model import Catalog
from .search import (INDEX_DIR, SearchDoc, _Postings, _Vocabulary, analyse, documents, index_bundle, layout,
                     name_lengths, token_file, write_bundle)

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Patch only while at most this share of the records changed (or `FEW` records, whatever the
#: share): past it, renumbering and encoding nearly every token again costs about a full count.
MAX_CHANGED = 0.25
FEW = 16
#: Spelling numbers a token's spelling bytes hold exactly (0–255).
SPELLINGS = 256


class NotExact(Exception):
    """The kept postings cannot be patched into exactly what a full count gives."""


@dataclass
class SearchState:
    """A search bundle and what made it, kept by the build cache for the next build's patch."""

    key: str  # the code and versions that laid it out (buildcache.BuildCache.search_files)
    digests: list[bytes]  # per record, in record order (record_digests)
    index: dict[str, _Postings]
    hashes: dict[str, str]  # token → hash of its file
    files: dict[str, bytes]  # the bundle (search.bundle_files)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.key.encode() + b"".join(self.digests)).hexdigest()


def record_digests(docs: list[SearchDoc]) -> list[bytes]:
    """A digest of each record's fields. marshal version 2 writes values only (no references
    between objects), so equal records give equal bytes however their strings are shared, and it
    takes 0.2 s at 10,000 records where `repr` takes 0.9 s."""
    return [hashlib.blake2b(marshal.dumps(tuple(vars(d).values()), 2), digest_size=16).digest() for d in docs]


def bundle_state(documents: list[SearchDoc], key: str, previous: SearchState | None) -> SearchState:
    """The bundle of `documents` (search.documents' order) and its state: `previous` as it is
    when no record changed, patched when it can be, else counted anew. `previous` is consumed:
    a patch changes it in place."""
    docs = documents[::-1]  # record order: see search.bundle_files
    digests = record_digests(docs)
    if previous is not None and previous.key == key:
        if previous.digests == digests:
            return previous
        start = time.perf_counter()
        try:
            state, changed, tokens = patched(previous, docs, digests)
        except NotExact as why:
            log.info("search: index counted anew (%s)", why)
        else:
            log.info("search: index patched: %d records changed, %d of %d words encoded again, %.2f s",
                     changed, tokens, len(state.index), time.perf_counter() - start)
            return state
    index, hashes, files = index_bundle(docs)
    return SearchState(key, digests, index, hashes, files)


class PreviewIndex:
    """A preview's (mkdocs serve) last state, in memory: each rebuild's index is a patch of the
    previous one, ~1 s instead of ~7 s at 10,000 records of the preview's search thread."""

    def __init__(self) -> None:
        self.state: SearchState | None = None
        self.lock = threading.Lock()

    def files(self, catalog: Catalog) -> dict[str, bytes]:
        with self.lock:
            state, self.state = self.state, None  # a patch that fails half-way leaves nothing behind
            self.state = bundle_state(documents(catalog), "preview", state)
            return self.state.files


#: One per process: a preview that reloads mkdocs.yml gets a new plugin, the index stays.
PREVIEW = PreviewIndex()


def write_preview_bundle(site_dir: Path, catalog: Catalog) -> None:
    """A preview's search index, patched from its last one, in the background after a rebuild."""
    try:
        write_bundle(site_dir, catalog, PREVIEW.files(catalog))
    except Exception as exc:  # noqa: BLE001 - a preview keeps running; the editor sees why
        log.error("search index not updated: %s", exc)


def patched(state: SearchState, docs: list[SearchDoc], digests: list[bytes]) -> tuple[SearchState, int, int]:
    """`state` made the state of `docs` (record order); the records changed and the tokens encoded
    again. Raises NotExact, leaving `state` half-changed."""
    removed, added, moves = _align(state.digests, digests)
    if len(removed) + len(added) > max(FEW, MAX_CHANGED * max(len(docs), len(state.digests))):
        raise NotExact(f"{len(removed)} records out, {len(added)} in")
    index, changed = state.index, set()
    before: dict[str, tuple] = {}  # token → its postings before the patch, if only entries went or came
    if removed or moves:
        for token, p in index.items():
            found = _positions(p, removed)
            if found:
                before[token] = _bytes(p)
                _remove(p, found)
            if moves and _move(p, moves):
                changed.add(token)
    vocabulary = _Vocabulary()
    for doc_id in added:
        for token, (score, flags, spelling, _) in analyse(docs[doc_id], vocabulary).items():
            p = index.get(token)
            if p is None:
                p = index[token] = _Postings()
            if token not in before:
                before[token] = _bytes(p)
            _insert(p, doc_id, min(score, 255), flags, spelling)
    for token, was in before.items():
        _renumber_spellings(index[token])
        if _bytes(index[token]) != was:  # a record edited in place leaves most of its words as they were
            changed.add(token)
    hashes = state.hashes
    files = {path: state.files[path] for path in (f"{INDEX_DIR}/t/{t}.{h}.gz" for t, h in hashes.items() if t not in changed)}
    for token in changed:
        if index[token].docs:
            hashes[token] = token_file(files, token, index[token])
        else:  # its last record went
            del index[token]
            hashes.pop(token, None)
    layout(docs, index, hashes, files, name_lengths(docs, vocabulary))
    return SearchState(state.key, digests, index, hashes, files), len(removed) + len(added), len(changed)


def _align(old: list[bytes], new: list[bytes]) -> tuple[list[int], list[int], list[tuple[int, int, int]]]:
    """The records that went (old numbers), came (new numbers) and moved (old numbers [start, end)
    shifted by an offset). Kept: the longest sequence of records found in both in the same order
    (patience sorting, O(n log n); difflib took 5–16 s on 10,000 records with scattered changes),
    so a record that moved in the order counts as one out and one in, not all between."""
    where: dict[bytes, list[int]] = {}
    for i in range(len(old) - 1, -1, -1):  # pop() gives each digest's old numbers in order
        where.setdefault(old[i], []).append(i)
    pairs = [(where[d].pop(), j) for j, d in enumerate(new) if where.get(d)]
    tails: list[int] = []  # the smallest old number ending a kept sequence of each length
    ends: list[int] = []  # the pair that ends it
    back = [-1] * len(pairs)
    for k, (i, _) in enumerate(pairs):
        at = bisect_left(tails, i)
        if at == len(tails):
            tails.append(i)
            ends.append(k)
        else:
            tails[at], ends[at] = i, k
        back[k] = ends[at - 1] if at else -1
    kept = []
    k = ends[-1] if ends else -1
    while k >= 0:
        kept.append(pairs[k])
        k = back[k]
    kept.reverse()
    kept_old, kept_new = {i for i, _ in kept}, {j for _, j in kept}
    moves: list[tuple[int, int, int]] = []
    last = 0  # offset of the previous kept record
    for i, j in kept:
        if j - i and j - i == last:
            moves[-1] = (moves[-1][0], i + 1, j - i)
        elif j - i:
            moves.append((i, i + 1, j - i))
        last = j - i
    return ([i for i in range(len(old)) if i not in kept_old], [j for j in range(len(new)) if j not in kept_new],
            moves)


def _bytes(p: _Postings) -> tuple:
    return p.docs.tobytes(), bytes(p.scores), bytes(p.flags), bytes(p.spelling), tuple(p.spellings)


def _positions(p: _Postings, removed: list[int]) -> list[int]:
    """Where the entries of the `removed` records (old numbers) are, last first."""
    found = []
    for doc_id in reversed(removed):
        i = bisect_left(p.docs, doc_id)
        if i < len(p.docs) and p.docs[i] == doc_id:
            found.append(i)
    return found


def _remove(p: _Postings, positions: list[int]) -> None:
    if len(p.spellings) > SPELLINGS:
        raise NotExact("a word with more than 256 spellings changed")
    for i in positions:  # last first: the earlier positions stay where they are
        del p.docs[i], p.scores[i], p.flags[i], p.spelling[i]


def _move(p: _Postings, moves: list[tuple[int, int, int]]) -> bool:
    """Renumber the kept records; True if any entry moved. Spans are found before any moves, so
    every bisect sees a sorted array; after all of them it is sorted again (the order is kept)."""
    spans = [(bisect_left(p.docs, start), bisect_left(p.docs, end), offset) for start, end, offset in moves]
    found = False
    for lo, hi, offset in spans:
        if lo < hi:
            p.docs[lo:hi] = array("I", [d + offset for d in p.docs[lo:hi]])
            found = True
    return found


def _insert(p: _Postings, doc_id: int, score: int, flags: int, spelling: str) -> None:
    """Put in a new record's entry; a new spelling is numbered last until `_renumber_spellings`."""
    number = p.spellings.setdefault(spelling, len(p.spellings))
    if len(p.spellings) > SPELLINGS:
        raise NotExact("a word with more than 256 spellings changed")
    i = bisect_left(p.docs, doc_id)
    p.docs.insert(i, doc_id)
    p.scores.insert(i, score)
    p.flags.insert(i, flags)
    p.spelling.insert(i, number)


def _renumber_spellings(p: _Postings) -> None:
    """Number the spellings by first appearance in record order, as `build_postings` does;
    spellings no entry has any more go."""
    names = list(p.spellings)
    firsts = sorted((at, number) for number in range(len(names)) if (at := p.spelling.find(number)) >= 0)
    order = [number for _, number in firsts]
    if order != list(range(len(names))):
        table = bytearray(range(256))
        for new, old in enumerate(order):
            table[old] = new
        p.spelling = p.spelling.translate(table)
        p.spellings = {names[old]: new for new, old in enumerate(order)}
