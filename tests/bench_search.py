"""Search benchmark (`make bench-search`, or `python tests/bench_search.py [N] [--keep DIR]`).

Writes N synthetic records (tests/synthetic.py, default 10,000), builds them with our pipeline,
serves the site on 127.0.0.1 with gzip for text files (as a production web server does; the
index files are gzip already) and, in headless Chromium with an empty cache, for each query:
opens a story page, clicks the search button, types the query and waits for the first result.
It measures the bytes the browser downloads from the click to the first result shown (the
Component UI's script and style, our engine, the vocabulary, index and result files: the sum
of encoded response sizes, headers included, from Chrome's Network events) and the time from
the click and from the last keystroke to the first result (in the page's own clock).
Prints a table; asserts nothing (the goal, ≤ 400 KB and ≤ 1 s, is read, not enforced).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

#: Queries readers type: without diacritics, accented, one common syllable, a rare name.
QUERIES = ["nguyen thi hoa", "truong tieu hoc", "dang", "Đặng Văn", "doi moi day hoc", "thu vien xanh"]

_TIMERS = """() => {
  const t = window.__bench = {};
  document.querySelector('.ex-search__button').addEventListener('click',
      () => { t.open = performance.now(); }, { capture: true });
  document.addEventListener('input', () => { t.lastKey = performance.now(); }, true);
  new MutationObserver(() => {
    if (!t.result && document.querySelector('pagefind-results .pf-result-link')) t.result = performance.now();
  }).observe(document.body, { childList: true, subtree: true });
}"""


def _build(content: Path, tmp: Path) -> tuple[Path, float]:
    from conftest import build

    start = time.perf_counter()
    site = build(tmp, content, today=date(2026, 11, 25))
    return site, time.perf_counter() - start


def _measure(browser, base: str, page_url: str, query: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone, empty cache
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(base + page_url)
    page.wait_for_load_state("networkidle")
    page.evaluate(_TIMERS)
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.click(".ex-search__button")
    page.wait_for_selector("pagefind-modal input", state="visible")
    page.keyboard.type(query)
    page.wait_for_selector("pagefind-results .pf-result-link", timeout=30_000)
    timers = page.evaluate("window.__bench")
    at_result = dict(received)  # bytes finished by the time the first result was shown
    first_title = page.inner_text("pagefind-results .pf-result-link")
    page.wait_for_load_state("networkidle")
    context.close()
    return {"query": query, "bytes": sum(at_result.values()), "requests": len(at_result),
            "settled": sum(received.values()), "open_ms": timers["result"] - timers["open"],
            "key_ms": timers["result"] - timers["lastKey"], "first": first_title, "errors": errors,
            "files": sorted(((urls.get(k, "?").rsplit("/", 2)[-1], v) for k, v in at_result.items()),
                            key=lambda x: -x[1])}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--site", type=Path, help="measure an already built site (skip the build)")
    parser.add_argument("--verbose", action="store_true", help="list the files of each query")
    args = parser.parse_args(argv)

    from browser import launch, serve
    from playwright.sync_api import sync_playwright
    from synthetic import write_corpus

    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        if args.site:
            site, build_s = args.site, float("nan")
        else:
            work = args.keep or tmp
            work.mkdir(parents=True, exist_ok=True)
            content = write_corpus(work / "content", args.n)
            site, build_s = _build(content, work)
        bundle = site / "pagefind"
        index_bytes = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
        story = next(iter(sorted((site / "dien-hinh").iterdir()))).name
        cpu = platform.processor() or platform.machine()
        print(f"{args.n} records; machine: {os.cpu_count()} cores ({cpu}), {platform.system()}; "
              f"date {date.today():%d/%m/%Y}; build {build_s:.0f} s; search bundle {index_bytes / 1e6:.1f} MB "
              f"in {sum(1 for _ in bundle.rglob('*'))} files")
        print("| query | first result | KB to first result | requests | KB settled | ms from click | "
              "ms from last key |")
        print("|---|---|---|---|---|---|---|")
        rows = []
        with serve(site, compress=True) as base, sync_playwright() as p:
            browser = launch(p)
            try:
                _measure(browser, base, f"dien-hinh/{story}/", "hoa")  # warm the server's disk cache
                for query in QUERIES:
                    r = _measure(browser, base, f"dien-hinh/{story}/", query)
                    rows.append(r)
                    print(f"| {r['query']} | {r['first'][:48]} | {r['bytes'] / 1000:.0f} | {r['requests']} | "
                          f"{r['settled'] / 1000:.0f} | {r['open_ms']:.0f} | {r['key_ms']:.0f} |", flush=True)
                    if args.verbose:
                        print("   ", ", ".join(f"{name} {size / 1000:.1f}" for name, size in r["files"]))
                    if r["errors"]:
                        print(f"    console errors: {r['errors']}")
            finally:
                browser.close()
        print(f"\nworst: {max(r['bytes'] for r in rows) / 1000:.0f} KB, "
              f"{max(r['open_ms'] for r in rows):.0f} ms from click "
              f"(median {statistics.median(r['open_ms'] for r in rows):.0f} ms); goal ≤ 400 KB and ≤ 1000 ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
