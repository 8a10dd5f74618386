"""Patch the search index after an edit (cập nhật chỉ mục tìm kiếm): a one-record change at 10,000
records counts the words of that record, not of all of them.

`search.bundle_files` counts every word of every record (6–8 s at 10,000 records, nearly all in
`build_postings`). The build cache keeps, between builds, the last bundle with what made it
(`SearchState`): per record, in record order, a digest (search_records.py: a story's from its
record's own digest, no text read), its filter values and the length of its name; the postings
(token → `_Postings`); each token's file hash and each result block's; the files. The next build
aligns its records with the kept ones by digest (`_align`: records changed in place, added at the
end, removed or inserted in the middle, any mix), then, token by token: takes the entries of the
records that went out (bisecting the token's sorted record ids), renumbers the records that moved,
puts in the entries of the new records (`search.analyse`, the same count as a full build; only
these records' SearchDocs are made), renumbers the token's spellings by first appearance in record
order as a full count does, and encodes again only the tokens whose postings changed. A result
block whose records are the ones it had keeps its file, and so does the filters' file while every
record's filter values and name length are the same; the vocabulary and entry are laid out again
(`search.finish`). The result is byte for byte `bundle_files` of the new records
(tests/test_search_patch.py). A record edited in place leaves alone the tokens whose entry it
keeps; the state's file keeps each token's postings packed in one bytes object (`_Packed`),
unpacked only for the tokens a patch changes.

A full count instead when: no state, a state of another key (the code of the records' texts and
digests, of the count and of this module, the cache's format or the versions changed), more than
`MAX_CHANGED` of the records changed (a unit renamed with most records under it), or a token
touched by the change has more than 256 spellings (its spelling bytes clamp at 255, so the kept
bytes no longer say which spelling each entry had).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .model import Catalog
from .search import (BLOCK, ENTRY, INDEX_DIR, Bundle, _Postings, _Vocabulary, analyse, filter_values, finish, index_bundle,
                     name_lengths, result_block, token_file, write_bundle)
from .search_records import SearchRecords, of_catalog, record_digests  # noqa: F401 - search_patch.record_digests

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
class SearchState(Bundle):
    """A search bundle and what made it, kept by the build cache for the next build's patch."""

    key: str  # the code and versions that laid it out (buildcache.BuildCache.search_files)
    digests: list[bytes]  # per record, in record order (search_records.py)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.key.encode() + b"".join(self.digests)).hexdigest()

    def __getstate__(self) -> dict[str, Any]:
        found = dict(self.__dict__)
        found["index"] = {t: p if type(p) is _Packed else _Packed.of(p) for t, p in self.index.items()}
        return found


class _Packed:
    """A token's postings as the state file keeps them: one bytes object (the record ids as
    machine unsigned ints, then the score, flags and spelling bytes) and the spellings. A patch
    unpacks only the tokens it changes (`_open`); the others go back to the file as they came.
    Unpickling 10,000 records' postings as arrays cost the search worker 0.07 s of its 0.2."""

    __slots__ = ("raw", "count", "spellings")

    def __init__(self, raw: bytes, count: int, spellings: tuple[tuple[str, int], ...]) -> None:
        self.raw, self.count, self.spellings = raw, count, spellings

    def __reduce__(self) -> tuple:
        return (_Packed, (self.raw, self.count, self.spellings))

    @classmethod
    def of(cls, p: _Postings) -> _Packed:
        return cls(p.docs.tobytes() + p.scores + p.flags + p.spelling, len(p.docs), tuple(p.spellings.items()))

    @property
    def docs(self) -> memoryview:
        """The record ids, sorted (read only: bisect and len)."""
        return memoryview(self.raw)[:self.count * _ID_SIZE].cast("I")

    def unpacked(self) -> _Postings:
        n, raw = self.count, self.raw
        start = n * _ID_SIZE
        if len(raw) != start + 3 * n:
            raise NotExact("a kept token's postings are not whole")
        docs = array("I")
        docs.frombytes(raw[:start])
        return _Postings(docs, bytearray(raw[start:start + n]), bytearray(raw[start + n:start + 2 * n]),
                         bytearray(raw[start + 2 * n:]), dict(self.spellings))


_ID_SIZE = array("I").itemsize


def _open(index: dict[str, Any], token: str) -> _Postings:
    """The postings of `token` to change (unpacked, and kept so, if they came packed)."""
    p = index[token]
    if type(p) is _Packed:
        p = index[token] = p.unpacked()
    return p


def bundle_state(records: SearchRecords, key: str, previous: SearchState | None) -> SearchState:
    """The bundle of `records` and its state: `previous` as it is when no record changed,
    patched when it can be, else counted anew. `previous` is consumed: a patch changes it in
    place."""
    digests = records.digests
    if previous is not None and previous.key == key:
        if previous.digests == digests:
            return previous
        start = time.perf_counter()
        try:
            state, changed, tokens = patched(previous, records)
        except NotExact as why:
            log.info("search: index counted anew (%s)", why)
        else:
            log.info("search: index patched: %d records changed, %d of %d words encoded again, %.2f s",
                     changed, tokens, len(state.index), time.perf_counter() - start)
            return state
    return SearchState(**vars(index_bundle(records.docs())), key=key, digests=digests)


