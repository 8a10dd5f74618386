"""Search index (generator/search.py): what is indexed, how words are folded and weighed.

Ranking itself runs in the browser (generator/search_engine.js): see test_search_browser.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest

from conftest import TODAY, build, write
from generator import search, search_records
from generator.validate import load_catalog


def _entry(site: Path) -> dict:
    return json.loads((site / "pagefind" / search.ENTRY).read_text(encoding="utf-8"))


def _read(site: Path, path: str) -> bytes:
    """An index file, by its path inside the index folder."""
    return gzip.decompress((site / "pagefind" / _entry(site)["root"] / path).read_bytes())


def _lines(site: Path) -> list[str]:
    """The vocabulary file: the blocks' hashes, then one `token, records, hash` line per token."""
    return _read(site, _entry(site)["vocabulary"]).decode("ascii").splitlines()


def _vocabulary(site: Path) -> dict[str, int]:
    return {token: int(df) for token, df, _ in (line.split("\t") for line in _lines(site)[1:])}


def _postings(site: Path, token: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """(spellings, record ids, scores, flags) of one token file (format: search._postings)."""
    digest = next(h for t, _, h in (line.split("\t") for line in _lines(site)[1:]) if t == token)
    data = _read(site, f"t/{token}.{digest}.gz")
    eol = data.index(b"\n")
    spellings = data[:eol].decode("utf-8").split("\t")
    pos = eol + 1

    def varint() -> int:
        nonlocal pos
        n, shift = 0, 0
        while True:
            b = data[pos]
            pos += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return n

    count = varint()
    docs, previous = [], 0
    for _ in range(count):
        previous += varint()
        docs.append(previous)
    return spellings, docs, list(data[pos:pos + count]), list(data[pos + count:pos + 2 * count])


def _named(site: Path) -> set[str]:
    """Files the entry names, directly or through the vocabulary (paths inside the bundle)."""
    entry, lines = _entry(site), _lines(site)
    names = {entry["vocabulary"], entry["facets"]}
    names |= {f"d/{block}.{digest}.gz" for block, digest in enumerate(lines[0].split("\t"))}
    names |= {f"t/{token}.{digest}.gz" for token, _, digest in (line.split("\t") for line in lines[1:])}
    return {entry["root"] + name for name in names}


def _tree(site: Path) -> dict[str, str]:
    """Every file of the bundle → a digest of its bytes."""
    bundle = site / "pagefind"
    return {p.relative_to(bundle).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in bundle.rglob("*") if p.is_file()}


def _docs(site: Path) -> list[list]:
    rows: list[list] = []
    for block, digest in enumerate(_lines(site)[0].split("\t")):
        rows += json.loads(_read(site, f"d/{block}.{digest}.gz"))
    assert len(rows) == _entry(site)["records"]
    return rows


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    import shutil

    from conftest import FIXTURE

    tmp = tmp_path_factory.mktemp("search")
    shutil.copytree(FIXTURE, tmp / "content")
    return build(tmp, tmp / "content")


def test_fold_matches_what_readers_type():
    assert search.fold("Nguyễn Thị Hoa") == "nguyen thi hoa"
    assert search.fold("Trường Tiểu học") == "truong tieu hoc"
    assert search.fold("ĐẶNG Đức") == "dang duc"
    # Decomposed input (some phone keyboards) folds the same as precomposed.
    import unicodedata

    assert search.fold(unicodedata.normalize("NFD", "Đặng Thị Ánh")) == "dang thi anh"


def test_bundle_has_the_ui_our_engine_and_the_index_its_entry_names(site):
    bundle = site / "pagefind"
    assert (bundle / "pagefind-component-ui.js").stat().st_size > 10_000
    assert (bundle / "pagefind-component-ui.css").stat().st_size > 1_000
    assert (bundle / "pagefind.js").read_bytes() == search.ENGINE.read_bytes()
    entry = _entry(site)
    assert entry["records"] == 3 + 4  # three published stories, four unit pages
    # Every index file is named by the entry or the vocabulary, with the hash of its own bytes.
    index = {path for path in _tree(site) if path.startswith("index/")}
    assert index == _named(site)
    for path in index:
        digest = re.fullmatch(r".*\.([0-9a-f]{8})\.gz", path).group(1)
        assert hashlib.sha256((bundle / path).read_bytes()).hexdigest()[:8] == digest, path


def test_only_published_public_text_is_indexed(site):
    """Every index file decompressed: no draft, no future record, nothing from private:."""
    text = "\n".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                     for p in (site / "pagefind").rglob("*.gz"))
    assert "Nguyễn Thị Hoa" in text  # the check can see names when they are there
    for marker in ["PRIVATE-MARKER-HOA", "DRAFT-MARKER", "FUTURE-MARKER", "0912 000 111", "Đặng Văn Bình",
                   "Lê Văn Nháp", "Trần Văn Sau"]:
        assert marker not in text, marker
    vocabulary = _vocabulary(site)
    for word in ["marker", "draft", "future", "private", "0912", "nhap", "sau", "binh"]:
        assert word not in vocabulary, word
    assert not list((site / "pagefind").rglob("marker.*"))


