"""The plan's pages in headless Chromium on a phone and a desktop: the plan with its roadmap, a
milestone, the pilot schools, the selected models and the quota dashboard by scope; clicked
through as a reader would, nothing wider than the screen, screenshots in tests/artifacts/."""

from __future__ import annotations

import re

from test_browser_portal import ARTIFACTS, _heading, _no_sideways_scroll, page  # noqa: F401


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}-{pg.viewport_name}.png"), full_page=True)


def test_dashboard_leads_with_the_summary_and_links_the_plan(page, demo_server):  # noqa: F811
    page.goto(demo_server + "chi-tieu/2018-2019/")
    summary = page.locator('ul.ex-summary[aria-label="Tóm tắt toàn tỉnh"]')
    assert summary.is_visible()
    # The summary comes before the first table, so a phone reader sees it first.
    assert summary.bounding_box()["y"] < page.locator("table.ex-quota").first.bounding_box()["y"]
    assert "4/23" in summary.inner_text()
    kim_dong = page.locator('tr[data-unit="th-kim-dong-tphb"]')
    assert "chỉ đạo điểm" in kim_dong.inner_text()
    if page.viewport_name == "phone":
        # Each row a card: a cell shows its heading beside its figure.
        cell = page.locator('tr[data-unit="pgd-tp-hoa-binh"] td[data-key="mam-non"]')
        before = page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle())
        assert "Cán bộ, giáo viên: mầm non" in before
    _no_sideways_scroll(page)
    _shot(page, "quota-scopes")
    page.locator("article .ex-lead a").first.click()
    page.wait_for_load_state()
    assert page.url == demo_server + "ke-hoach/2017-2020/"
    assert page.errors == [] and page.external == []


def test_plan_page_and_its_roadmap(page, demo_server):  # noqa: F811
    page.goto(demo_server + "ke-hoach/2017-2020/")
    facts = page.locator("article .ex-plan__facts").inner_text()
    for shown in ("1676/KH-SGD&ĐT-VP", "19/09/2017", "Bùi Trọng Đắc", "Sở Giáo dục và Đào tạo tỉnh Hòa Bình"):
        assert shown in facts
    body = page.locator("article.ex-plan").inner_text()
    assert "trước ngày 20/10/2017" in body
    assert "03 trường mầm non, 03 trường tiểu học, 03 trường THCS" in body
    assert re.search(r"Phòng GD&ĐT hằng tháng; đơn vị, trường học trực thuộc hằng quý", body)
    assert "Tăng Bá Lương" in body and "p.tonghop@hoabinh.edu.vn" in body
    steps = page.locator("ol.ex-roadmap > li")
    assert steps.count() == 4
    _no_sideways_scroll(page)
    _shot(page, "plan")
    page.locator('ol.ex-roadmap a[href="tong-ket-2020/"]').click()
    page.wait_for_load_state()
    assert _heading(page) == "Tổng kết Kế hoạch giai đoạn 2017-2020, tôn vinh điển hình tiên tiến"
    honoured = page.locator("#ton-vinh li")
    # Awards naming tong-ket-2020: Kim Đồng's library and Quách Thị Thu (Giấy khen of the director).
    assert honoured.count() == 2
    presented = page.locator("#gioi-thieu li")
    # Events naming it: Kim Đồng's library and Vụ Bản's Mường culture corner.
    assert presented.count() == 2
    _no_sideways_scroll(page)
    _shot(page, "milestone")
    page.locator("#gioi-thieu li a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(demo_server + "dien-hinh/")
    assert page.errors == [] and page.external == []


def test_pilot_schools_page(page, demo_server):  # noqa: F811
    page.goto(demo_server + "chi-dao-diem/")
    assert _heading(page) == "Trường chỉ đạo điểm"
    city = page.locator('section[id="2017-2020"] section.ex-pilots__office[data-unit="pgd-tp-hoa-binh"]')
    # The city office designated two preschools (Hoa Hồng, Tân Thịnh): one short of 3.
    assert "2/3" in city.locator('li[data-level="mam-non"]').inner_text()
    assert "thiếu 1" in city.locator('li[data-level="mam-non"]').inner_text()
    assert city.locator("tbody tr").count() == 7
    kim_dong = city.locator('tr[data-unit="th-kim-dong-tphb"]')
    assert "Thư viện thân thiện" in kim_dong.inner_text()
    _no_sideways_scroll(page)
    _shot(page, "pilots")
    kim_dong.locator("th a").click()
    page.wait_for_load_state()
    assert page.url == demo_server + "don-vi/th-kim-dong-tphb/"
    assert "Trường chỉ đạo điểm" in page.locator(".ex-pilot-note").inner_text()
    assert page.errors == [] and page.external == []


def test_selected_models_and_their_story_pages(page, demo_server):  # noqa: F811
    page.goto(demo_server + "nhan-rong/")
    page.locator('article a[href="lua-chon/"]').click()
    page.wait_for_load_state()
    items = page.locator("ul.ex-selected-list > li")
    assert items.count() == 2
    assert "Nhân rộng toàn tỉnh" in items.first.inner_text()
    _no_sideways_scroll(page)
    items.locator("a").first.click()
    page.wait_for_load_state()
    note = page.locator(".ex-selected-note")
    assert note.is_visible() and "Sở GD&ĐT lựa chọn nhân rộng" in note.inner_text()
    reach = page.locator(".ex-replications").inner_text()
    assert "phạm vi: toàn tỉnh" in reach and "Kế hoạch nhân rộng số" in reach
    _no_sideways_scroll(page)
    assert page.errors == [] and page.external == []
