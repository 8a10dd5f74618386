"""The portal's layout as a reader sees it, in headless Chromium on a phone and a desktop: masthead
and footer from mkdocs.yml, story order, no empty sidebars, font size and dark scheme, share
links, the A4 poster, the 404 page under a sub-path, page weight, and screenshots (written to
tests/artifacts/; the README shows copies kept in docs/screenshots/)."""

from __future__ import annotations

import http.server
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from browser import serve
from conftest import ROOT

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
STORY = "dien-hinh/nguyen-thi-hoa-th-kim-dong/"
#: Budget of one page view on a phone, gzip-compressed, photos left out (≈ the site before the
#: portal layout: Material's CSS and JavaScript are most of it).
WEIGHT_BUDGET_KB = 80
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
DEPARTMENT = CONFIG["extra"]["department"]


@pytest.fixture(params=list(VIEWPORTS))
def tab(request, browser, demo_server):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    pg = context.new_page()
    pg.viewport_name = request.param
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
    assert pg.errors == []


def box(pg, selector: str) -> dict:
    found = pg.locator(selector).first
    assert found.is_visible(), selector
    return found.bounding_box()


def test_masthead_and_footer_come_from_configuration(tab, demo_server):
    tab.goto(demo_server)
    masthead = tab.locator(".ex-masthead").inner_text()
    assert DEPARTMENT["name"].upper() in masthead.upper() and DEPARTMENT["province"].upper() in masthead.upper()
    footer = tab.locator("footer").inner_text()
    for value in (DEPARTMENT["address"], DEPARTMENT["phone"], DEPARTMENT["email"], DEPARTMENT["responsible"]["name"]):
        assert value in footer, value
    assert "Chịu trách nhiệm nội dung" in footer
    # The editors' guide is a footer link, not a tab of the main menu.
    assert tab.locator("footer a", has_text="Hướng dẫn biên tập").count() == 1
    assert tab.locator(".md-tabs a", has_text="Hướng dẫn biên tập").count() == 0
    tab.locator("footer a", has_text="Hướng dẫn biên tập").click()
    assert tab.locator("article h1").inner_text() == "Hướng dẫn biên tập"
    # The header's title is the short name, whole on a phone too.
    title = tab.locator(".md-header__topic:first-child .md-ellipsis")
    assert title.inner_text().strip() == CONFIG["extra"]["short_name"]
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth")


def test_story_reads_lead_first(tab, demo_server):
    tab.goto(demo_server + STORY)
    h1, summary, lead = box(tab, "article h1"), box(tab, ".ex-summary"), box(tab, ".ex-story__lead img")
    facts, body = box(tab, ".ex-facts"), box(tab, ".ex-story__body")
    assert h1["y"] < summary["y"] < lead["y"]
    if tab.viewport_name == "phone":  # facts right after the lead, before the story
        assert lead["y"] < facts["y"] < body["y"]
        assert summary["y"] < 844, "the summary starts on the first screen"
    else:  # facts beside the story
        assert facts["x"] > body["x"] + body["width"] and facts["y"] < body["y"] + body["height"]
    # Anchored sections with a table of contents that reaches them.
    toc = tab.locator(".ex-toc a")
    assert toc.count() >= 5
    tab.locator('.ex-toc a[href="#khen-thuong"]').click()
    assert tab.evaluate("location.hash") == "#khen-thuong"
    assert tab.locator("#khen-thuong").evaluate("e => e.getBoundingClientRect().top") < 200
    # Related stories share its unit, a topic or a criterion.
    assert tab.locator(".ex-related .ex-card").count() == 3
    # Headlines are bold and dark.
    weight, colour = tab.locator("article h1").evaluate(
        "e => [getComputedStyle(e).fontWeight, getComputedStyle(e).color]")
    assert int(weight) >= 700
    assert sum(int(c) for c in re.findall(r"\d+", colour)[:3]) < 120


def test_no_empty_sidebars_on_generated_pages(tab, demo_server):
    for path in ("", STORY, "don-vi/pgd-tp-hoa-binh/", "danh-muc/tat-ca/"):
        tab.goto(demo_server + path)
        assert tab.locator(".md-sidebar--secondary").count() == 0, path
        if tab.viewport_name == "desktop":
            assert not tab.locator(".md-sidebar--primary").is_visible(), path
    # A hand-written page with headings keeps Material's table of contents.
    tab.goto(demo_server + "huong-dan-bien-tap/")
    assert tab.locator(".md-sidebar--secondary").count() == 1


