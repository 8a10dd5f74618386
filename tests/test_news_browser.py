"""News, the reporting duty and the registration list's downloads and print view, in headless
Chromium on a phone. Screenshots go to tests/artifacts/ (look at them after a change)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, demo_server):  # noqa: F811
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, accept_downloads=True)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith(demo_server) else r.abort())
    yield pg
    context.close()


def _fits(pg) -> None:
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, pg.url


def test_news_list_and_post_on_a_phone(phone, demo_server):
    ARTIFACTS.mkdir(exist_ok=True)
    phone.goto(demo_server + "tin-tuc/")
    assert phone.locator("article h1").first.inner_text() == "Tin tức"
    assert phone.locator(".ex-card--news").count() == 10
    _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "news-list-phone.png"), full_page=True)
    phone.get_by_role("link", name="Cán bộ quản lý các trường huyện Lạc Sơn tham quan").first.click()
    phone.wait_for_load_state()
    assert phone.url.endswith("tin-tuc/lac-son-tham-quan-thu-vien-kim-dong/")
    assert "14/03/2019" in phone.locator(".ex-news__meta").inner_text()
    image = phone.locator(".ex-photos img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "news-post-phone.png"), full_page=True)
    phone.get_by_role("link", name="Mô hình “Thư viện thân thiện – Góc đọc sách mở”").click()
    phone.wait_for_load_state()
    assert phone.locator("#tin-tuc li").count() == 4  # the story lists the 4 posts naming it
    assert phone.errors == []


def test_reporting_page_on_a_phone(phone, demo_server):
    phone.goto(demo_server + "bao-cao/")
    phone.get_by_role("link", name="Năm học 2018-2019").click()
    phone.wait_for_load_state()
    line = phone.locator('li[data-unit="pgd-lac-son"]')
    assert line.is_visible()
    assert "chưa gửi: tháng 09/2018, tháng 10/2018" in line.inner_text()
    assert phone.locator(".ex-duty__grid").first.locator("td.ex-duty--missing").count() == 20  # 10 + Mai Châu's 10
    _fits(phone)  # the month grid scrolls inside its box, the page does not
    phone.screenshot(path=str(ARTIFACTS / "reporting-phone.png"), full_page=True)
    assert phone.errors == []


def test_registration_downloads_on_a_phone(phone, demo_server, tmp_path):
    phone.goto(demo_server + "dang-ky/2018-2019/pgd-tp-hoa-binh/")
    _fits(phone)
    with phone.expect_download() as got:
        phone.get_by_role("link", name="Tải Excel (.xlsx)").click()
    xlsx = tmp_path / got.value.suggested_filename
    got.value.save_as(xlsx)
    assert xlsx.name == "danh-sach-pgd-tp-hoa-binh-2018-2019.xlsx"
    rows = [r for r in load_workbook(xlsx).active.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert len(rows) == 17
    with phone.expect_download() as got:
        phone.get_by_role("link", name="Tải CSV (17 dòng)").click()
    text = Path(got.value.path()).read_text("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))) == 3 + 1 + 17
    phone.screenshot(path=str(ARTIFACTS / "registration-phone.png"), full_page=True)
    assert phone.errors == []


def test_print_view_one_school_year_with_heading_and_signature(phone, demo_server):
    # Kim Đồng's page has two school years (2023-2024, 2018-2019); its print button prints one.
    phone.goto(demo_server + "dang-ky/don-vi/th-kim-dong-tphb/")
    phone.evaluate("window.print = () => { window.printed = true; }")
    phone.get_by_role("button", name="In danh sách năm học 2018-2019").click()
    assert phone.evaluate("window.printed") is True
    phone.emulate_media(media="print")
    assert not phone.locator("#nam-hoc-2023-2024").is_visible()
    section = phone.locator("#nam-hoc-2018-2019")
    assert section.is_visible()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in section.locator(".ex-form__heading").inner_text()
    assert "THỦ TRƯỞNG ĐƠN VỊ" in section.locator(".ex-form__sign").inner_text()
    group = section.locator(".ex-form__group").first
    assert group.evaluate("tr => getComputedStyle(tr).breakAfter") == "avoid"
    phone.emulate_media(media="screen")
    assert phone.locator("#nam-hoc-2023-2024").is_visible()
