"""Accessibility in headless Chromium: axe-core (npm, pinned in package.json, installed by
`make test`) on every kind of page, on a phone and a desktop, in the light and the dark scheme;
no serious or critical violation (WCAG 2.0–2.2 A and AA rules, contrast included)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
#: One page of every kind the site has (generated and hand-written), and the 404 page.
PAGES = [
    "", "dien-hinh/nguyen-thi-hoa-th-kim-dong/", "dien-hinh/dinh-thi-on-th-thcs-thai-thinh/",
    "don-vi/", "don-vi/pgd-tp-hoa-binh/", "don-vi/th-kim-dong-tphb/",
    "danh-muc/", "danh-muc/tat-ca/", "danh-muc/tat-ca/trang/2/", "danh-muc/linh-vuc/",
    "ton-vinh/", "nhan-rong/", "dang-ky/", "dang-ky/2018-2019/pgd-tp-hoa-binh/",
    "chi-tieu/", "chi-tieu/2018-2019/", "thong-ke/", "gioi-thieu/", "huong-dan-bien-tap/",
]  # 404.html: test_portal_layout.py, served under a sub-path as a web server would
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: What the dark scheme changes: colours only (run on the desktop; the full rule set runs on both).
DARK_RULES = ["color-contrast", "link-in-text-block"]


def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} missing in CI: `make test` installs it (npm ci)")
        pytest.skip("axe-core not installed: run `make test` (or `npm ci --omit=dev`)")
    return AXE.read_text(encoding="utf-8")


def serious(pg, source: str, rules: list[str] | None = None) -> list[str]:
    """Serious and critical violations on the page as it is now, one line each."""
    if not pg.evaluate("typeof window.axe !== 'undefined'"):
        pg.add_script_tag(content=source)
        # Colours as they settle: Material fades link colours, and axe would read them mid-way.
        pg.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": TAGS}
    result = pg.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
    return [f"{v['id']} ({v['impact']}): {v['help']} – " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_serious_violation_on_any_page(browser, demo_server, viewport):
    source = axe_source()
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    pg = context.new_page()
    found = {}
    try:
        for path in PAGES:
            pg.goto(demo_server + path)
            pg.wait_for_load_state("load")
            problems = serious(pg, source)
            if viewport == "desktop":  # the dark scheme (Material's palette toggle)
                pg.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
                problems += [f"dark: {p}" for p in serious(pg, source, DARK_RULES)]
            if problems:
                found[path or "/"] = problems
    finally:
        context.close()
    assert found == {}, "\n".join(f"{p}: {v}" for p, vs in found.items() for v in vs)


def test_axe_finds_a_planted_violation(browser, demo_server):
    """The check can fail: light grey text on white and an unlabelled button are reported."""
    source = axe_source()
    pg = browser.new_page()
    try:
        pg.goto(demo_server)
        pg.evaluate("""() => {
            const p = document.createElement('p'); p.textContent = 'Chữ mờ'; p.style.color = '#ccc';
            p.style.background = '#fff'; document.querySelector('article').prepend(p);
            document.querySelector('article').prepend(document.createElement('button'));
        }""")
        found = " ".join(serious(pg, source))
        assert "color-contrast" in found and "button-name" in found
    finally:
        pg.close()
