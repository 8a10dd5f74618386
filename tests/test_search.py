"""Search index (generator/search.py): what is indexed, how words are folded and weighed.

Ranking itself runs in the browser (generator/search_engine.js): see test_search_browser.py.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import TODAY, build, write
from generator import search
from generator.validate import load_catalog


def _read(bundle: Path, path: str) -> bytes:
    return gzip.decompress((bundle / path).read_bytes())


def _version(site: Path) -> Path:
    entry = json.loads((site / "pagefind" / "index.json").read_text(encoding="utf-8"))
    return site / "pagefind" / entry["version"]


def _vocabulary(site: Path) -> dict[str, int]:
    lines = _read(_version(site), "v.gz").decode("ascii").splitlines()
    return {token: int(df) for token, df in (line.split("\t") for line in lines)}


def _postings(site: Path, token: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """(spellings, record ids, scores, flags) of one token file (format: search._postings)."""
    data = _read(_version(site), f"t/{token}.gz")
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


def _docs(site: Path) -> list[list]:
    entry = json.loads((site / "pagefind" / "index.json").read_text(encoding="utf-8"))
    rows: list[list] = []
    for block in range((entry["records"] + entry["block"] - 1) // entry["block"]):
        rows += json.loads(_read(_version(site), f"d/{block}.gz"))
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


def test_bundle_has_the_ui_our_engine_and_a_versioned_index(site):
    bundle = site / "pagefind"
    assert (bundle / "pagefind-component-ui.js").stat().st_size > 10_000
    assert (bundle / "pagefind-component-ui.css").stat().st_size > 1_000
    assert (bundle / "pagefind.js").read_bytes() == search.ENGINE.read_bytes()
    entry = json.loads((bundle / "index.json").read_text(encoding="utf-8"))
    assert entry["records"] == 3 + 4  # three published stories, four unit pages
    assert [p.name for p in bundle.iterdir() if p.is_dir()] == [entry["version"]]


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
    assert not (site / "pagefind" / _version(site).name / "t" / "marker.gz").exists()


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
    facets = json.loads(_read(_version(site), "f.gz"))["filters"]
    assert facets["kind"]["values"] == sorted(["Cán bộ, giáo viên, nhân viên", "Học sinh, sinh viên, học viên",
                                                     "Tập thể, mô hình"])
    assert "Trường THCS Lê Lợi" in facets["unit"]["values"]
    assert facets["year"]["values"] == ["2018-2019"]
    rows = _docs(site)
    an = next(i for i, row in enumerate(rows) if row[0] == "dien-hinh/dang-van-an/")
    assert facets["kind"]["values"][facets["kind"]["of"][an] - 1] == "Học sinh, sinh viên, học viên"


def test_rebuild_into_the_same_folder_leaves_no_stale_index(content, tmp_path):
    """`mkdocs serve --dirty` keeps site_dir: the previous version folder must go."""
    catalog = load_catalog(content, today=TODAY)
    site = tmp_path / "site"
    search.write_bundle(site, catalog)
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
    versions = [p for p in (site / "pagefind").iterdir() if p.is_dir()]
    assert len(versions) == 1
    assert "moi" in _vocabulary(site)


def test_index_is_built_from_the_catalog_in_record_order(content):
    catalog = load_catalog(content, today=TODAY)
    docs = search.documents(catalog)
    assert [d.url for d in docs[:3]] == [f"dien-hinh/{e.id}/" for e in catalog.exemplars]
    assert all(d.url.startswith("don-vi/") for d in docs[3:])
