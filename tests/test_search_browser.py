"""Search end to end in headless Chromium: the header box, the queries readers type, keyboard,
phone, filters, ranking and escaping, on sites served from localhost. No console error allowed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import serve
from conftest import FIXTURE, build, write

RESULT = "pagefind-results .pf-result"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LINK = "pagefind-results .pf-result-link"


class Page:
    """A browser tab that records console errors and failed requests; the test fails on any."""

    def __init__(self, browser, base: str, viewport=None) -> None:  # noqa: F811
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url} {r.failure}"))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")

    def search(self, query: str, open_with: str = "click") -> list[str]:
        if open_with == "click":
            self.page.click(".ex-search__button")
        else:
            self.page.keyboard.press(open_with)
        self.page.wait_for_selector("pagefind-modal input", state="visible")
        self.page.keyboard.type(query)
        # The summary names the query once its results are in (not those of a shorter prefix).
        self.page.wait_for_function(
            "q => (document.querySelector('pagefind-summary')?.textContent || '').includes(q)", arg=query)
        self.page.wait_for_selector(LINK)
        return self.results()

    def results(self) -> list[str]:
        """Visible results, each as 'title | name · kind · unit · year' text."""
        return [r.inner_text().replace("\n\n", " | ").split("\n")[0] for r in self.page.query_selector_all(RESULT)
                if r.query_selector(".pf-result-link")]

    def close(self) -> None:
        self.context.close()
        assert not self.errors, self.errors


@pytest.fixture
def tab(browser, demo_server) -> Iterator[Page]:  # noqa: F811
    page = Page(browser, demo_server)
    yield page
    page.close()


@pytest.mark.parametrize("query, expected, start", [
    ("nguyen thi hoa", "Nguyễn Thị Hoa", "dien-hinh/nguyen-thi-hoa-th-kim-dong/"),
    ("truong tieu hoc", "Trường Tiểu học", ""),
    ("dang", "Đặng", "don-vi/"),
    ("Nguyễn Thị Hòa", "Nguyễn Thị Hòa", "dien-hinh/nguyen-thi-hoa-th-kim-dong/"),
])
def test_query_finds_the_record_and_opens_it(tab, query, expected, start):
    tab.goto(start)
    results = tab.search(query)
    assert expected in results[0], results[:3]
    href = tab.page.get_attribute(LINK, "href")
    tab.page.click(LINK)
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.url.endswith(href)
    assert expected in tab.page.inner_text("article")


def test_accented_query_ranks_the_exact_spelling_first(tab):
    tab.goto("")
    assert "Nguyễn Thị Hòa" in tab.search("Nguyễn Thị Hòa")[0]
    tab.page.keyboard.press("Control+A")  # replace the query in the box
    tab.page.keyboard.type("Nguyễn Thị Hoa")
    tab.page.wait_for_function(
        "() => (document.querySelector('pagefind-summary')?.textContent || '').endsWith('Nguyễn Thị Hoa')")
    # Results render just after the summary: expect() retries until the new first result is in.
    first = tab.page.locator(RESULT).first.locator(".pf-result-title")
    expect(first).to_have_text(re.compile(r"Nguyễn Thị Hoa(?!.*Hòa)"))


def test_unaccented_query_finds_both_spellings(tab):
    tab.goto("")
    top = " ".join(tab.search("nguyen thi hoa")[:2])
    assert "Nguyễn Thị Hoa" in top and "Nguyễn Thị Hòa" in top


def test_results_show_kind_and_unit(tab):
    tab.goto("")
    tab.search("nguyen thi hoa")
    first = tab.page.query_selector(RESULT)
    assert first.query_selector(".ex-search__kind").inner_text() == "Cán bộ, giáo viên, nhân viên"
    assert first.query_selector(".ex-search__unit").inner_text().startswith("Trường")


def test_keyboard_only(tab):
    # Focus moves a frame after the key: wait for it (fails after Playwright's timeout).
    def focus_on(selector: str) -> None:
        tab.page.wait_for_function("s => document.activeElement && document.activeElement.matches(s)", arg=selector)

    tab.goto("dien-hinh/nguyen-thi-hoa-th-kim-dong/")
    tab.search("dang", open_with="/")
    focus_on("pagefind-modal input")
    tab.page.keyboard.press("ArrowDown")
    focus_on("pagefind-results a")
    href = tab.page.evaluate("document.activeElement.getAttribute('href')")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(f"**{href}")
    tab.page.keyboard.press("Control+k")
    tab.page.wait_for_selector("pagefind-modal input", state="visible")
    assert "esc đóng" in " ".join(tab.page.inner_text("pagefind-keyboard-hints").split()).lower()
    focus_on("pagefind-modal input")
    tab.page.keyboard.press("Escape")  # closes the dialog, as the hint says
    tab.page.wait_for_selector("dialog.pf-modal", state="hidden")
    # Focus goes back where it was before the shortcut (the page), so "/" opens search again.
    tab.page.wait_for_function("() => !document.activeElement.closest('pagefind-modal')")
    tab.page.keyboard.press("/")
    tab.page.wait_for_selector("pagefind-modal input", state="visible")
    focus_on("pagefind-modal input")


def test_header_has_one_search_box_and_no_material_search(tab):
    tab.goto("")
    assert tab.page.locator(".ex-search__button").count() == 1
    assert tab.page.locator(".md-search").count() == 0
    assert tab.page.locator(".ex-search__button").is_visible()


def test_phone(browser, demo_server):  # noqa: F811
    tab = Page(browser, demo_server, viewport={"width": 360, "height": 740})
    try:
        tab.goto("dien-hinh/nguyen-thi-hoa-th-kim-dong/")
        button = tab.page.locator(".ex-search__button")
        assert button.is_visible() and button.bounding_box()["width"] <= 48  # an icon, in the header
        assert tab.page.locator(".ex-search__label").is_hidden()
        tab.search("dang")
        box = tab.page.locator("dialog.pf-modal").bounding_box()
        assert box["width"] >= 359 and box["x"] <= 1  # full screen
        first = tab.page.locator(RESULT).first
        assert first.locator(".ex-search__kind").is_visible() and first.locator(".ex-search__unit").is_visible()
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        tab.close()


def test_filter_by_kind(tab):
    tab.goto("")
    tab.search("truong")
    tab.page.click("pagefind-filter-dropdown[filter=kind] .pf-dropdown-trigger")
    tab.page.click("pagefind-filter-dropdown[filter=kind] .pf-dropdown-option:has-text('Học sinh')")
    tab.page.keyboard.press("Escape")
    tab.page.wait_for_function("() => [...document.querySelectorAll('pagefind-results .ex-search__kind')]"
                               ".every(k => k.textContent === 'Học sinh, sinh viên, học viên')")
    kinds = tab.page.locator("pagefind-results .ex-search__kind").all_inner_texts()
    assert kinds and set(kinds) == {"Học sinh, sinh viên, học viên"}


# --- Sites built for one test: ranking rules, hostile text, a site below a sub-path ---

TAM = """
kind: staff
name: Lê Văn Tâm
title: Thầy giáo vùng cao
unit: thcs-le-loi
campaign: 2017-2020
school_year: 2018-2019
summary: Dạy học ở điểm trường lẻ.
registered_title: Lao động tiên tiến
stage: registered
published: 2019-02-01
"""
HOSTILE = """
kind: staff
name: <img src=x onerror=alert('name')>Đinh Văn Hiểm
title: <script>alert('title')</script>Bài của Đinh Văn Hiểm
unit: thcs-le-loi
campaign: 2017-2020
school_year: 2018-2019
summary: <b onmouseover=alert(2)>Tóm tắt</b> hiểm
registered_title: Lao động tiên tiến
stage: registered
published: 2019-02-02
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("search-browser")
    shutil.copytree(FIXTURE, tmp / "content")
    write(tmp / "content" / "exemplars" / "le-van-tam.yml", TAM)
    write(tmp / "content" / "exemplars" / "hiem.yml", HOSTILE)
    site = build(tmp, tmp / "content")
    (tmp / "root" / "sub").mkdir(parents=True)
    (tmp / "root" / "sub" / "dien-hinh").symlink_to(site)  # the site below /sub/dien-hinh/
    return tmp


