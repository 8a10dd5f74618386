"""The records of the search index (bản ghi tìm kiếm): what each one's result and texts are
(`SearchDoc`), and a digest of what they are made of that reads no text.

A build after a one-record edit must learn that the other records did not change. Making every
record's SearchDoc to compare it (each story decoded from the record cache's UTF-8, its links
taken out, each summary cut into an excerpt) took 0.4 s at 10,000 records, 0.9 s in the forked
search worker, where every record it touches is copied. A story's SearchDoc is made of its
record's fields, its unit's name and code (this module, search.py, labels.py, urls.py, model.py:
part of the key of the build cache's search state, buildcache.BuildCache.search_files). Every
published record carries a digest of all its fields already (`incremental.record_digest`, given
when the file is checked and kept by the record cache), so a story's digest here is that digest
with its unit's name: the same record and unit name, the same SearchDoc. A record without one (a
catalog made by hand) and the unit pages and news posts (short, and few) are digested from their
SearchDoc. Only the records whose digest is new get their SearchDoc made (`SearchRecords.doc`).
"""

from __future__ import annotations

import hashlib
import marshal
import re
from typing import Callable

from . import urls
from .incremental import _MEMO
from .labels import label
from .model import Catalog, Exemplar, Unit, school_year_of
from .search import IN_NAME, IN_TITLE, W_FACT, W_NAME, W_SUMMARY, W_TEXT, W_TITLE, W_UNIT, SearchDoc

EXCERPT_CHARS = 220
#: The kind a news post shows in results and filters.
NEWS_KIND = "Tin tức"

_MARKDOWN_LINK = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+")


class SearchRecords:
    """The records of an index in record order (search.bundle_files: the reverse of
    `documents`'): a digest of each, and its SearchDoc, made when first asked for."""

    def __init__(self, digests: list[bytes], make: Callable[[int], SearchDoc]) -> None:
        self.digests = digests
        self._make = make
        self._docs: dict[int, SearchDoc] = {}

    def __len__(self) -> int:
        return len(self.digests)

    def doc(self, number: int) -> SearchDoc:
        found = self._docs.get(number)
        if found is None:
            found = self._docs[number] = self._make(number)
        return found

    def docs(self) -> list[SearchDoc]:
        return [self.doc(number) for number in range(len(self.digests))]


def of_documents(documents: list[SearchDoc]) -> SearchRecords:
    """Records given as SearchDocs (`documents`' order), each digested whole."""
    docs = documents[::-1]
    return SearchRecords(record_digests(docs), docs.__getitem__)


def of_catalog(catalog: Catalog) -> SearchRecords:
    """The records of `catalog`, stories digested by their record's digest (no story decoded)."""
    others = (news_documents(catalog) + [unit_document(catalog, unit) for unit in catalog.units.values()])[::-1]
    stories = catalog.exemplars[::-1]
    made: dict[int, SearchDoc] = {}
    digests = record_digests(others)
    # A story's digest: its record's (`incremental.record_digest`: all its fields) and a digest of
    # its unit's name; apart from code, all its SearchDoc is made of. Put together, not hashed
    # again: a hash a record was 0.03 s of 0.12 at 10,000 records.
    named = {unit_id: unit_tag(unit.name) for unit_id, unit in catalog.units.items()}
    for number, e in enumerate(stories, len(others)):
        digest = e.__dict__.get(_MEMO)
        if digest is None:  # not a checked record: by its SearchDoc
            doc = made[number] = story_document(catalog, e)
            digests.append(record_digests([doc])[0])
        else:
            digests.append(digest.encode() + named[e.unit])
    records = SearchRecords(digests, lambda n: others[n] if n < len(others)
                            else story_document(catalog, stories[n - len(others)]))
    records._docs.update(made)
    return records


def unit_tag(name: str) -> bytes:
    """The part of a story's digest that stands for its unit's name."""
    return hashlib.blake2b(f"unit\0{name}".encode("utf-8", "surrogatepass"), digest_size=16).digest()