class PreviewIndex:
    """A preview's (mkdocs serve) last state, in memory: each rebuild's index is a patch of the
    previous one, ~1 s instead of ~7 s at 10,000 records of the preview's search thread."""

    def __init__(self) -> None:
        self.state: SearchState | None = None
        self.lock = threading.Lock()

    def files(self, catalog: Catalog) -> dict[str, bytes]:
        with self.lock:
            state, self.state = self.state, None  # a patch that fails half-way leaves nothing behind
            self.state = bundle_state(of_catalog(catalog), "preview", state)
            return self.state.files


#: One per process: a preview that reloads mkdocs.yml gets a new plugin, the index stays.
PREVIEW = PreviewIndex()


def write_preview_bundle(site_dir: Path, catalog: Catalog) -> None:
    """A preview's search index, patched from its last one, in the background after a rebuild."""
    try:
        write_bundle(site_dir, catalog, PREVIEW.files(catalog))
    except Exception as exc:  # noqa: BLE001 - a preview keeps running; the editor sees why
        log.error("search index not updated: %s", exc)


def patched(state: SearchState, records: SearchRecords) -> tuple[SearchState, int, int]:
    """`state` made the state of `records`; the records changed and the tokens encoded again.
    Raises NotExact, leaving `state` half-changed."""
    digests, count = records.digests, len(records)
    removed, added, moves = _align(state.digests, digests)
    if len(removed) + len(added) > max(FEW, MAX_CHANGED * max(count, len(state.digests))):
        raise NotExact(f"{len(removed)} records out, {len(added)} in")
    index, changed = state.index, set()
    vocabulary = _Vocabulary()
    entries = {doc_id: {token: (min(score, 255), flags, spelling)
                        for token, (score, flags, spelling, _) in analyse(records.doc(doc_id), vocabulary).items()}
               for doc_id in added}
    # A record edited in place (same number, nothing moved) keeps most of its entries as they were:
    # those tokens are left alone (neither unpacked nor compared).
    same: dict[str, set[int]] = {}
    for doc_id in (set(removed) & set(added) if not moves else ()):
        for token, entry in entries[doc_id].items():
            if token in index and _entry(index[token], doc_id) == entry:
                same.setdefault(token, set()).add(doc_id)
    before: dict[str, tuple] = {}  # token → its postings before the patch, if only entries went or came
    if removed or moves:
        for token in list(index):
            kept = same.get(token)
            found = _positions(index[token], [r for r in removed if r not in kept] if kept else removed)
            if found:
                p = _open(index, token)
                before[token] = _bytes(p)
                _remove(p, found)
            if moves and _move(index, token, moves):
                changed.add(token)
    for doc_id in added:
        for token, (score, flags, spelling) in entries[doc_id].items():
            if doc_id in same.get(token, ()):
                continue
            p = _open(index, token) if token in index else None
            if p is None:
                p = index[token] = _Postings()
            if token not in before:
                before[token] = _bytes(p)
            _insert(p, doc_id, score, flags, spelling)
    for token, was in before.items():
        _renumber_spellings(index[token])
        if _bytes(index[token]) != was:  # a record edited in place leaves most of its words as they were
            changed.add(token)
    hashes = state.hashes
    files = {path: state.files[path]
             for path in (f"{INDEX_DIR}/t/{t}.{h}.gz" for t, h in hashes.items() if t not in changed)}
    for token in changed:
        if index[token].docs:
            hashes[token] = token_file(files, token, index[token])
        else:  # its last record went
            del index[token]
            hashes.pop(token, None)
    # A block whose records are those it had (by digest) is the file it was; the others are laid out again.
    blocks = []
    for number, start in enumerate(range(0, count, BLOCK)):
        end = min(start + BLOCK, count)
        if digests[start:start + BLOCK] == state.digests[start:start + BLOCK]:  # as long as it was, too
            blocks.append(state.blocks[number])
            path = f"{INDEX_DIR}/d/{number}.{blocks[-1]}.gz"
            files[path] = state.files[path]
        else:
            blocks.append(result_block(files, number, [records.doc(i) for i in range(start, end)]))
    filters = _realigned(state.filters, removed, added, lambda j: filter_values(records.doc(j)), count)
    names = _realigned(state.names, removed, added, lambda j: name_lengths([records.doc(j)], vocabulary)[0], count)
    new = SearchState(index, hashes, files, blocks, filters, names, key=state.key, digests=digests)
    facets = None
    if filters == state.filters and names == state.names:  # its level-9 gzip: 0.06 s at 10,000 records
        facets = json.loads(state.files[ENTRY])["facets"]
        files[f"{INDEX_DIR}/{facets}"] = state.files[f"{INDEX_DIR}/{facets}"]
    finish(new, facets)
    return new, len(removed) + len(added), len(changed)


