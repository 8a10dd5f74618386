"""The search index patched after edits is byte for byte the index counted anew, edit after edit
(generator/search_patch.py), and a kept state that must not be used is not."""

from __future__ import annotations

import dataclasses
import gzip
import logging
import pickle
import random
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import TODAY, mkdocs_config
from generator import buildcache, incremental, labels, search, search_patch, search_records, urls
from generator.search_records import documents, of_documents
from generator.search import IN_NAME, IN_TITLE, W_FACT, W_NAME, W_SUMMARY, W_TEXT, W_TITLE, SearchDoc

KEY = "key"
# Spellings of one syllable (hoà and hòa are one spelling, hoa and Hoa another, hóa a third), đ
# folding to d, words of more than one token (2024-2025 is one word of two tokens: covid19 one).
WORDS = ("hoà hòa hoa Hoa HÒA hóa hỏa Hoà Nguyễn Nguyen nguyễn Thị thi thì Đặng dang đăng Văn van vân "
         "trường Trường truong tiểu học hoc Học đổi mới dạy thư viện xanh 2024-2025 covid19 Lê Lợi an "
         "ấn Ấn giáo viên điển hình tiên tiến gương người tốt việc tốt").split()
KINDS = ("Giáo viên", "Học sinh", "Tập thể")
UNITS = ("Trường THCS Lê Lợi", "Trường Tiểu học Hoà Bình", "Phòng GD&ĐT")


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _doc(rng: random.Random, number: int) -> SearchDoc:
    if rng.random() < 0.15:  # a unit page: no kind, no year
        unit = f"{rng.choice(UNITS)} {_words(rng, 0, 2)}".strip()
        return SearchDoc(url=f"don-vi/{number}/", title=unit, name="", kind="Đơn vị", unit="", year="",
                         excerpt="", texts=((unit, W_NAME, IN_NAME | IN_TITLE),), filters={"unit": unit})
    name, title, summary = _words(rng, 1, 4), _words(rng, 2, 6), _words(rng, 0, 12)
    kind, unit, year = rng.choice(KINDS), rng.choice(UNITS), rng.choice(("2023-2024", "2024-2025"))
    texts = ((name, W_NAME, IN_NAME), (title, W_TITLE, IN_TITLE), (unit, W_FACT, 0), (summary, W_SUMMARY, 0),
             (_words(rng, 0, 40), W_TEXT, 0))
    return SearchDoc(url=f"dien-hinh/{number}/", title=title, name=name, kind=kind, unit=unit, year=year,
                     excerpt=summary[:40], texts=texts, filters={"kind": kind, "unit": unit, "year": year})


def _respelled(doc: SearchDoc, rng: random.Random) -> SearchDoc:
    """One spelling of the syllable hoa in the record's summary swapped for another."""
    texts = list(doc.texts)
    i = min(3, len(texts) - 1)
    text, weight, flags = texts[i]
    texts[i] = (f"{text} {rng.choice(('hoà', 'hòa', 'hoa', 'Hoa', 'hóa'))}", weight, flags)
    return dataclasses.replace(doc, texts=tuple(texts))


def _renamed(doc: SearchDoc, rng: random.Random) -> SearchDoc:
    """A word moved into the name: its flags (IN_NAME) and score change, and the name's length."""
    texts = list(doc.texts)
    texts[0] = (f"{texts[0][0]} {rng.choice(WORDS)}", texts[0][1], texts[0][2])
    return dataclasses.replace(doc, name=texts[0][0], texts=tuple(texts))


def _edit(docs: list[SearchDoc], rng: random.Random, serial: list[int]) -> str:
    """One edit of the kind a site sees; `docs` in search.documents' order (the newest story first,
    so it is numbered last)."""
    kind = rng.choice(("text", "newest", "insert", "delete", "delete newest", "delete oldest", "name",
                       "spelling", "swap", "oldest"))
    serial[0] += 1
    if kind in ("delete", "delete newest", "delete oldest", "swap", "text", "name", "spelling") and not docs:
        kind = "newest"
    at = rng.randrange(len(docs)) if docs else 0
    if kind == "text":
        docs[at] = dataclasses.replace(_doc(rng, serial[0]), url=docs[at].url)
    elif kind == "newest":
        docs.insert(0, _doc(rng, serial[0]))
    elif kind == "oldest":
        docs.append(_doc(rng, serial[0]))
    elif kind == "insert":
        docs.insert(rng.randint(0, len(docs)), _doc(rng, serial[0]))
    elif kind == "delete":
        del docs[at]
    elif kind == "delete newest":
        del docs[0]
    elif kind == "delete oldest":
        del docs[-1]
    elif kind == "name":
        docs[at] = _renamed(docs[at], rng)
    elif kind == "spelling":
        docs[at] = _respelled(docs[at], rng)
    elif kind == "swap":
        other = rng.randrange(len(docs))
        docs[at], docs[other] = docs[other], docs[at]
    return kind