@contextmanager
def fixture_tab(browser, folder: Path, start: str = "") -> Iterator[Page]:  # noqa: F811
    """A tab on `folder` served from localhost, opened at `start`; fails on console errors."""
    with serve(folder) as base:
        tab = Page(browser, base)
        try:
            tab.goto(start)
            yield tab
        finally:
            tab.close()


def test_name_ranks_above_a_story_mention(browser, fixture_site):  # noqa: F811
    # Nguyễn Thị Hoa's story says she is "tận tâm"; Lê Văn Tâm has it in his name.
    with fixture_tab(browser, fixture_site / "site") as tab:
        results = tab.search("tam")
        assert "Lê Văn Tâm" in results[0] and any("Nguyễn Thị Hoa" in r for r in results[1:]), results


def test_equal_matches_list_the_newest_story_first(browser, fixture_site):  # noqa: F811
    # Both hold the registered title "Lao động tiên tiến" and no other word of the query: equal scores.
    # Đinh Văn Hiểm's story was published a day after Lê Văn Tâm's.
    with fixture_tab(browser, fixture_site / "site") as tab:
        results = tab.search("lao dong tien tien")
        assert len(results) == 2 and "Đinh Văn Hiểm" in results[0] and "Lê Văn Tâm" in results[1], results


def test_hostile_text_in_results_stays_text(browser, fixture_site):  # noqa: F811
    with fixture_tab(browser, fixture_site / "site") as tab:
        results = tab.search("hiem")
        assert "<script>alert('title')</script>Bài của Đinh Văn Hiểm" in results[0]
        dialog = tab.page.locator("dialog.pf-modal")
        assert dialog.locator("img, script:not([type]), b").count() == 0
        assert "<b onmouseover" in tab.page.inner_text(RESULT)