def _realigned(old: list, removed: list[int], added: list[int], new: Callable[[int], Any], count: int) -> list:
    """A per-record list after the alignment: kept records keep their values, in their order (an
    alignment keeps it), and `new(j)` is each added record's (`removed`, `added`: ascending)."""
    kept, start = [], 0
    for i in removed:
        kept += old[start:i]
        start = i + 1
    kept += old[start:]
    out: list = []
    start = 0
    for j in added:
        take = j - len(out)  # kept records before the added one
        out += kept[start:start + take]
        start += take
        out.append(new(j))
    out += kept[start:]
    assert len(out) == count
    return out


def _align(old: list[bytes], new: list[bytes]) -> tuple[list[int], list[int], list[tuple[int, int, int]]]:
    """The records that went (old numbers), came (new numbers) and moved (old numbers [start, end)
    shifted by an offset). Kept: the records the two share at their start and at their end, and
    between those the longest sequence of records found in both in the same order (patience
    sorting, O(n log n); difflib took 5–16 s on 10,000 records with scattered changes), so a
    record that moved in the order counts as one out and one in, not all between."""
    same = min(len(old), len(new))
    head = 0
    while head < same and old[head] == new[head]:
        head += 1
    rear = 0
    while rear < same - head and old[-1 - rear] == new[-1 - rear]:
        rear += 1
    where: dict[bytes, list[int]] = {}
    for i in range(len(old) - rear - 1, head - 1, -1):  # pop() gives each digest's old numbers in order
        where.setdefault(old[i], []).append(i)
    pairs = [(where[d].pop(), j) for j, d in enumerate(new[head:len(new) - rear], head) if where.get(d)]
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
    middle = []
    k = ends[-1] if ends else -1
    while k >= 0:
        middle.append(pairs[k])
        k = back[k]
    middle.reverse()
    kept_old, kept_new = {i for i, _ in middle}, {j for _, j in middle}
    moves: list[tuple[int, int, int]] = []
    last = 0  # offset of the previous kept record (the common head's: 0)
    runs = [(i, i + 1, j - i) for i, j in middle]
    if rear:  # the records shared at the end: one run
        runs.append((len(old) - rear, len(old), len(new) - len(old)))
    for start, end, offset in runs:
        if offset and offset == last:
            moves[-1] = (moves[-1][0], end, offset)
        elif offset:
            moves.append((start, end, offset))
        last = offset
    return ([i for i in range(head, len(old) - rear) if i not in kept_old],
            [j for j in range(head, len(new) - rear) if j not in kept_new], moves)


def _bytes(p: _Postings) -> tuple:
    return p.docs.tobytes(), bytes(p.scores), bytes(p.flags), bytes(p.spelling), tuple(p.spellings)


def _positions(p: _Postings | _Packed, removed: list[int]) -> list[int]:
    """Where the entries of the `removed` records (old numbers) are, last first."""
    found = []
    docs = p.docs
    for doc_id in reversed(removed):
        i = bisect_left(docs, doc_id)
        if i < len(docs) and docs[i] == doc_id:
            found.append(i)
    return found


def _entry(p: _Postings | _Packed, doc_id: int) -> tuple[int, int, str] | None:
    """The entry of record `doc_id` in a token's postings: (score byte, flags, spelling); None if
    it has none, or if its spelling byte may be clamped (more than 256 spellings)."""
    docs = p.docs
    i = bisect_left(docs, doc_id)
    if i == len(docs) or docs[i] != doc_id or len(p.spellings) > SPELLINGS:
        return None
    if type(p) is _Packed:
        n, at = p.count, p.count * _ID_SIZE + i
        score, flags, number = p.raw[at], p.raw[at + n], p.raw[at + 2 * n]
        return score, flags, next((name for name, k in p.spellings if k == number), None)
    number = p.spelling[i]
    return p.scores[i], p.flags[i], next((name for name, k in p.spellings.items() if k == number), None)


def _remove(p: _Postings, positions: list[int]) -> None:
    if len(p.spellings) > SPELLINGS:
        raise NotExact("a word with more than 256 spellings changed")
    for i in positions:  # last first: the earlier positions stay where they are
        del p.docs[i], p.scores[i], p.flags[i], p.spelling[i]


def _move(index: dict[str, Any], token: str, moves: list[tuple[int, int, int]]) -> bool:
    """Renumber the kept records of `token`; True if any entry moved. Spans are found before any
    moves, so every bisect sees a sorted array; after all of them it is sorted again (the order
    is kept)."""
    docs = index[token].docs
    spans = [(lo, hi, offset) for start, end, offset in moves
             if (lo := bisect_left(docs, start)) < (hi := bisect_left(docs, end))]
    if not spans:
        return False
    docs = _open(index, token).docs
    for lo, hi, offset in spans:
        docs[lo:hi] = array("I", [d + offset for d in docs[lo:hi]])
    return True


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
