"""Stories kept as UTF-8 until read (generator/lazytext.py): a record read back from the record
cache, or a planned story page, gives exactly the text a fresh load gives (NFC included), and
what is asked of a story that still waits (does it hold "]", is it long, its page's fingerprint,
whether it links elsewhere) is what the decoded text answers."""

from __future__ import annotations

import pickle
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY
from synthetic import write_corpus

from generator import recordcache
from generator.incremental import page_digest
from generator.lazytext import at_least, holds, waiting
from generator.model import Exemplar
from generator.pages import story
from generator.planning import links_elsewhere, page_links_elsewhere
from generator.validate import load_catalog

#: Decomposed (NFD) Vietnamese as an editor's tool may save it, a link, an emphasis.
STORY_NFD = unicodedata.normalize("NFD", "Cô giáo Nguyễn Thị Hoà dạy học ở điểm trường bản Mường.")


def _record(text: str) -> Exemplar:
    return Exemplar(id="a", source="content/exemplars/a.yml", kind="teacher", name="Nguyễn Thị Hoà", title="T",
                    unit="u", campaign="c", school_year="2023-2024", summary="s", registered_title="r",
                    stage="published", published=date(2024, 1, 1), story=text)


def _waiting(record: Exemplar) -> Exemplar:
    """The record as the record cache gives it back: its story not decoded yet."""
    back = pickle.loads(pickle.dumps(record, protocol=5))  # noqa: S301 - our own bytes
    assert "story" not in back.__dict__ and isinstance(back.__dict__["_story_utf8"], bytes)
    return back


@pytest.mark.parametrize("text", ["", "a", "Chuyện về cô giáo " * 40, "ký tự lẻ \ud800 [x](y)", STORY_NFD])
def test_a_pickled_story_is_the_same_text(text):
    record = _record(text)
    back = _waiting(record)
    assert back == record and hash(back) == hash(record)  # reads it: decoded
    assert back.story == text and "story" in back.__dict__ and "_story_utf8" not in back.__dict__
    again = _waiting(back)  # a decoded record pickles the same way
    assert again.story == text
    assert Exemplar.story == "" and _record("").story == ""  # the field's default


def test_holds_and_at_least_answer_as_the_text_does_without_decoding():
    text = "Cô [giáo] dạy <b>ở</b> bản = Mường; ý kiến](x)"
    for needle in ["]", "<", "=", "](", "]:", "ở", "Mường", "giáo]", "ư", "z", "ý kiến"]:
        waiting_record = _waiting(_record(text))
        assert holds(waiting_record, "story", needle) == (needle in text), needle
        assert "story" not in waiting_record.__dict__
        assert holds(_record(text), "story", needle) == (needle in text)
    for length in range(len(text) - 3, len(text.encode()) + 3):
        assert at_least(_waiting(_record(text)), "story", length) == (len(text) >= length), length
    long = "ệ" * 300  # 900 bytes: decided by the byte count only when it can be
    record = _waiting(_record(long))
    assert at_least(record, "story", 1000) is False and at_least(record, "story", 200) is True
    assert "story" not in record.__dict__


def test_records_from_the_record_cache_equal_a_fresh_load(tmp_path):
    content = write_corpus(tmp_path / "content", 12)
    first = sorted((content / "exemplars").rglob("*.yml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("story: |\n", f"story: |\n  {STORY_NFD}\n", 1), encoding="utf-8")
    folder = recordcache.cache_folder(tmp_path)
    fresh = load_catalog(content, TODAY)
    load_catalog(content, TODAY, cache_dir=folder)  # fills the cache
    probe: dict = {}
    cached = load_catalog(content, TODAY, cache=probe, cache_dir=folder)
    assert probe["records"].hits == 12
    waiting_stories = [e for e in cached.exemplars if "_story_utf8" in e.__dict__]
    assert len(waiting_stories) == 12  # none decoded by the load
    assert cached.exemplars == fresh.exemplars
    edited = cached.by_id[first.stem].story
    assert edited == fresh.by_id[first.stem].story
    assert unicodedata.normalize("NFC", STORY_NFD) in edited  # NFC on load, kept through the cache


def _story_pages(catalog) -> list:
    return story.plan(catalog)


def test_story_pages_wait_for_their_text_and_answer_as_decoded_ones(tmp_path):
    content = write_corpus(tmp_path / "content", 12)
    records = sorted((content / "exemplars").rglob("*.yml"))
    for path, extra in zip(records, ["Xem [trang](../a/) này.", "Chữ <b>đậm</b>.", "a = b", "[x]: y"]):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("story: |\n", f"story: |\n  {extra}\n", 1), encoding="utf-8")
    folder = recordcache.cache_folder(tmp_path)
    fresh = load_catalog(content, TODAY)
    load_catalog(content, TODAY, cache_dir=folder)
    cached = load_catalog(content, TODAY, cache_dir=folder)
    eager = {p.src_uri: p for p in _story_pages(fresh)}
    lazy = {p.src_uri: p for p in _story_pages(cached)}
    assert all(waiting(p, "markdown") is not None for p in lazy.values())
    assert any(links_elsewhere(p.markdown) for p in eager.values())
    for uri, page in lazy.items():
        assert page_links_elsewhere(page) == links_elsewhere(eager[uri].markdown), uri
        assert page_digest(page, "key") == page_digest(eager[uri], "key"), uri
    undecoded = [e for e in cached.exemplars if "_story_utf8" in e.__dict__]
    assert len(undecoded) == 12 - 4  # only stories that may link were read
    for uri, page in lazy.items():
        assert page.markdown == eager[uri].markdown and page == eager[uri]
        assert page_digest(page, "key") == page_digest(eager[uri], "key")  # decoded now: the same


def test_a_page_planned_in_a_worker_pickles_its_waiting_markdown(tmp_path):
    content = write_corpus(tmp_path / "content", 3)
    folder = recordcache.cache_folder(tmp_path)
    load_catalog(content, TODAY, cache_dir=folder)
    page = _story_pages(load_catalog(content, TODAY, cache_dir=folder))[0]
    back = pickle.loads(pickle.dumps(page, protocol=5))  # noqa: S301 - our own bytes
    assert waiting(back, "markdown") is not None
    assert back.markdown == page.markdown and back.markdown