def _postings(index: dict) -> dict:
    index = {t: p.unpacked() if isinstance(p, search_patch._Packed) else p for t, p in index.items()}
    return {t: (p.docs.tolist(), bytes(p.scores), bytes(p.flags), bytes(p.spelling), list(p.spellings.items()))
            for t, p in index.items()}


def _same_as_fresh(state: search_patch.SearchState, docs: list[SearchDoc]) -> None:
    fresh = search.bundle_files(docs)
    assert sorted(state.files) == sorted(fresh)
    assert [path for path in fresh if state.files[path] != fresh[path]] == []
    bundle = search.index_bundle(docs[::-1])
    assert _postings(state.index) == _postings(bundle.index)  # the next patch starts from these
    assert (state.hashes, state.blocks, state.filters, state.names) == (bundle.hashes, bundle.blocks, bundle.filters,
                                                                        bundle.names)
    assert state.digests == search_patch.record_digests(docs[::-1])


def _patched(caplog) -> int:
    return sum("search: index patched" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("seed", range(8))
def test_random_edits_patch_into_the_bytes_of_a_fresh_count(seed, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    rng = random.Random(seed)
    serial = [0]
    docs = [_doc(rng, i) for i in range(rng.randint(0, 40))]
    serial[0] = len(docs)
    state = search_patch.bundle_state(of_documents(docs), KEY, None)
    _same_as_fresh(state, docs)
    kinds = set()
    for _ in range(25):
        for _ in range(rng.choice((1, 1, 1, 2, 3))):  # a build may see several edits at once
            kinds.add(_edit(docs, rng, serial))
        caplog.clear()
        before = state.digests
        if rng.random() < 0.5:  # as the build cache keeps it: its postings packed (search_patch._Packed)
            state = pickle.loads(pickle.dumps(state, protocol=5))
            assert all(isinstance(p, search_patch._Packed) for p in state.index.values())
        state = search_patch.bundle_state(of_documents(docs), KEY, state)
        _same_as_fresh(state, docs)
        # Every step was patched (few records changed), or nothing changed (a swap back).
        assert _patched(caplog) == 1 or state.digests == before
    assert len(kinds) >= 6


def test_an_emptied_catalog_and_a_first_record(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    rng = random.Random(1)
    docs = [_doc(rng, i) for i in range(5)]
    state = search_patch.bundle_state(of_documents(docs), KEY, None)
    state = search_patch.bundle_state(of_documents([]), KEY, state)
    _same_as_fresh(state, [])
    assert state.index == {} and _patched(caplog) == 1
    state = search_patch.bundle_state(of_documents(docs[:1]), KEY, state)
    _same_as_fresh(state, docs[:1])
    assert _patched(caplog) == 2


def _story(number: int, text: str) -> SearchDoc:
    return SearchDoc(url=f"dien-hinh/{number}/", title=f"Bài {number}", name="", kind="Giáo viên", unit="", year="",
                     excerpt="", texts=((text, W_SUMMARY, 0),), filters={})


def _spellings(files: dict[str, bytes], token: str) -> list[str]:
    path = next(p for p in files if p.startswith(f"index/t/{token}."))
    return gzip.decompress(files[path]).split(b"\n", 1)[0].decode("utf-8").split("\t")


def test_spellings_are_numbered_by_first_appearance_after_a_patch(caplog):
    """The record that brought a spelling first goes: the spelling moves behind the others, or out."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    oldest_first = [_story(0, "Hòa"), _story(1, "hoa"), _story(2, "hóa"), _story(3, "hoà")]
    docs = oldest_first[::-1]  # search.documents' order: newest first
    state = search_patch.bundle_state(of_documents(docs), KEY, None)
    assert _spellings(state.files, "hoa") == [search.spelling("hòa"), "hoa", search.spelling("hóa")]
    del docs[-1]  # the oldest record, whose spelling came first: hòa is now the last record's
    state = search_patch.bundle_state(of_documents(docs), KEY, state)
    _same_as_fresh(state, docs)
    assert _spellings(state.files, "hoa") == ["hoa", search.spelling("hóa"), search.spelling("hòa")]
    docs[-1] = _story(1, "Hóa")  # hoa only on no record: out of the table
    state = search_patch.bundle_state(of_documents(docs), KEY, state)
    _same_as_fresh(state, docs)
    assert _spellings(state.files, "hoa") == [search.spelling("hóa"), search.spelling("hòa")]
    assert _patched(caplog) == 2


def test_a_word_with_more_than_256_spellings_is_counted_anew(caplog):
    """Its spelling bytes clamp at 255: they no longer say which spelling each record has."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    letters = [unicodedata.normalize("NFC", base + tone) for base in "aăâ" for tone in ("", "\u0300", "\u0301",
                                                                                        "\u0309", "\u0303", "\u0323")]
    words = sorted({search.spelling(a + b): a + b for a in letters for b in letters}.values())
    assert len(words) > 256
    docs = [_story(i, word) for i, word in enumerate(words)]
    state = search_patch.bundle_state(of_documents(docs), KEY, None)
    assert len(state.index["aa"].spellings) == len(words)
    docs[100] = _story(100, f"{words[100]} xanh")
    state = search_patch.bundle_state(of_documents(docs), KEY, state)
    _same_as_fresh(state, docs)
    assert _patched(caplog) == 0
    assert any("counted anew (a word with more than 256 spellings changed)" in r.getMessage() for r in caplog.records)


def test_many_changed_records_are_counted_anew(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    rng = random.Random(7)
    docs = [_doc(rng, i) for i in range(100)]
    state = search_patch.bundle_state(of_documents(docs), KEY, None)
    docs = [_renamed(doc, rng) for doc in docs[:40]] + docs[40:]  # a renamed unit, say
    state = search_patch.bundle_state(of_documents(docs), KEY, state)
    _same_as_fresh(state, docs)
    assert _patched(caplog) == 0 and any("counted anew (40 records out, 40 in)" in r.getMessage()
                                         for r in caplog.records)


def test_a_state_of_another_key_is_not_used(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    rng = random.Random(3)
    docs = [_doc(rng, i) for i in range(30)]
    state = search_patch.bundle_state(of_documents(docs), KEY, None)
    state.files["index.json"] = b"stale"  # what an older search.py laid out
    again = search_patch.bundle_state(of_documents(docs), "another key", state)
    assert again is not state and again.key == "another key" and again.files == search.bundle_files(docs)
    assert search_patch.bundle_state(of_documents(docs), KEY, state) is state  # same key, same records: kept as it is


def test_the_build_cache_misses_when_the_code_or_the_versions_change(tmp_path, monkeypatch):
    rng = random.Random(5)
    docs = [_doc(rng, i) for i in range(30)]
    counted = []
    count = search_patch.index_bundle

    def counting(records):
        counted.append(len(records))
        return count(records)

    monkeypatch.setattr(search_patch, "index_bundle", counting)
    cache = buildcache.BuildCache(tmp_path)
    digest, files = cache.search_files(of_documents(docs))
    assert counted == [30] and files == search.bundle_files(docs)
    assert cache.search_files(of_documents(docs)) == (digest, files) and counted == [30]  # kept: nothing counted

    docs[3] = _renamed(docs[3], rng)
    changed, files = buildcache.BuildCache(tmp_path).search_files(of_documents(docs))  # patched: nothing counted anew
    assert counted == [30] and changed != digest and files == search.bundle_files(docs)

    monkeypatch.setattr(buildcache, "_versions", lambda: "another Python")
    assert buildcache.BuildCache(tmp_path).search_files(of_documents(docs))[1] == files and counted == [30, 30]
    monkeypatch.undo()
    monkeypatch.setattr(search_patch, "index_bundle", counting)
    # The code of the count and the patch, and of what a story's SearchDoc and digest are made
    # of (search_records.py: a record's own digest, incremental.py, stands for its fields).
    for number, module in enumerate((search_patch, search_records, labels, urls, incremental), 3):
        edited = tmp_path / Path(module.__file__).name
        edited.write_bytes(Path(module.__file__).read_bytes() + b"\n# changed\n")
        monkeypatch.setattr(module, "__file__", str(edited))
        assert buildcache.BuildCache(tmp_path).search_files(of_documents(docs))[1] == files
        assert counted == [30] * number, module


def _project(tmp: Path, name: str, content: Path, cache: bool) -> Path:
    folder = tmp / name
    folder.mkdir()
    config = mkdocs_config(folder, content, folder / "site", today=TODAY)
    text = config.read_text(encoding="utf-8").replace(
        "      content_dir:", f"      build_cache: {str(cache).lower()}\n      workers: 1\n      content_dir:")
    config.write_text(text, encoding="utf-8")
    return config


def _bundle(site: Path) -> dict[str, bytes]:
    folder = site / search.BUNDLE_DIR
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_after_an_edit_patches_the_index_into_a_clean_builds_bytes(tmp_path, content, caplog):
    """One process (workers: 1), so the search log is seen; tests/test_buildcache.py compares whole
    sites built with workers through a longer sequence of edits."""
    from generator.build import build_site

    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    cached, clean = _project(tmp_path, "cached", content, True), _project(tmp_path, "clean", content, False)
    build_site(str(cached))
    record = content / "exemplars" / "thu-vien-xanh.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("summary: ", "summary: Đã sửa Xyzqv. ", 1),
                      encoding="utf-8")
    caplog.clear()
    patched_site = build_site(str(cached))
    assert _patched(caplog) == 1
    bundle = _bundle(patched_site)
    assert bundle == _bundle(build_site(str(clean)))
    vocabulary = next(data for path, data in bundle.items() if path.startswith("index/v."))
    assert b"\nxyzqv\t1\t" in gzip.decompress(vocabulary)
    assert len(list((cached.parent / buildcache.FOLDER / "search").iterdir())) == 1  # the state this build used


def test_a_preview_patches_its_index_in_memory(content, caplog):
    from generator.validate import load_catalog

    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    preview = search_patch.PreviewIndex()
    catalog = load_catalog(content, today=TODAY)
    assert preview.files(catalog) == search.bundle_files(documents(catalog))
    record = content / "exemplars" / "thu-vien-xanh.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("summary: ", "summary: Xem trước. ", 1),
                      encoding="utf-8")
    catalog = load_catalog(content, today=TODAY)
    assert preview.files(catalog) == search.bundle_files(documents(catalog))
    assert _patched(caplog) == 1


def test_alignment_keeps_the_longest_run_in_order():
    old = [bytes([c]) for c in b"abcdefgh"]
    moved = old[:1] + old[2:] + old[1:2]  # b moved to the end: one out, one in, c..h one down
    assert search_patch._align(old, moved) == ([1], [7], [(2, 8, -1)])
    edited = old[:3] + [b"x"] + old[4:6] + old[7:] + [b"y"]  # d changed, g deleted, y added
    assert search_patch._align(old, edited) == ([3, 6], [3, 7], [(7, 8, -1)])
    assert search_patch._align([], old) == ([], list(range(8)), [])
    inserted = old[:3] + [b"x"] + old[3:]  # x before d: d..h, the shared end, one up
    assert search_patch._align(old, inserted) == ([], [3], [(3, 8, 1)])
    assert search_patch._align(inserted, old) == ([3], [], [(4, 9, -1)])
    edited = old[:2] + [b"x"] + old[3:]  # c edited in place: nothing moves
    assert search_patch._align(old, edited) == ([2], [2], [])


def test_scattered_changes_are_patched(caplog):
    """Every tenth record changed (a renamed unit, say): many runs of moved records."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.exemplars")
    rng = random.Random(11)
    docs = [_doc(rng, i) for i in range(400)]
    state = search_patch.bundle_state(of_documents(docs), KEY, None)
    for i in range(0, 400, 10):
        docs[i] = _renamed(docs[i], rng)
    del docs[5::37]
    state = search_patch.bundle_state(of_documents(docs), KEY, state)
    _same_as_fresh(state, docs)
    assert _patched(caplog) == 1
