"""`make serve` in Chromium: an editor's open story reloads with the edit at once (preview.py),
styled, and does not reload again when the rebuild writes the same page; a mistake shows in its
place until it is fixed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench_serve import _free_port
from conftest import mkdocs_config

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def test_open_story_shows_an_edit_before_the_rebuild_ends(browser, content, tmp_path):
    config = mkdocs_config(tmp_path, content, tmp_path / "site")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dirty",
                                   "--no-strict", "--livereload", "-a", f"127.0.0.1:{port}"],
                                  cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=log,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        story = f"http://127.0.0.1:{port}/thi-dua/dien-hinh/nguyen-thi-hoa/"
        _wait(lambda: (_get(story) or "").count("<h1") > 0, 120, "the first build")
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(story)
        page.evaluate("window.openedBeforeTheEdit = true")

        record = content / "exemplars" / "nguyen-thi-hoa.yml"
        marker = "Bản sửa hiện ngay"
        record.write_text(record.read_text(encoding="utf-8").replace("summary: ", f"summary: {marker}. ", 1),
                          encoding="utf-8")
        page.wait_for_function(f"document.body?.innerText.includes({marker!r})", timeout=20000)
        assert page.evaluate("window.openedBeforeTheEdit") is None  # livereload reloaded it
        # Styled: Material's stylesheet arrived although the rebuild may still be running.
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert header in ("sticky", "fixed")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "preview-quick-phone.png"))
        page.evaluate("window.shownFromMemory = true")

        log_text = lambda: log_path.read_text(encoding="utf-8")  # noqa: E731
        assert re.search(r"/thi-dua/dien-hinh/nguyen-thi-hoa/ shown in", log_text()), log_text()
        _wait(lambda: log_text().count("Reloading browsers") >= 1, 60, "the rebuild")
        time.sleep(1.5)  # a reload after the rebuild would have dropped the flag by now
        assert page.evaluate("window.shownFromMemory") is True, "reloaded although the rebuild wrote the same page"
        assert marker in page.inner_text("body")

        # A mistake: the open story says what to fix at once; fixed, the story is back.
        good = record.read_text(encoding="utf-8")
        record.write_text(good.replace("unit: th-kim-dong", "unit: khong-co"), encoding="utf-8")
        page.wait_for_function("document.body?.innerText.includes('Tệp của bài này có lỗi')", timeout=20000)
        assert re.search(r"nguyen-thi-hoa\.yml:\d+: .*khong-co", page.inner_text("body"))
        page.screenshot(path=str(ARTIFACTS / "preview-mistake-phone.png"))
        record.write_text(good.replace(marker, "Đã sửa lỗi"), encoding="utf-8")
        page.wait_for_function("document.body?.innerText.includes('Đã sửa lỗi')", timeout=20000)
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
