"""The news portal on the demo content: home, browse lists, honours, registration lists, quotas,
replication, statistics, feed, open data and sharing meta.

Expected figures are literals counted by hand from content/ (comments say how), so a change in
the generator's arithmetic or in the demo content shows up here.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from conftest import DEMO_RECORDS, ROOT, build, leaves, raw_record, write
from generator.pages.paging import paginate
from test_build import HOSTILE, live_code

SITE_URL = "https://example.edu.vn/thi-dua/"
#: Records of content/ that must not be published on 25/11/2026: drafts and future dates.
WITHHELD = {"bui-thu-trang-th-thcs-tan-lap", "dang-thi-huong-th-chieng-chau", "mn-hoa-hong-stem-mam-non",
            "nguyen-thu-huong-thpt-chuyen-hvt", "tran-gia-bao-thcs-le-quy-don", "quach-van-long-thcs-mien-doi"}


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(site: Path, url: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page(site, url)))


def story_ids(markup: str) -> list[str]:
    """Story links of a page's content, in order, each once (cards link a story once)."""
    body = markup.split('class="md-content"', 1)[-1]
    return list(dict.fromkeys(re.findall(r'href="(?:\.\./)*dien-hinh/([a-z0-9-]+)/"', body)))


def hrefs(markup: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', markup)


def test_withheld_records_are_the_expected_ones(demo_catalog):
    published = {e.id for e in demo_catalog.exemplars}
    assert {p.stem for p in DEMO_RECORDS} - published == WITHHELD
    assert len(published) == 56


def test_home_counts_and_entry_points(demo_site):
    home = page(demo_site, "")
    # Counted in content/: 18 collectives, 12 staff, 8 managers, 18 students among the 56
    # published records; 7 files have good_deed: true, none withheld.
    kinds = re.findall(r'<a href="(danh-muc/loai/[a-z-]+/)"><strong>(\d+)</strong>', home)
    assert kinds == [("danh-muc/loai/tap-the/", "18"), ("danh-muc/loai/can-bo-giao-vien/", "12"),
                     ("danh-muc/loai/can-bo-quan-ly/", "8"), ("danh-muc/loai/hoc-sinh/", "18"),
                     ("danh-muc/loai/nguoi-tot-viec-tot/", "7")]
    # units.yml: 3 offices, 18 schools and 2 other affiliated units.
    assert "Sở, 3 Phòng GD&amp;ĐT và 20 trường học, đơn vị trực thuộc." in home
    links = set(hrefs(home))
    for section in ("danh-muc/", "don-vi/", "ton-vinh/", "nhan-rong/", "dang-ky/", "chi-tieu/",
                    "thong-ke/", "feed.xml"):
        assert section in links, section
    # Latest: newest published first (thcs-huu-nghi-cong-truong 02/04/2025, ptdtnt 15/11/2024,
    # luong-van-chinh 04/11/2024, mn-mai-chau 18/06/2024).
    latest = story_ids(home.split("ex-latest", 1)[1])
    assert latest[:4] == ["thcs-huu-nghi-cong-truong-an-toan", "ptdtnt-nha-van-hoa-cac-dan-toc",
                          "luong-van-chinh-thcs-pa-co", "mn-mai-chau-tang-cuong-tieng-viet"]
    assert len(latest) == 12
    featured = story_ids(home.split("ex-featured", 1)[1].split("ex-latest", 1)[0])
    # The 6 files with featured: true, newest published first.
    assert featured == ["thcs-le-quy-don-chuyen-doi-so", "mn-vu-ban-be-vui-van-hoa-muong",
                        "nguyen-thi-hoa-th-kim-dong", "quach-thi-thu-thcs-mien-doi",
                        "tran-van-duc-th-song-da", "th-kim-dong-thu-vien-than-thien"]


def test_pagination_splits_by_slicing():
    pages = paginate("danh-muc/tat-ca/index.md", list(range(45)), 20)
    assert [src for src, _, _ in pages] == ["danh-muc/tat-ca/index.md", "danh-muc/tat-ca/trang/2/index.md",
                                            "danh-muc/tat-ca/trang/3/index.md"]
    assert [len(chunk) for _, _, chunk in pages] == [20, 20, 5]
    second = pages[1][1]
    assert (second.previous, second.next) == ("danh-muc/tat-ca/", "danh-muc/tat-ca/trang/3/")
    assert second.first_index == 21 and pages[0][1].previous is None and pages[2][1].next is None
    assert paginate("x/index.md", [], 20)[0][0] == "x/index.md"
    big = paginate("x/index.md", list(range(200)), 10)[9][1]
    assert big.window() == [1, None, 8, 9, 10, 11, 12, None, 20]


def test_all_records_list_is_paginated_newest_first(demo_site, demo_catalog):
    # 56 records, 20 a page: 20 + 20 + 16, page 1 at the base URL, then trang/2/ and trang/3/.
    seen = []
    for url, size in (("danh-muc/tat-ca", 20), ("danh-muc/tat-ca/trang/2", 20), ("danh-muc/tat-ca/trang/3", 16)):
        ids = story_ids(page(demo_site, url))
        assert len(ids) == size, url
        seen += ids
    assert not (demo_site / "danh-muc/tat-ca/trang/4").exists()
    assert not (demo_site / "danh-muc/tat-ca/trang/1").exists()
    assert seen == [e.id for e in demo_catalog.exemplars]
    published = [demo_catalog.by_id[i].published for i in seen]
    assert published == sorted(published, reverse=True)
    nav = page(demo_site, "danh-muc/tat-ca/trang/2")
    assert 'rel="prev"' in nav and 'href="../../"' in nav and 'href="../3/"' in nav


def test_browse_lists_by_kind_year_stage_topic_and_office(demo_site):
    def ids(url: str) -> set[str]:
        out, n = set(), 1
        while (demo_site / url / ("" if n == 1 else f"trang/{n}") / "index.html").exists():
            out |= set(story_ids(page(demo_site, f"{url}/" + ("" if n == 1 else f"trang/{n}"))))
            n += 1
        return out

    assert len(ids("danh-muc/loai/tap-the")) == 18
    assert len(ids("danh-muc/loai/hoc-sinh")) == 18
    # good_deed: true in these files (all published).
    assert ids("danh-muc/loai/nguoi-tot-viec-tot") == {
        "dang-quoc-huy-th-song-da", "le-bao-ngoc-th-kim-dong", "tran-van-duc-th-song-da",
        "bui-van-nam-thpt-lac-son", "quach-thi-thu-thcs-mien-doi", "bui-minh-khoi-th-an-nghia",
        "lo-van-tuan-cd-su-pham"}
    # content/exemplars/2018-2019 holds 20 files, none withheld: exactly one page.
    assert len(ids("danh-muc/nam-hoc/2018-2019")) == 20
    assert not (demo_site / "danh-muc/nam-hoc/2018-2019/trang/2").exists()
    # 2024-2025: 8 files, 5 withheld (2 drafts + 1 draft collective + 2 dated 2027).
    assert ids("danh-muc/nam-hoc/2024-2025") == {"luong-van-chinh-thcs-pa-co", "ptdtnt-nha-van-hoa-cac-dan-toc",
                                                 "thcs-huu-nghi-cong-truong-an-toan"}
    # The one record still at the step "phát hiện" (discovered).
    assert ids("danh-muc/buoc/phat-hien") == {"thcs-huu-nghi-cong-truong-an-toan"}
    # Topic "Văn hóa đọc" (slug by folding): 6 files list it, nguyen-thu-huong is dated 2027.
    assert ids("danh-muc/linh-vuc/van-hoa-doc") == {
        "dang-thuy-duong-th-kim-dong", "th-kim-dong-thu-vien-than-thien", "th-an-nghia-thu-vien-xanh",
        "lo-thi-mai-th-chieng-chau", "th-kim-dong-ngay-hoi-doc-sach"}
    stages = sum(len(ids(f"danh-muc/buoc/{s}")) for s in ("phat-hien", "dang-ky", "boi-duong", "nhan-rong", "ton-vinh"))
    assert stages == 56
    # Offices with their schools: Lạc Sơn 8, Mai Châu 9, thành phố Hòa Bình 26 (counted per
    # school year in content/, see test_statistics); the department's would repeat "tất cả".
    assert len(ids("danh-muc/don-vi/pgd-lac-son")) == 8
    assert len(ids("danh-muc/don-vi/pgd-mai-chau")) == 9
    assert len(ids("danh-muc/don-vi/pgd-tp-hoa-binh")) == 26
    assert not (demo_site / "danh-muc/don-vi/so-gddt-hoa-binh").exists()
    hub = page(demo_site, "danh-muc")
    for url in ("tat-ca/", "loai/tap-the/", "nam-hoc/2017-2018/", "buoc/nhan-rong/",
                "linh-vuc/van-hoa-doc/", "linh-vuc/", "don-vi/pgd-lac-son/", "../don-vi/"):
        assert f'href="{url}"' in hub, url


def test_honours_roll_by_level_then_newest(demo_site):
    roll = page(demo_site, "ton-vinh") + "".join(
        page(demo_site, f"ton-vinh/trang/{n}") for n in (2, 3))
    assert not (demo_site / "ton-vinh/trang/4").exists()   # 48 awards, 20 a page
    levels = re.findall(r'<h2 id="([a-z_]+)"', roll)
    # The district People's Committee chair ranks between the department and the office.
    assert list(dict.fromkeys(levels)) == ["president", "prime_minister", "ministry", "province",
                                           "department", "district", "office", "school"]
    # grep "    level: " over content/ (no award in a withheld file): 1, 2, 6, 13, 11, 5, 5, 5
    # (the five decisions of a "UBND huyện/thành phố" are level district).
    first = page(demo_site, "ton-vinh")
    counts = re.findall(r'href="[^"]*#([a-z_]+)">[^<]+</a> <span class="ex-count">(\d+)', first)
    assert counts == [("president", "1"), ("prime_minister", "2"), ("ministry", "6"), ("province", "13"),
                      ("department", "11"), ("district", "5"), ("office", "5"), ("school", "5")]
    assert "48 khen thưởng của 30 điển hình" in first
    dates = re.findall(r'<li class="ex-honour">.*?<time datetime="([\d-]+)"', roll, re.S)
    assert len(dates) == 48
    # President: Huân chương Lao động hạng Ba of the HVT science club; Prime Minister: two on
    # 10/12/2020, the collective before the person.
    assert story_ids(roll)[:3] == ["thpt-chuyen-hvt-clb-khoa-hoc-ky-thuat",
                                   "mn-vu-ban-be-vui-van-hoa-muong", "dang-van-dung-th-kim-dong"]
    blocks = re.split(r'<h2 id="', roll)[1:]
    for block in blocks:
        in_level = re.findall(r'<time datetime="([\d-]+)"', block)
        assert in_level == sorted(in_level, reverse=True)


def _csv(site: Path, year: str, unit: str) -> tuple[bytes, list[list[str]]]:
    folder = f"dang-ky/{year}/{unit}" if unit.startswith(("pgd-", "so-")) else f"dang-ky/don-vi/{unit}"
    raw = (site / folder / f"danh-sach-{unit}-{year}.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1] == ["Năm học", year] and rows[2] == []  # unit and year first, then the table
    return raw, rows[3:]


def test_registration_list_of_an_office(demo_site):
    raw, rows = _csv(demo_site, "2018-2019", "pgd-tp-hoa-binh")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert raw.startswith("\ufeff\"Đơn vị\";\"Phòng Giáo dục và Đào tạo thành phố Hòa Bình\"\r\n".encode("utf-8"))
    assert rows[0] == ["STT", "Loại điển hình", "Tên điển hình (tập thể, cá nhân)", "Chức vụ, lớp", "Đơn vị",
                       "Tóm tắt loại hình, quy mô hoạt động hay nội dung triển khai thực hiện của các điển hình",
                       "Đăng ký danh hiệu thi đua, hình thức khen thưởng theo Kế hoạch, Đề án"]
    body = rows[1:]
    # The office's 17 records of 2018-2019 (see test_quota_figures); collectives, staff,
    # managers, students; within a kind by school in the unit tree, then by given name.
    assert [r[0] for r in body] == [str(i) for i in range(1, 18)]
    from generator.labels import KINDS

    assert [r[1] for r in body] == [KINDS["collective"]] * 3 + [KINDS["staff"]] * 5 + [KINDS["manager"]] * 2 + [
        KINDS["student"]] * 7
    assert [r[2] for r in body] == [
        "Mô hình “Vườn rau của bé – Bữa ăn an toàn”", "Mô hình “Thư viện thân thiện – Góc đọc sách mở”",
        "Câu lạc bộ Tiếng Anh “English Zone”",
        "Đỗ Thị Ánh", "Nguyễn Thị Hoa", "Trần Văn Đức", "Đinh Thị Ơn", "Hoàng Minh Ân",
        "Bùi Thị Anh", "Đặng Văn Dũng",
        "Nguyễn Minh Anh", "Đặng Thùy Dương", "Lê Bảo Ngọc", "Đặng Quốc Huy", "Xa Văn Dũng",
        "Vũ Đức Anh", "Phạm Thu Hà"]
    hoa = body[4]
    source = yaml.safe_load((ROOT / "content/exemplars/2018-2019/nguyen-thi-hoa-th-kim-dong.yml").read_text("utf-8"))
    assert hoa[3:] == ["Giáo viên lớp 4A", "Trường Tiểu học Kim Đồng", source["summary"], "Chiến sĩ thi đua cấp tỉnh"]
    table = html.unescape(page(demo_site, "dang-ky/2018-2019/pgd-tp-hoa-binh"))
    assert "GIỚI THIỆU ĐIỂN HÌNH TIÊN TIẾN" in table and "danh-sach-pgd-tp-hoa-binh-2018-2019.csv" in table
    # As the appendix: "(Kèm theo Kế hoạch số 1676/KH-SGD&ĐT-VP ngày 19 tháng 9 năm 2017 của Sở …)".
    assert ("(Kèm theo Kế hoạch số 1676/KH-SGD&ĐT-VP ngày 19 tháng 9 năm 2017 của Sở Giáo dục và Đào tạo "
            "tỉnh Hòa Bình)") in table
    cells = re.findall(r'<td class="ex-num"[^>]*>(\d+)</td>', table)
    assert cells == [str(i) for i in range(1, 18)]
    assert source["summary"] in table and "data-ex-print" in table and "print-button.js" in table


def test_registration_lists_of_a_school_and_the_department(demo_site):
    _, rows = _csv(demo_site, "2018-2019", "th-kim-dong-tphb")
    # Kim Đồng 2018-2019: thư viện (collective), Nguyễn Thị Hoa (staff), Đặng Văn Dũng
    # (manager), 3 students.
    assert [r[2] for r in rows[1:]] == ["Mô hình “Thư viện thân thiện – Góc đọc sách mở”", "Nguyễn Thị Hoa",
                                        "Đặng Văn Dũng", "Nguyễn Minh Anh", "Đặng Thùy Dương", "Lê Bảo Ngọc"]
    _, dept = _csv(demo_site, "2024-2025", "so-gddt-hoa-binh")
    # Hữu Nghị's model of 2024-2025 is only discovered (phát hiện): not on a registration list.
    assert [r[2] for r in dept[1:]] == ["Mô hình “Nhà văn hóa các dân tộc trong trường nội trú”", "Lường Văn Chính"]
    # A school's page holds a section per school year with records, newest first: Kim Đồng has
    # records in 2018-2019 and 2023-2024 (content/exemplars), Ân Nghĩa none in 2018-2019.
    school = page(demo_site, "dang-ky/don-vi/th-kim-dong-tphb")
    assert re.findall(r'<section class="ex-form" id="nam-hoc-([\d-]+)">', school) == ["2023-2024", "2018-2019"]
    assert 'href="danh-sach-th-kim-dong-tphb-2023-2024.csv"' in school
    assert "nam-hoc-2018-2019" not in page(demo_site, "dang-ky/don-vi/th-an-nghia-ls")
    assert not (demo_site / "dang-ky/2018-2019/th-kim-dong-tphb").exists()
    index = page(demo_site, "dang-ky")
    assert 'href="don-vi/th-kim-dong-tphb/#nam-hoc-2018-2019"' in index
    assert 'href="don-vi/th-kim-dong-tphb/danh-sach-th-kim-dong-tphb-2018-2019.csv"' in index
    assert 'href="2018-2019/pgd-tp-hoa-binh/"' in index
    css = (ROOT / "theme/assets/stylesheets/exemplars.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".ex-noprint" in css


def test_csv_cells_cannot_start_a_formula():
    from datetime import date

    from generator.model import Exemplar, Unit
    from generator.labels import KINDS
    from generator.pages.registration import RegistrationList, Row, to_csv

    unit = Unit("u", "=Đơn vị", "school")
    e = Exemplar(id="x", source="x.yml", kind="staff", name="=HYPERLINK(\"http://x\")", title="t",
                 unit="u", campaign="c", school_year="2018-2019", summary="-2+3", registered_title="@t",
                 stage="registered", published=date(2019, 1, 1))
    rows = list(csv.reader(io.StringIO(to_csv(RegistrationList(unit, "2018-2019", (Row(1, e, unit),)))
                                       .decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Đơn vị", "'=Đơn vị"]
    assert rows[4] == ["1", KINDS["staff"], "'=HYPERLINK(\"http://x\")", "", "'=Đơn vị", "'-2+3", "'@t"]


def test_quota_figures(demo_site):
    data = json.loads((demo_site / "api/quotas.json").read_text(encoding="utf-8"))
    years = {(y["school_year"], y["campaign"]): y for y in data["school_years"]}
    assert list(years) == [("2024-2025", "2021-2025"), ("2023-2024", "2021-2025"), ("2022-2023", "2021-2025"),
                           ("2021-2022", "2021-2025"), ("2019-2020", "2017-2020"), ("2018-2019", "2017-2020"),
                           ("2017-2018", "2017-2020")]
    # The plan sets one deadline, "trước ngày 20/10/2017"; 2018-2019 has none, so nobody is late.
    assert years[("2017-2018", "2017-2020")]["deadline"] == "2017-10-20"
    y = years[("2018-2019", "2017-2020")]
    assert y["deadline"] is None and y["registered"] == 20 and y["late"] == []
    office = {o["unit"]: o for o in y["offices"]}["pgd-tp-hoa-binh"]
    assert office["scope"] == "office"
    figures = {(q["kind"], q["key"]): (q["actual"], q["required"]) for q in office["quotas"]}
    # content/exemplars/2018-2019, units under pgd-tp-hoa-binh (units.yml): 17 records.
    # staff + manager: Bùi Thị Ánh (QL, MN Tân Thịnh), Đỗ Thị Ánh (MN Hoa Hồng), Đặng Văn Dũng (QL,
    #   TH Kim Đồng), Nguyễn Thị Hoa (TH Kim Đồng), Trần Văn Đức (TH Sông Đà), Đinh Thị Ơn
    #   (TH&THCS Thái Thịnh, level: thcs), Hoàng Minh Ân (THCS Lê Quý Đôn) = 7; teachers (staff,
    #   not managers) by level: mầm non 1 (Đỗ Thị Ánh), tiểu học 2 (Hoa, Đức), THCS 2 (Ơn, Ân).
    # students: Kim Đồng 3 + Sông Đà 1 (TH), Xa Văn Dũng (TH&THCS, Lớp 7A: THCS only), Lê Quý Đôn
    #   2 (THCS) = 7; tiểu học 4, THCS 3: the levels add up to the total, never more.
    # collectives: vườn rau (MN Hoa Hồng), thư viện (Kim Đồng), CLB tiếng Anh (Lê Quý Đôn) = 3 of
    #   the plan's 5–10.
    assert office["registered"] == 17
    assert figures == {("staff", "total"): (7, 9), ("staff", "mam-non"): (1, 3), ("staff", "tieu-hoc"): (2, 3),
                       ("staff", "thcs"): (2, 3), ("student", "total"): (7, 20), ("student", "tieu-hoc"): (4, 10),
                       ("student", "thcs"): (3, 10), ("collective", "total"): (3, 5)}
    assert next(q for q in office["quotas"] if q["kind"] == "collective")["up_to"] == 10
    assert office["met"] is False
    schools = {s["unit"]: s for s in y["schools"]}
    # Kim Đồng is under the office: it owes its model (the library) and nothing else.
    kim_dong = schools["th-kim-dong-tphb"]
    assert kim_dong["scope"] == "school" and kim_dong["office"] == "pgd-tp-hoa-binh"
    assert {(q["kind"], q["key"]): (q["actual"], q["required"]) for q in kim_dong["quotas"]} == {
        ("collective", "total"): (1, 1)}
    assert kim_dong["met"] is True and kim_dong["pilot"] is True
    # Sông Đà introduced a teacher and a pupil but built no model in 2018-2019: short of its model
    # only, not of staff or students.
    assert {(q["kind"], q["key"]): q["shortfall"] for q in schools["th-song-da-tphb"]["quotas"]} == {
        ("collective", "total"): 1}
    # The college is directly under the department: model, 2 staff and 3 students of its own;
    # 2018-2019: Đỗ Văn Hùng (staff) only.
    college = schools["cd-su-pham-hoa-binh"]
    assert college["scope"] == "affiliated" and college["office"] is None
    assert {(q["kind"], q["key"]): (q["actual"], q["required"]) for q in college["quotas"]} == {
        ("collective", "total"): (0, 1), ("staff", "total"): (1, 2), ("student", "total"): (0, 3)}
    # 2022-2023 (example campaign's deadline 20/10/2022): GDTX registered on the deadline day: late.
    assert years[("2022-2023", "2021-2025")]["late"] == ["nguyen-huu-thang-gdtx-tinh"]
    assert years[("2021-2022", "2021-2025")]["late"] == ["bui-duc-thanh-th-thcs-tan-lap"]
    assert years[("2019-2020", "2017-2020")]["late"] == []
    # Sông Đà merged into Kim Đồng on 31/07/2023: no quota from 2023-2024 on.
    assert "th-song-da-tphb" in {s["unit"] for s in years[("2022-2023", "2021-2025")]["schools"]}
    assert "th-song-da-tphb" not in {s["unit"] for s in years[("2023-2024", "2021-2025")]["schools"]}
    # 2024-2025: Hữu Nghị's model is only discovered: not registered, counted nowhere.
    assert years[("2024-2025", "2021-2025")]["registered"] == 2


def test_quota_dashboard_page(demo_site):
    dash = html.unescape(page(demo_site, "chi-tieu/2018-2019"))
    row = re.search(r'<tr class="ex-quota--short" data-unit="pgd-tp-hoa-binh" data-scope="office"[^>]*>(.*?)</tr>',
                    dash, re.S).group(1)
    cells = re.findall(r'data-kind="(\w+)" data-key="([\w-]+)" data-label="[^"]+"><span class="ex-q__n">([\d/–]+)</span>',
                       row)
    # Columns in the content model's order of kinds (collective, staff, student), total first; the
    # models' range shows as the plan writes it.
    assert cells == [("collective", "total", "3/5–10"), ("staff", "total", "7/9"), ("staff", "mam-non", "1/3"),
                     ("staff", "tieu-hoc", "2/3"), ("staff", "thcs", "2/3"), ("student", "total", "7/20"),
                     ("student", "tieu-hoc", "4/10"), ("student", "thcs", "3/10")]
    assert row.count("ex-q--short") == 8 and "thiếu 13" in row and "Chưa đạt 8/8 chỉ tiêu" in row
    # Three scopes, each with the rule that applies to it.
    for heading, rule in (("Phòng Giáo dục và Đào tạo", "ít nhất 5–10 mô hình; 9 cán bộ quản lý, giáo viên, "
                           "nhân viên (trong đó ít nhất 3 mầm non, 3 tiểu học, 3 THCS); 20 học sinh (trong đó ít "
                           "nhất 10 tiểu học, 10 THCS)"),
                          ("Trường thuộc Phòng GD&ĐT", "ít nhất 1 mô hình"),
                          ("Đơn vị, trường học trực thuộc Sở", "ít nhất 1 mô hình; 2 cán bộ quản lý, giáo viên, "
                           "nhân viên; 3 học sinh")):
        assert re.search(rf"<h2 id=\"2017-2020-\w+\">{re.escape(heading)}</h2>\s*<p class=\"ex-rule\">"
                         rf"<strong>Chỉ tiêu mỗi năm học:</strong> {re.escape(rule)}\.", dash), heading
    assert 'class="ex-quota--met" data-unit="th-kim-dong-tphb" data-scope="school"' in dash
    # Summary first: 3 offices, 14 schools under them, 6 directly affiliated units (units.yml) = 23.
    # Met: the four schools under an office that built a model in 2018-2019 (Hoa Hồng's garden,
    # Kim Đồng's library, Lê Quý Đôn's English club, Pà Cò's kitchen); no office, no affiliated unit.
    summary = dash.split('aria-label="Tóm tắt toàn tỉnh"', 1)[1].split("</ul>", 1)[0]
    assert "<strong>4/23</strong> đơn vị đạt đủ chỉ tiêu" in summary
    assert "Trường thuộc Phòng GD&ĐT</span> <strong>4/14</strong> đạt" in summary
    svg = re.search(r"<svg class=\"ex-chart\".*?</svg>", dash, re.S).group(0)
    # Offices' totals against their quota (9 staff + 20 students + 5 collectives = 34).
    assert "17 / 34" in svg and "0 / 34" in svg and "2 / 34" in svg
    assert "<script" not in dash.split('class="md-content"', 1)[1].split("</article>", 1)[0]
    late = html.unescape(page(demo_site, "chi-tieu/2022-2023"))
    assert re.search(r"Nguyễn Hữu Thắng.*?20/10/2022.*?trễ hạn.*?trước ngày 20/10/2022", late, re.S)
    assert "Kế hoạch không quy định hạn gửi danh sách cho năm học này" in dash
    index = page(demo_site, "chi-tieu")
    for year in ("2017-2018", "2018-2019", "2024-2025"):
        assert f'href="{year}/"' in index


def test_replication_ranking(demo_site):
    ranking = page(demo_site, "nhan-rong")
    rows = re.findall(r'<td class="ex-num">(\d+)</td>\s*<td><a href="../dien-hinh/([a-z0-9-]+)/">.*?'
                      r'<td class="ex-num">(\d+)<br><small>(\d+) đơn vị', ranking, re.S)
    # Each distinct unit under `replications:` weighs its widest `scope` (school 1, district 2,
    # province 3, sector 4; none written: 1). Kim Đồng's library: Sông Đà and Thái Thịnh district
    # (2 + 2), Ân Nghĩa and Chiềng Châu province (3 + 3), Tân Lập none (1) = 11; Vụ Bản's corner:
    # Mai Châu province 3 + three without scope = 6; Lê Quý Đôn's digital school: 5 units, no scope = 5.
    # Equal weights share a rank, then more units, then Vietnamese alphabetical order.
    assert rows == [("1", "th-kim-dong-thu-vien-than-thien", "11", "5"),
                    ("2", "mn-vu-ban-be-vui-van-hoa-muong", "6", "4"),
                    ("3", "thcs-le-quy-don-chuyen-doi-so", "5", "5"), ("4", "th-thcs-tan-lap-thu-vien-ban", "3", "3"),
                    ("5", "thpt-chuyen-hvt-clb-khoa-hoc-ky-thuat", "2", "2"), ("5", "th-song-da-clb-boi-an-toan", "2", "2"),
                    ("5", "mn-mai-chau-tang-cuong-tieng-viet", "2", "2"), ("5", "thcs-huu-nghi-phong-hoc-stem", "2", "2"),
                    ("5", "mn-hoa-hong-vuon-rau-cua-be", "2", "2"), ("10", "thcs-pa-co-bep-an-ban-tru", "1", "1"),
                    ("10", "th-an-nghia-thu-vien-xanh", "1", "1")]
    assert "Trường Tiểu học Ân Nghĩa</a> – toàn tỉnh, Kế hoạch số 1520/KH-SGDĐT" in html.unescape(ranking)
    assert "11 mô hình đã được 15 đơn vị học tập, nhân rộng (29 lượt)" in html.unescape(ranking)
    # Unit pages show the models they adopted; story pages the units that adopted them.
    assert "thcs-le-quy-don-chuyen-doi-so" in page(demo_site, "don-vi/thcs-pa-co-mc").split("ex-adopted", 1)[1]
    assert "Trường Trung học cơ sở Hữu Nghị" in html.unescape(
        page(demo_site, "dien-hinh/thcs-le-quy-don-chuyen-doi-so").split("ex-replications", 1)[1])


def test_statistics(demo_site):
    stats = html.unescape(page(demo_site, "thong-ke"))
    assert stats.count('<svg class="ex-chart"') == 4
    totals = [int(t) for t in re.findall(r'<svg class="ex-chart"[^>]*data-total="(\d+)"', stats)]
    assert totals == [56, 56, 56, 56]
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th><td class="ex-num">(\d+)</td></tr>', stats)
    # Per office, counting its schools, school year by school year in content/:
    # thành phố Hòa Bình 17 + 1 + 3 + 2 + 2 + 1 = 26; Lạc Sơn 3 + 3 + 1 + 1 = 8;
    # Mai Châu 2 + 2 + 1 + 1 + 2 + 1 = 9; the department's own units 56 - 43 = 13.
    assert rows[:4] == [("Phòng Giáo dục và Đào tạo huyện Lạc Sơn", "8"),
                        ("Phòng Giáo dục và Đào tạo huyện Mai Châu", "9"),
                        ("Phòng Giáo dục và Đào tạo thành phố Hòa Bình", "26"),
                        ("Sở Giáo dục và Đào tạo tỉnh Hòa Bình và các đơn vị trực thuộc", "13")]
    by_year = dict(rows[8:15])
    assert by_year == {"Năm học 2017-2018": "9", "Năm học 2018-2019": "20", "Năm học 2019-2020": "9",
                       "Năm học 2021-2022": "5", "Năm học 2022-2023": "5", "Năm học 2023-2024": "5",
                       "Năm học 2024-2025": "3"}
    assert sum(int(n) for _, n in rows[15:20]) == 56
    for path in ("feed.xml", "api/exemplars.json", "api/units.json", "api/quotas.json"):
        assert path in stats


def test_feed(demo_site, demo_catalog):
    raw = (demo_site / "feed.xml").read_bytes()
    channel = ET.fromstring(raw).find("channel")
    items = channel.findall("item")
    assert len(items) == 20
    links = [i.findtext("link") for i in items]
    # The 20 newest of records and news posts: the newest record (02/04/2025), the news post of
    # the 2024 conference (20/11/2024), then the next 18 records (records first on one day).
    assert links[:3] == [SITE_URL + "dien-hinh/thcs-huu-nghi-cong-truong-an-toan/",
                         SITE_URL + "tin-tuc/hoi-nghi-dien-hinh-tien-tien-2024/",
                         SITE_URL + "dien-hinh/ptdtnt-nha-van-hoa-cac-dan-toc/"]
    assert links == [SITE_URL + f"dien-hinh/{e.id}/" for e in demo_catalog.exemplars[:1]] + [
        SITE_URL + "tin-tuc/hoi-nghi-dien-hinh-tien-tien-2024/"] + [
        SITE_URL + f"dien-hinh/{e.id}/" for e in demo_catalog.exemplars[1:19]]
    assert items[0].findtext("pubDate") == "Wed, 02 Apr 2025 00:00:00 +0700"
    # No build time: the channel's date is the newest record's.
    assert channel.findtext("lastBuildDate") == "Wed, 02 Apr 2025 00:00:00 +0700"
    assert items[0].findtext("title") == "Hữu Nghị thử mô hình học sinh tự quản cổng trường giờ tan học"
    assert all(i.findtext("guid") == i.findtext("link") for i in items)
    text = raw.decode("utf-8")
    assert not any(w in text for w in WITHHELD)
    for html_file in demo_site.rglob("*.html"):
        if "admin" in html_file.relative_to(demo_site).parts:
            continue  # the editing page (Sveltia CMS), not a page for readers
        markup = html_file.read_text(encoding="utf-8")
        head = markup.split("</head>", 1)[0]
        assert re.search(r'<link rel="alternate(?: feed)?" type="application/rss\+xml" title="[^"]+" href="[^"]*feed.xml">',
                         head), html_file


def test_open_data_holds_published_records_only(demo_site, demo_catalog):
    data = json.loads((demo_site / "api/exemplars.json").read_text(encoding="utf-8"))
    assert data["count"] == 56 and data["updated"] == "2025-04-02"
    assert [e["id"] for e in data["exemplars"]] == [e.id for e in demo_catalog.exemplars]
    hoa = next(e for e in data["exemplars"] if e["id"] == "nguyen-thi-hoa-th-kim-dong")
    assert hoa["registered_on"] == "2018-10-10" and hoa["unit_name"] == "Trường Tiểu học Kim Đồng"
    assert hoa["url"] == SITE_URL + "dien-hinh/nguyen-thi-hoa-th-kim-dong/"
    assert hoa["photos"][0]["url"] == SITE_URL + "media/nguyen-thi-hoa-lop-4a.png"
    # Her Chiến sĩ thi đua cơ sở was decided by the city People's Committee: level district.
    assert [a["level"] for a in hoa["awards"]] == ["district", "province", "ministry"]
    assert hoa["level"] == "tieu-hoc" and [ev["milestone"] for ev in hoa["events"] if ev["milestone"]] == ["hoi-nghi-2019"]
    assert all("private" not in e and "draft" not in e for e in data["exemplars"])
    units = json.loads((demo_site / "api/units.json").read_text(encoding="utf-8"))
    assert units["count"] == 24    # units.yml: 1 department, 3 offices, 18 schools, 2 units
    kim_dong = next(u for u in units["units"] if u["id"] == "th-kim-dong-tphb")
    assert kim_dong["exemplars"] == 8 and kim_dong["level"] == "tieu-hoc"
    exports = "".join((demo_site / f"api/{n}.json").read_text(encoding="utf-8")
                      for n in ("exemplars", "units", "quotas"))
    for path in DEMO_RECORDS:
        raw = raw_record(path)
        if path.stem in WITHHELD:
            assert path.stem not in exports and raw["title"] not in exports
        for value in leaves(raw.get("private", {})):
            if len(value) >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                assert json.dumps(value, ensure_ascii=False)[1:-1] not in exports, (path.name, value)


def test_story_sharing_meta(demo_site):
    story = page(demo_site, "dien-hinh/nguyen-thi-hoa-th-kim-dong")
    head = html.unescape(story.split("</head>", 1)[0])
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter|article):[a-z_:]+)" content="([^"]*)"', head))
    assert meta["og:type"] == "article"
    assert meta["og:title"] == meta["twitter:title"] == "Cô giáo Nguyễn Thị Hoa và những tiết học “không có bạn nào bị bỏ lại”"
    assert meta["og:description"].startswith("Giáo viên tiểu học 22 năm công tác")
    assert meta["og:url"] == SITE_URL + "dien-hinh/nguyen-thi-hoa-th-kim-dong/"
    # The photo's widest JPEG rendition (the source is 320 px wide), without metadata.
    assert meta["og:image"] == meta["twitter:image"] == SITE_URL + "media/nguyen-thi-hoa-lop-4a-320.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("320", "200")
    assert meta["og:image:alt"] == "Bảng đen xanh lục phía trên bàn giáo viên bằng gỗ nâu."
    assert meta["twitter:card"] == "summary_large_image" and meta["article:published_time"] == "2020-11-20"
    assert f'<link rel="canonical" href="{SITE_URL}dien-hinh/nguyen-thi-hoa-th-kim-dong/">' in story
    # A story without photos shares its kind's placeholder; list pages describe themselves.
    no_photo = page(demo_site, "dien-hinh/dinh-thi-on-th-thcs-thai-thinh")
    assert f'<meta property="og:image" content="{SITE_URL}media/anh-thay-the/staff-1200.jpg">' in no_photo
    honours = page(demo_site, "ton-vinh")
    assert '<meta property="og:type" content="website">' in honours
    assert '<meta property="og:title" content="Tôn vinh điển hình tiên tiến">' in honours
    assert f'<meta property="og:image" content="{SITE_URL}media/anh-thay-the/site-1200.jpg">' in honours


def test_sitemap_lists_every_page_and_nothing_else(demo_site):
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) == len(set(locs))
    pages = {SITE_URL + str(p.parent.relative_to(demo_site)).replace(".", "").strip("/") + "/"
             for p in demo_site.rglob("index.html") if not {"pagefind", "admin"} & set(p.parts)}
    pages = {p.replace(SITE_URL + "/", SITE_URL) for p in pages}
    assert set(locs) == pages
    assert SITE_URL + "chi-tieu/2018-2019/" in locs and SITE_URL + "danh-muc/tat-ca/trang/3/" in locs
    assert not any(w in sitemap for w in WITHHELD)
    assert not any(loc.endswith((".csv", ".json", ".xml", "404.html")) for loc in locs)


def test_hostile_record_is_inert_on_every_portal_page(content, tmp_path):
    """Markup in every field of a record (tests/test_build.py's HOSTILE) stays text on every
    page, in the feed and in the chart labels; nothing a browser would run appears anywhere."""
    write(content / "exemplars" / "lo-van-xau.yml", HOSTILE.replace("stage: registered\npublished",
                                                                     "stage: honoured\npublished"))
    # Its hostile topic on a second record too: a topic gets a page when two records share it.
    hoa = content / "exemplars" / "nguyen-thi-hoa.yml"
    hoa.write_text(hoa.read_text(encoding="utf-8").replace(
        "fields: [Đổi mới dạy học]", "fields: [Đổi mới dạy học, \"<script>alert('field')</script>\"]"), encoding="utf-8")
    units = content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "name: Trường Tiểu học Kim Đồng", "name: \"<img src=x onerror=alert('unit')>Trường Tiểu học Kim Đồng\""),
        encoding="utf-8")
    site = build(tmp_path, content)
    checked = 0
    for path in site.rglob("*.html"):
        if path == site / "don-vi" / "index.html":
            continue  # the unit tree (theme/units.html): test_unit_tree_escapes_unit_names
        markup = path.read_text(encoding="utf-8")
        assert live_code(markup) == [], path
        checked += "Lò Văn Xấu" in markup
    # Home, browse lists (all, kind, year, stage, topic, office), honours, registration lists
    # (department, office, school), story and unit pages.
    assert checked >= 13
    for url in ("", "danh-muc/tat-ca", "danh-muc/loai/can-bo-giao-vien", "danh-muc/nam-hoc/2018-2019",
                "danh-muc/buoc/ton-vinh", "danh-muc/don-vi/phong-a", "ton-vinh",
                "dang-ky/2018-2019/so-gddt", "dang-ky/2018-2019/phong-a", "dang-ky/don-vi/th-kim-dong"):
        assert "Lò Văn Xấu" in page(site, url), url
    for url in ("danh-muc/linh-vuc", "ton-vinh", "dang-ky/don-vi/th-kim-dong", "chi-tieu/2018-2019"):
        assert "<script>alert" not in page(site, url)
    assert "&lt;script&gt;alert(&#39;field&#39;)&lt;/script&gt;" in page(site, "danh-muc/linh-vuc")
    assert "&lt;img src=x onerror=alert(&#39;unit&#39;)&gt;" in page(site, "chi-tieu/2018-2019")
    ET.fromstring((site / "feed.xml").read_bytes())        # still well-formed XML
    assert "&lt;script&gt;" in (site / "feed.xml").read_text(encoding="utf-8")
    data = json.loads((site / "api/exemplars.json").read_text(encoding="utf-8"))
    assert any(e["name"] == "<script>alert('name')</script>Lò Văn Xấu" for e in data["exemplars"])


def test_unit_tree_escapes_unit_names(content, tmp_path):
    units = content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "name: Trường Tiểu học Kim Đồng", "name: \"<img src=x onerror=alert('unit')>Trường Tiểu học Kim Đồng\""),
        encoding="utf-8")
    site = build(tmp_path, content)
    assert live_code(page(site, "don-vi")) == []


def test_tabs_and_menu_use_the_labels_of_mkdocs_nav(demo_site):
    """Generated section pages named in `nav:` keep the nav's short label, not their page title."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    labels = [next(iter(item)) for item in nav]
    page = (demo_site / "thong-ke" / "index.html").read_text(encoding="utf-8")
    tabs = [" ".join(html.unescape(t).split())
            for t in re.findall(r'class="md-tabs__link[^"]*">(.*?)</a>', page, re.S)]
    assert tabs == labels