def test_site_below_a_sub_path(browser, fixture_site):  # noqa: F811
    with fixture_tab(browser, fixture_site / "root", "sub/dien-hinh/dien-hinh/dang-van-an/") as tab:
        tab.search("kim dong")
        href = tab.page.get_attribute(LINK, "href")
        assert re.match(r"^/sub/dien-hinh/(dien-hinh|don-vi)/", href), href
        tab.page.click(LINK)
        tab.page.wait_for_load_state("networkidle")
        assert "Kim Đồng" in tab.page.inner_text("article")


def test_a_republish_during_the_visit_switches_the_reader_to_the_new_index(browser, fixture_site, tmp_path):  # noqa: F811
    """A preview or deploy rewrites the bundle while the dialog is open: new files first, the entry
    last, then the old files go. The reader's next query finds its old files gone, reads the new
    entry and answers from the new index alone, never from a mix of both."""
    from conftest import TODAY
    from generator import search
    from generator.validate import load_catalog

    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copytree(fixture_site / "site", tmp_path / "site")
    shutil.copytree(fixture_site / "content", tmp_path / "content")
    with fixture_tab(browser, tmp_path / "site") as tab:
        assert any("Nguyễn Thị Hoa" in r for r in tab.search("kim dong"))
        old = set(p.name for p in (tmp_path / "site" / "pagefind" / "index" / "t").iterdir())
        # Hoa's story withdrawn: the records after hers move up, so "kim" and "dong" get new files.
        record = tmp_path / "content" / "exemplars" / "nguyen-thi-hoa.yml"
        record.write_text(record.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
        search.write_bundle(tmp_path / "site", load_catalog(tmp_path / "content", today=TODAY))
        new = set(p.name for p in (tmp_path / "site" / "pagefind" / "index" / "t").iterdir())
        assert {n for n in old - new if n.startswith(("kim.", "dong."))}, "the old files must be gone"
        tab.page.keyboard.press("Control+A")
        tab.page.keyboard.type("kim dong truong")
        tab.page.wait_for_function(
            "() => (document.querySelector('pagefind-summary')?.textContent || '').endsWith('kim dong truong')")
        expect(tab.page.locator(RESULT).first.locator(".pf-result-title")).to_have_text(re.compile("Kim Đồng"))
        results = tab.results()
        tab.page.screenshot(path=str(ARTIFACTS / "search-after-republish.png"))
        assert results and not any("Nguyễn Thị Hoa" in r for r in results), results
        # The old files' 404s (the browser logs each) are how the engine learned of the new entry.
        missing = [e for e in tab.errors if "status of 404" in e]
        assert missing, tab.errors
        tab.errors = [e for e in tab.errors if e not in missing]
