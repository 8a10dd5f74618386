"""Preview latency (`make bench-serve`, or `python tests/bench_serve.py [N ...]`).

Starts `mkdocs serve --dirty --no-strict` (as `make serve` does) on the demo content (N = 0) or
on N synthetic records, waits for the first build, opens the story in headless Chromium (when
installed), edits the record, and measures the seconds until the server serves the story with the
edit, until the open page shows it (livereload reloads it), and until the rebuild is done. Prints a
table; asserts nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _wait_for(url: str, needle: str, timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _get(url)
        if body is not None and needle in body:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def measure(n: int, browser=None) -> dict:
    from conftest import mkdocs_config

    with tempfile.TemporaryDirectory(prefix=f"serve-{n}-") as tmp_name:
        tmp = Path(tmp_name)
        content = tmp / "content"
        if n:
            from synthetic import write_corpus

            write_corpus(content, n)
        else:
            shutil.copytree(ROOT / "content", content)
        records = sorted((content / "exemplars").rglob("*.yml"))
        record = next(r for r in records[len(records) // 2:] if "draft: true" not in r.read_text())
        config = mkdocs_config(tmp, content, tmp / "site", today=date(2100, 1, 1))  # every record shows
        port = _free_port()
        mount = urllib.parse.urlsplit(re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"),
                                                re.M)[1]).path or "/"  # mkdocs serve mounts the site there
        base = f"http://127.0.0.1:{port}{mount}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        log = (tmp / "serve.log").open("w+", encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dirty",
                                 "--no-strict", "--livereload",
                                 "-a", f"127.0.0.1:{port}"], cwd=tmp, env=env,
                                stdout=subprocess.DEVNULL, stderr=log)
        try:
            first = _wait_for(f"{base}dien-hinh/{record.stem}/", "<h1", timeout=1800)
            if first is None:
                raise SystemExit("serve did not come up")
            time.sleep(2)  # let the watcher settle
            marker = f"Sửa thử {time.time_ns()}"
            original = record.read_text(encoding="utf-8")
            builds = _builds(log)
            story = f"{base}dien-hinh/{record.stem}/"
            page = browser.new_page() if browser is not None else None
            if page is not None:
                page.goto(story)
            found: dict = {}
            served = threading.Thread(target=lambda: found.update(change=_wait_for(story, marker, timeout=600)))
            edited = time.perf_counter()
            record.write_text(original.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")
            served.start()
            seen = None
            if page is not None:
                page.wait_for_function(f"document.body?.innerText.includes({marker!r})", polling=20, timeout=600_000)
                seen = time.perf_counter() - edited
                page.close()
            served.join()
            change = found["change"]
            # The browser reloads when the whole rebuild is done (search index included).
            while _builds(log) == builds and time.perf_counter() - edited < 600:
                time.sleep(0.05)
            done = time.perf_counter() - edited
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()
        return {"n": n, "first": first, "change": change, "seen": seen, "done": done}


def _builds(log) -> int:
    log.flush()
    log.seek(0)
    return log.read().count("Documentation built in")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [0, 10000]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("| records | first build s | edit → served, s | edit → open page shows it, s | edit → rebuild done, s |")
    print("|---|---|---|---|---|")
    with _chromium() as browser:
        for n in sizes:
            r = measure(n, browser)
            change = f"{r['change']:.2f}" if r["change"] is not None else "not seen"
            seen = f"{r['seen']:.2f}" if r["seen"] is not None else "no Chromium"
            print(f"| {n or 'demo'} | {r['first']:.1f} | {change} | {seen} | {r['done']:.1f} |", flush=True)


@contextlib.contextmanager
def _chromium():
    """Headless Chromium (tests/browser.py), or None where it is not installed."""
    from browser import CHROMIUM, chromium

    if not os.path.exists(CHROMIUM):
        yield None
        return
    with chromium() as browser:
        yield browser


if __name__ == "__main__":
    main(sys.argv[1:])