def test_office_page_counts_the_schools_below(tab, demo_server):
    # 26 published records of the 7 schools under the city's office (counted in content/ on
    # 25/11/2026): the unit tree, the department's page, the office's page and its list agree
    # (the office's page used to say it had none).
    tab.goto(demo_server + "don-vi/")
    assert "(26 điển hình)" in tab.locator('a[href$="pgd-tp-hoa-binh/"]').locator("..").inner_text()
    tab.goto(demo_server + "don-vi/so-gddt-hoa-binh/")
    assert "(26 điển hình)" in tab.locator('.ex-children a[href$="pgd-tp-hoa-binh/"]').locator("..").inner_text()
    tab.goto(demo_server + "don-vi/pgd-tp-hoa-binh/")
    text = tab.locator("article.md-content__inner").inner_text()
    assert "26 điển hình đã đăng: 0 của đơn vị, 26 của các đơn vị trực thuộc." in text
    assert "chưa có điển hình" not in text
    assert tab.locator(".ex-below .ex-card").count() == 6
    tab.locator(".ex-below .ex-more a").click()
    assert tab.url.endswith("danh-muc/don-vi/pgd-tp-hoa-binh/")
    assert "26 điển hình" in tab.locator(".ex-lead").inner_text()


def test_font_size_and_dark_scheme(tab, demo_server):
    tab.goto(demo_server)
    size = lambda: tab.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
    before = size()
    tab.get_by_role("button", name="A+ tăng cỡ chữ").click()
    tab.get_by_role("button", name="A+ tăng cỡ chữ").click()
    bigger = size()
    assert bigger > before * 1.2
    tab.goto(demo_server + STORY)  # kept for the next page
    assert size() == bigger
    tab.get_by_role("button", name="A cỡ chữ mặc định").click()
    assert size() == before
    tab.locator('label[title="Chuyển sang nền tối"]').click()
    assert tab.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert tab.locator("#__palette_0").get_attribute("aria-label") == "Chuyển sang nền tối"


def test_share_links_without_third_party_scripts(tab, demo_server):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.goto(demo_server + STORY)
    canonical = tab.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == CONFIG["site_url"] + STORY and "dien-hinh/dien-hinh" not in canonical
    facebook = tab.get_by_role("link", name="Chia sẻ lên Facebook (mở cửa sổ mới)").get_attribute("href")
    assert facebook == "https://www.facebook.com/sharer/sharer.php?u=" + canonical.replace(":", "%3A")
    tab.get_by_role("button", name="Chép liên kết bài viết").click()
    expect(tab.locator("[data-ex-copy-status]")).to_have_text("Đã chép đường dẫn")
    assert tab.evaluate("navigator.clipboard.readText()") == canonical
    scripts = tab.evaluate("[...document.scripts].map(s => s.src).filter(Boolean)")
    assert scripts and all(s.startswith(demo_server) for s in scripts)


def test_story_prints_as_one_a4_poster(browser, demo_server):
    pg = browser.new_page()
    try:
        pg.goto(demo_server + STORY)
        pg.emulate_media(media="print")
        assert pg.locator(".ex-story__lead img").is_visible() and pg.locator(".ex-facts").is_visible()
        assert not pg.locator(".ex-share").is_visible() and not pg.locator(".md-header").is_visible()
        assert CONFIG["site_url"] + STORY in pg.locator(".ex-poster-url").inner_text()
        pdf = pg.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    finally:
        pg.close()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the browser leaving a page mid-response (broken pipe) is not the site's fault