def test_menus_footers_and_hand_written_pages_are_not_indexed(site):
    vocabulary = _vocabulary(site)
    # Navigation tabs ("Trang chủ", "Giới thiệu"), footer ("Chuyên trang"), page chrome.
    for word in ["chu", "gioi", "chuyen", "muc", "luc"]:
        assert word not in vocabulary, word
    urls = [row[0] for row in _docs(site)]
    assert sorted(urls) == sorted(["dien-hinh/nguyen-thi-hoa/", "dien-hinh/thu-vien-xanh/",
                                   "dien-hinh/dang-van-an/", "don-vi/so-gddt/", "don-vi/phong-a/",
                                   "don-vi/th-kim-dong/", "don-vi/thcs-le-loi/"])


def test_d_folds_to_d_and_the_accented_spelling_is_kept(site):
    spellings, docs, scores, flags = _postings(site, "dang")
    rows = _docs(site)
    an = next(i for i, row in enumerate(rows) if row[0] == "dien-hinh/dang-van-an/")
    # Spellings are stored tone mark last (search.spelling), so `Đặng` and `Đăng` stay apart.
    assert an in docs and search.spelling("Đặng") in spellings
    assert search.spelling("Đặng") != search.spelling("đăng") == "đăng"
    assert flags[docs.index(an)] & search.IN_NAME and flags[docs.index(an)] & search.IN_TITLE


def test_name_and_title_weigh_more_than_a_story_mention(site):
    """`tâm` is in no name: Nguyễn Thị Hoa's story says she is `tận tâm` (weight 1)."""
    rows = _docs(site)
    hoa = next(i for i, row in enumerate(rows) if row[0] == "dien-hinh/nguyen-thi-hoa/")
    _, docs, scores, flags = _postings(site, "tam")
    assert scores[docs.index(hoa)] == search.W_TEXT and flags[docs.index(hoa)] == 0
    _, docs, scores, flags = _postings(site, "hoa")
    assert scores[docs.index(hoa)] >= search.W_NAME + search.W_TITLE


def test_results_carry_title_name_kind_unit_and_year(site):
    rows = {row[0]: row for row in _docs(site)}
    url, title, name, kind, unit, year, excerpt = rows["dien-hinh/nguyen-thi-hoa/"]
    assert (title, name, kind, unit, year) == ("Cô giáo Nguyễn Thị Hoa và những giờ học sáng tạo",
                                               "Nguyễn Thị Hoa", "Cán bộ, giáo viên, nhân viên",
                                               "Trường Tiểu học Kim Đồng", "2018-2019")
    assert excerpt == "Đổi mới phương pháp dạy học môn Toán lớp 4."
    assert rows["don-vi/th-kim-dong/"][3:5] == ["Trường học", "Phòng GD&ĐT huyện A"]


def test_filters_list_kind_unit_and_school_year(site):
    facets = json.loads(_read(site, _entry(site)["facets"]))["filters"]
    assert facets["kind"]["values"] == sorted(["Cán bộ, giáo viên, nhân viên", "Học sinh, sinh viên, học viên",
                                                     "Tập thể, mô hình"])
    assert "Trường THCS Lê Lợi" in facets["unit"]["values"]
    assert facets["year"]["values"] == ["2018-2019"]
    rows = _docs(site)
    an = next(i for i, row in enumerate(rows) if row[0] == "dien-hinh/dang-van-an/")
    assert facets["kind"]["values"][facets["kind"]["of"][an] - 1] == "Học sinh, sinh viên, học viên"


def test_rebuild_into_the_same_folder_leaves_no_stale_index(content, tmp_path):
    """`mkdocs serve --dirty` keeps site_dir: files the new index does not name must go, and so
    must a version folder of the earlier layout (pagefind/<version>/)."""
    catalog = load_catalog(content, today=TODAY)
    site = tmp_path / "site"
    search.write_bundle(site, catalog)
    (site / "pagefind" / "c657df6f6eca" / "t").mkdir(parents=True)
    (site / "pagefind" / "c657df6f6eca" / "t" / "hoa.gz").write_bytes(b"old")
    write(content / "exemplars" / "moi.yml", """
        kind: staff
        name: Hà Văn Mới
        title: Bài mới
        unit: th-kim-dong
        campaign: 2017-2020
        school_year: 2018-2019
        summary: Mới.
        registered_title: Lao động tiên tiến
        stage: registered
        published: 2019-01-01
        """)
    search.write_bundle(site, load_catalog(content, today=TODAY))
    assert "moi" in _vocabulary(site)
    ui = {"index.json", "pagefind.js", *search.UI_FILES}
    assert set(_tree(site)) == _named(site) | ui  # no old file, no temporary file
    assert [p.name for p in (site / "pagefind").iterdir() if p.is_dir()] == ["index"]


