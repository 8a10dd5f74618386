"""Real builds of the fixture corpus: pages, escaping, sanitising, leaks, atomic output."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import all_text, build, write
from generator.build import BuildFailed

HOSTILE = """
kind: staff
name: <script>alert('name')</script>Lò Văn Xấu
title: <img src=x onerror=alert('title')> Tiêu đề
unit: th-kim-dong
campaign: 2017-2020
school_year: 2018-2019
position: '"><svg onload=alert(1)>'
summary: <b onmouseover=alert(2)>Tóm tắt</b>
registered_title: <iframe src=//evil.example></iframe>
stage: registered
published: 2019-01-01
fields: ["<script>alert('field')</script>"]
awards:
  - {title: "<script>alert('award')</script>", level: school, date: 2019-02-02}
events:
  - {date: 2019-01-01, text: "<a href=javascript:alert(3)>x</a>", stage: registered}
story: |
  Đoạn văn <script>alert('story')</script> bình thường.

  <img src="x" onerror="alert('img')"> <a href="javascript:alert('link')">bấm</a>
  <a href="data:text/html,<script>alert(1)</script>">dữ liệu</a>
  <iframe src="https://evil.example/"></iframe>
  [liên kết](javascript:alert('md'))
  <div style="background:url(javascript:alert(1))" onclick="alert('div')">khối</div>
"""


@pytest.fixture
def site(content, tmp_path) -> Path:
    write(content / "exemplars" / "lo-van-xau.yml", HOSTILE)
    return build(tmp_path, content)


class _LiveCode(HTMLParser):
    """Collects what a browser would run: event handlers, script/iframe tags, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "style") and value and re.search(
                    r"(?i)(javascript|data|vbscript):", value):
                self.found.append(f"{tag} {name}={value}")

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append(f"script: {data[:40]}")

    def handle_endtag(self, tag):
        self._in_script = False


def live_code(html: str) -> list[str]:
    parser = _LiveCode()
    parser.feed(html)
    return parser.found


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_story_page_shows_every_field(site):
    html = page(site, "dien-hinh/nguyen-thi-hoa")
    assert re.search(r"<h1[^>]*>Cô giáo Nguyễn Thị Hoa và những giờ học sáng tạo</h1>", html)
    for text in ["Nguyễn Thị Hoa", "Giáo viên lớp 4A", "Trường Tiểu học Kim Đồng", "2018-2019",
                 "Tôn vinh", "Đổi mới phương pháp dạy học môn Toán lớp 4.", "Chiến sĩ thi đua cơ sở",
                 "Đi đầu trong phong trào Đổi mới, sáng tạo trong dạy và học", "Giấy khen của Giám đốc Sở",
                 "20/05/2019", "Quyết định số 12/QĐ-SGDĐT", "10/10/2018", "Đăng ký điển hình",
                 "Cô Hoa trong giờ học", 'alt="Cô giáo đứng trên bục giảng"', "https://example.vn/bai",
                 "Cô giáo sáng tạo", "Báo Thử", "01/06/2019", "Đổi mới dạy học",
                 "<strong>tận tâm</strong>", "Nguyên nhân thành công"]:
        assert text in html, text
    assert 'href="../../don-vi/th-kim-dong/"' in html
    assert (site / "media" / "anh.png").is_file()


def test_collective_lists_replicating_units(site):
    html = page(site, "dien-hinh/thu-vien-xanh")
    assert "Đơn vị nhân rộng mô hình (1)" in html
    assert "Trường THCS Lê Lợi" in html and "Áp dụng cho khối 6" in html
    # … and the adopting unit shows the model it adopted.
    assert "Mô hình Thư viện xanh" in page(site, "don-vi/thcs-le-loi")


def test_unit_page_groups_by_kind_and_lists_children(site):
    html = page(site, "don-vi/th-kim-dong")
    assert html.index("Tập thể, mô hình điển hình") < html.index("Cán bộ, giáo viên, nhân viên tiêu biểu")
    office = page(site, "don-vi/phong-a")
    assert "Trường Tiểu học Kim Đồng" in office and "Trường THCS Lê Lợi" in office


def test_hostile_fields_render_inert(site):
    html = page(site, "dien-hinh/lo-van-xau")
    article = html[html.index('<article class="ex-story'):]
    assert live_code(html) == []
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;Lò Văn Xấu" in article
    assert "Đoạn văn" in article and "bình thường" in article
    # Material prints the page title unescaped: ours is escaped before it gets there.
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<img" not in title and "&lt;img" in title


def test_no_private_draft_or_future_text_anywhere(site):
    text = all_text(site)
    for marker in ["PRIVATE-MARKER-HOA", "0912 000 111", "DRAFT-MARKER", "FUTURE-MARKER", "Đặng Văn Bình"]:
        assert marker not in text, marker
    assert not (site / "dien-hinh" / "ban-nhap").exists()
    assert not (site / "dien-hinh" / "tuong-lai").exists()


def test_photo_of_a_draft_is_not_copied(content, tmp_path):
    (content / "media" / "chi-nhap.png").write_bytes((content / "media" / "anh.png").read_bytes())
    path = content / "exemplars" / "ban-nhap.yml"
    path.write_text(path.read_text() + "photos:\n  - {file: chi-nhap.png, caption: Nháp, alt: Nháp}\n")
    site = build(tmp_path, content)
    assert (site / "media" / "anh.png").is_file()
    assert not (site / "media" / "chi-nhap.png").exists()


def test_withdrawn_consent_removes_the_student(content, tmp_path):
    site = build(tmp_path, content)
    assert "Đặng Văn An" in all_text(site)
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text().replace("child: true}", "child: true, withdrawn: 2020-01-01}"))
    site = build(tmp_path, content)
    assert "Đặng Văn An" not in all_text(site)
    assert not (site / "dien-hinh" / "dang-van-an").exists()


def test_future_record_appears_on_its_date(content, tmp_path):
    from datetime import date

    assert not (build(tmp_path, content) / "dien-hinh" / "tuong-lai").exists()
    assert (build(tmp_path, content, today=date(2099, 1, 1)) / "dien-hinh" / "tuong-lai").exists()


def test_failed_build_leaves_previous_site_untouched(content, tmp_path, caplog):
    site = build(tmp_path, content)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write(content / "exemplars" / "hong.yml", "kind: staff\nunit: khong-co\n")
    with pytest.raises(BuildFailed) as info:
        build(tmp_path, content)
    caplog.clear()  # the errors logged by MkDocs are expected here
    assert "hong.yml:1: name: required field is missing" in str(info.value)
    assert "hong.yml:2: unit: unknown unit 'khong-co'" in str(info.value)
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")], "staging folder left behind"


def test_two_builds_are_byte_identical(content, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(tmp_path, content, site_dir=tmp_path / "one")
    second = build(tmp_path, content, site_dir=tmp_path / "two")
    files_one = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_one == files_two
    differ = [str(p) for p in files_one if (first / p).read_bytes() != (second / p).read_bytes()]
    assert not differ, differ
