"""The portal in headless Chromium: every section within two clicks of the home page, on a phone
and on a desktop; screenshots of the quota dashboard and a story page go to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
#: Home page link → the heading of the section it opens (first click).
SECTIONS = {
    "danh-muc/": "Điển hình tiên tiến",
    "don-vi/": "Đơn vị",
    "ton-vinh/": "Tôn vinh điển hình tiên tiến",
    "nhan-rong/": "Nhân rộng mô hình điển hình",
    "dang-ky/": "Danh sách đăng ký điển hình",
    "chi-tieu/": "Chỉ tiêu đăng ký điển hình",
    "thong-ke/": "Thống kê điển hình tiên tiến",
}
#: Second clicks: (section, link inside it, heading it opens).
DEEPER = [
    ("danh-muc/", "tat-ca/", "Tất cả điển hình"),
    ("dang-ky/", "2018-2019/pgd-tp-hoa-binh/", "GIỚI THIỆU ĐIỂN HÌNH TIÊN TIẾN"),
    ("chi-tieu/", "2018-2019/", "Chỉ tiêu đăng ký điển hình năm học 2018-2019"),
]


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, demo_server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[request.param], device_scale_factor=1)
    pg = context.new_page()
    pg.viewport_name = request.param
    pg.external = []
    pg.errors = []

    def route(r):
        if r.request.url.startswith(demo_server):
            r.continue_()
        else:  # pages must work with nothing from elsewhere: no CDN script, chart or image
            if r.request.resource_type not in ("stylesheet", "font"):  # web fonts: theme.font
                pg.external.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    context.close()


def _heading(pg) -> str:
    return pg.locator("article h1").first.inner_text().strip()


def _no_sideways_scroll(pg) -> None:
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{pg.url}: page is {overflow}px wider than the {pg.viewport_name} screen"


def test_every_section_within_two_clicks(page, demo_server):
    for href, heading in SECTIONS.items():
        page.goto(demo_server)
        page.locator(f'article a[href="{href}"]').first.click()
        page.wait_for_load_state()
        assert page.url == demo_server + href
        assert _heading(page) == heading
        _no_sideways_scroll(page)
    for section, href, heading in DEEPER:
        page.goto(demo_server)
        page.locator(f'article a[href="{section}"]').first.click()
        page.locator(f'article a[href="{href}"]').first.click()
        page.wait_for_load_state()
        assert page.url == demo_server + section + href
        assert _heading(page) == heading
        _no_sideways_scroll(page)
    assert page.errors == []
    assert page.external == []


def test_dashboard_and_story_screenshots(page, demo_server):
    ARTIFACTS.mkdir(exist_ok=True)
    name = page.viewport_name
    page.goto(demo_server)
    page.locator('article a[href="chi-tieu/"]').first.click()
    page.locator('article a[href="2018-2019/"]').first.click()
    page.wait_for_load_state()
    chart = page.locator("svg.ex-chart").first
    assert chart.is_visible() and chart.bounding_box()["width"] > 300
    short = page.locator('tr[data-unit="pgd-lac-son"] td.ex-q--short').first
    assert "thiếu" in short.inner_text()
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)

    page.goto(demo_server)
    page.locator("section.ex-latest .ex-card__title a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(demo_server + "dien-hinh/")
    assert page.locator("article .ex-facts").is_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / f"story-{name}.png"), full_page=True)
    assert page.errors == [] and page.external == []


def test_registration_list_prints_without_site_chrome(page, demo_server):
    page.goto(demo_server + "dang-ky/2018-2019/pgd-tp-hoa-binh/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".ex-actions").is_visible()
    assert page.locator("table.ex-form__table").is_visible()
    assert page.locator("table.ex-form__table tbody td.ex-num").count() == 17
    link = page.locator('a[download][href$=".csv"]').first.get_attribute("href")
    assert link == "danh-sach-pgd-tp-hoa-binh-2018-2019.csv"
    page.emulate_media(media="screen")
    assert page.locator(".ex-actions").is_visible()
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="In danh sách").click()
    assert page.evaluate("window.printed") is True