def test_one_summary_edit_changes_only_its_new_word_its_block_and_the_vocabulary(content, tmp_path, monkeypatch):
    """What a deploy of changed files uploads: every other index file keeps its path and bytes."""
    monkeypatch.setattr(search, "BLOCK", 2)  # 7 records in 4 blocks
    site = tmp_path / "site"
    search.write_bundle(site, load_catalog(content, today=TODAY))
    before = _tree(site)
    block = [row[0] for row in _docs(site)].index("dien-hinh/nguyen-thi-hoa/") // 2
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("môn Toán lớp 4.", "môn Toán lớp 4 Quyenluyen."),
                      encoding="utf-8")
    catalog = load_catalog(content, today=TODAY)
    search.write_bundle(site, catalog)
    after = _tree(site)

    def unhashed(paths):
        return {re.sub(r"\.[0-9a-f]{8}\.gz$", "", p) for p in paths}

    assert unhashed(set(after) - set(before)) == {"index/t/quyenluyen", f"index/d/{block}", "index/v"}
    assert unhashed(set(before) - set(after)) == {f"index/d/{block}", "index/v"}
    assert {p for p in set(before) & set(after) if before[p] != after[p]} == {"index.json"}
    assert "Quyenluyen" in next(row for row in _docs(site) if row[0] == "dien-hinh/nguyen-thi-hoa/")[6]
    # Rewritten in place, the bundle is the one a fresh build writes.
    search.write_bundle(tmp_path / "fresh", catalog)
    assert _tree(tmp_path / "fresh") == after


def test_a_newly_published_story_changes_only_the_files_of_its_words_the_last_block_and_filters(
        content, tmp_path, monkeypatch):
    """Records are numbered in the reverse of the catalog's order, so the newest story is the last
    record: no other record's number, result block or posting changes."""
    monkeypatch.setattr(search, "BLOCK", 2)  # 7 records in 4 blocks, the last one half full
    site = tmp_path / "site"
    search.write_bundle(site, load_catalog(content, today=TODAY))
    before = _tree(site)
    write(content / "exemplars" / "moi.yml", """
        kind: staff
        name: Hà Văn Mới
        title: Thầy Mới và sáng kiến
        unit: thcs-le-loi
        campaign: 2017-2020
        school_year: 2019-2020
        summary: Sáng kiến mới.
        registered_title: Lao động tiên tiến
        stage: registered
        published: 2020-01-01
        """)
    search.write_bundle(site, load_catalog(content, today=TODAY))
    after = _tree(site)
    rows = _docs(site)
    assert rows[-1][0] == "dien-hinh/moi/" and len(rows) == 8
    words = {token for token in _vocabulary(site) if 7 in _postings(site, token)[1]}
    assert {"moi", "sang", "kien", "lao", "dong", "tien", "2019", "2020"} <= words

    def stems(paths):
        return {re.sub(r"\.[0-9a-f]{8}\.gz$", "", p) for p in paths}

    assert stems(set(after) - set(before)) == {f"index/t/{t}" for t in words} | {"index/d/3", "index/v", "index/f"}
    known = {t for t in words if _vocabulary(site)[t] > 1}  # words other records have too
    assert stems(set(before) - set(after)) == {f"index/t/{t}" for t in known} | {"index/d/3", "index/v", "index/f"}


def test_index_is_built_from_the_catalog_in_record_order(content):
    catalog = load_catalog(content, today=TODAY)
    docs = search_records.documents(catalog)
    assert [d.url for d in docs[:3]] == [f"dien-hinh/{e.id}/" for e in catalog.exemplars]
    assert all(d.url.startswith("don-vi/") for d in docs[3:])


def test_files_the_worker_found_in_the_site_are_kept_without_asking_again(content, tmp_path):
    """A delta build: the search worker asks which files site/ holds (search.held_files), the
    main process keeps those without reading them again and writes the others."""
    catalog = load_catalog(content, today=TODAY)
    files = search.bundle_files(search_records.documents(catalog))
    live = tmp_path / "live"
    search.write_bundle(live, catalog, files)
    asked: list[str] = []

    def holds(rel: str, data: bytes) -> bool:
        asked.append(rel)
        path = live / rel
        return path.is_file() and path.read_bytes() == data

    edited = dict(files)
    block = next(path for path in files if path.startswith("index/d/"))
    edited[block] = files[block] + b"x"  # a file site/ does not hold as it is
    held = search.held_files(edited, holds)
    assert held == set(files) - {block}
    asked.clear()
    staging = tmp_path / "staging"
    report = search.write_bundle(staging, catalog, edited, present=holds, held=held)
    assert not any(rel.removeprefix("pagefind/") in held for rel in asked)  # not asked again
    assert report.kept >= {f"pagefind/{path}" for path in held}
    assert sorted(str(p.relative_to(staging / "pagefind")) for p in staging.rglob("*") if p.is_file()) == [block]
    assert search.held_files(files, None) == frozenset()