def record_digests(docs: list[SearchDoc]) -> list[bytes]:
    """A digest of each SearchDoc's fields. marshal version 2 writes values only (no references
    between objects), so equal records give equal bytes however their strings are shared, and it
    takes 0.2 s at 10,000 records where `repr` takes 0.9 s."""
    return [hashlib.blake2b(marshal.dumps(tuple(vars(d).values()), 2), digest_size=16).digest() for d in docs]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def _story_text(markdown: str) -> str:
    # Every match holds "](", "<" or "://", which most stories lack: three scans in C instead
    # of the pattern's walk over 10,000 stories (a tenth of a second of a delta build's search).
    if "](" not in markdown and "<" not in markdown and "://" not in markdown:
        return markdown
    return _MARKDOWN_LINK.sub(" ", markdown)


def documents(catalog: Catalog) -> list[SearchDoc]:
    """Stories (newest first, as the catalog sorts them), then news, then unit pages."""
    return ([story_document(catalog, e) for e in catalog.exemplars] + news_documents(catalog)
            + [unit_document(catalog, unit) for unit in catalog.units.values()])


def story_document(catalog: Catalog, e: Exemplar) -> SearchDoc:
    """A story's result: made of the record's fields, its unit's name and code (`of_catalog`: nothing else)."""
    unit = catalog.units[e.unit]
    kind = label(e.kind, "kind")
    texts = [(e.name, W_NAME, IN_NAME), (e.title, W_TITLE, IN_TITLE), (unit.name, W_UNIT, 0),
             (e.summary, W_SUMMARY, 0), (kind, W_TEXT, 0), (e.school_year, W_TEXT, 0),
             (e.registered_title, W_FACT, 0), (" ".join(e.fields), W_FACT, 0),
             (e.position or "", W_FACT, 0), (_story_text(e.story), W_TEXT, 0)]
    texts += [(f"{a.title} {a.decision or ''}", W_TEXT, 0) for a in e.awards]
    texts += [(m.title, W_TEXT, 0) for m in e.media]
    texts += [(f"{p.caption} {p.alt}", W_TEXT, 0) for p in e.photos]
    texts += [(ev.text, W_TEXT, 0) for ev in e.events]
    return SearchDoc(url=urls.story(e.id), title=e.title, name=e.name, kind=kind, unit=unit.name,
                     year=e.school_year, excerpt=_excerpt(e.summary), texts=tuple(texts),
                     filters={"kind": kind, "unit": unit.name, "year": e.school_year})


def unit_document(catalog: Catalog, unit: Unit) -> SearchDoc:
    parent = catalog.units[unit.parent].name if unit.parent else ""  # the last of its ancestors
    kind = label(unit.kind, "unit_kind")
    level = label(unit.level, "level")
    about = f"{kind}{' · ' + level if level else ''}{' · ' + parent if parent else ''}"
    return SearchDoc(url=urls.unit(unit.id), title=unit.name, name="", kind=kind, unit=parent, year="",
                     excerpt=about, texts=((unit.name, W_NAME, IN_NAME | IN_TITLE), (level, W_FACT, 0),
                                           (parent, W_TEXT, 0)),
                     filters={"unit": unit.name})


def news_documents(catalog: Catalog) -> list[SearchDoc]:
    """News posts (tin tức): published ones only, from the model like the stories."""
    docs = []
    for post in catalog.news:
        unit = catalog.units[post.unit].name
        year = school_year_of(post.date)
        texts = [(post.title, W_TITLE, IN_TITLE), (unit, W_UNIT, 0), (post.summary, W_SUMMARY, 0),
                 (post.author or "", W_FACT, 0), (_story_text(post.body), W_TEXT, 0)]
        texts += [(f"{p.caption} {p.alt}", W_TEXT, 0) for p in post.photos]
        docs.append(SearchDoc(url=urls.news(post.id), title=post.title, name="", kind=NEWS_KIND, unit=unit,
                              year=year, excerpt=_excerpt(post.summary), texts=tuple(texts),
                              filters={"kind": NEWS_KIND, "unit": unit, "year": year}))
    return docs