class _NotFound(http.server.SimpleHTTPRequestHandler):
    """A web server that answers a missing address with the site's 404.html, as hosts do."""

    site_prefix = "/thi-dua/"

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.site_prefix.strip("/") / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_404_works_at_any_depth_under_a_sub_path(browser, demo_site, tmp_path):
    import functools
    import threading

    prefix = "/" + CONFIG["site_url"].split("/", 3)[3]  # /thi-dua/
    (tmp_path / prefix.strip("/")).symlink_to(demo_site, target_is_directory=True)
    handler = type("H", (_NotFound,), {"site_prefix": prefix})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}{prefix}"
    pg = browser.new_page()
    failed = []
    pg.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not r.request.is_navigation_request()
          else None)
    try:
        for missing in ("khong-co/", "dien-hinh/khong-co/trang/3/", "a/b/c/d/e.html"):
            response = pg.goto(base + missing)
            assert response.status == 404
            assert pg.locator("article h1").inner_text() == "Không tìm thấy trang"
            # Styles and scripts load from the site's path, whatever the depth.
            assert pg.locator(".ex-masthead").evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
            assert failed == [], failed
        pg.get_by_role("button", name="Tìm kiếm").last.click()
        pg.wait_for_selector("pagefind-modal input", state="visible")
        pg.keyboard.press("Escape")
        pg.get_by_role("link", name="Danh mục điển hình").click()
        assert pg.url == base + "danh-muc/" and pg.locator("article h1").inner_text() == "Điển hình tiên tiến"
        pg.goto(base + "khong-co/")
        pg.get_by_role("link", name="Về trang chủ").click()
        assert pg.url.rstrip(".") == base and pg.locator(".ex-featured").is_visible()
        # And axe has nothing serious to say about it.
        from test_a11y_browser import axe_source, serious

        pg.goto(base + "x/y/")
        assert serious(pg, axe_source()) == []
    finally:
        pg.close()
        server.shutdown()
        server.server_close()


def page_weight(browser, base: str, path: str) -> tuple[int, int]:
    """Bytes a phone downloads for a page (bodies gzip-compressed as a web server sends them;
    HTTP headers, which depend on the server, left out), without images: (total, images)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], device_scale_factor=3)
    pg = context.new_page()
    responses = []
    pg.on("requestfinished", lambda r: responses.append(r))
    pg.goto(base + path)
    pg.wait_for_load_state("networkidle")
    total = images = 0
    for r in responses:
        size = r.sizes()["responseBodySize"]
        if r.resource_type == "image":
            images += size
        else:
            total += size
    context.close()
    return total, images


def test_page_weight_on_a_phone(browser, demo_site):
    with serve(demo_site, compress=True) as base:
        for path in ("", STORY):
            total, images = page_weight(browser, base, path)
            print(f"page weight {path or '/'}: {total / 1024:.1f} KB compressed without photos "
                  f"(+ {images / 1024:.1f} KB of images) on a phone")
            assert total < WEIGHT_BUDGET_KB * 1024, (path, total)


def test_screenshots(tab, demo_server):
    """Home and a story, phone and desktop; look at them (tests/artifacts/) after a layout change."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("home", ""), ("story", STORY)):
        tab.goto(demo_server + path)
        tab.wait_for_load_state("networkidle")
        # Full-page shots: load the pictures below the fold too.
        tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
        tab.wait_for_load_state("networkidle")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path}: {overflow}px wider than the screen"
        tab.screenshot(path=str(ARTIFACTS / f"portal-{name}-{tab.viewport_name}.png"), full_page=True)
        assert (ARTIFACTS / f"portal-{name}-{tab.viewport_name}.png").stat().st_size > 10_000


#: Material strings that would reach a Vietnamese reader in English if a translation were missing.
ENGLISH = re.compile(r'aria-label="(Tabs|Search|Header|Footer|Navigation|Share|Copy[^"]*)"|'
                     r">\s*(Back to top|Skip to content|Search|Previous|Next|Table of contents|Copy to clipboard)\s*<")


def test_labels_are_vietnamese_and_no_page_fetches_the_sitemap(demo_site, browser, demo_server):
    english = {str(p.relative_to(demo_site)): ENGLISH.search(p.read_text(encoding="utf-8")).group(0)
               for p in demo_site.rglob("*.html") if ENGLISH.search(p.read_text(encoding="utf-8"))}
    assert english == {}
    assert ENGLISH.search('<nav aria-label="Tabs">')  # the check can fail
    # Material fetched sitemap.xml for every <link rel="alternate"> (the feed) on every page view.
    pg = browser.new_page()
    requested = []
    pg.on("request", lambda r: requested.append(r.url))
    try:
        for path in ("", STORY, "don-vi/"):
            pg.goto(demo_server + path)
            pg.wait_for_load_state("networkidle")
    finally:
        pg.close()
    assert requested and not [u for u in requested if "sitemap" in u]
