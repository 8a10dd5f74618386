"""Browser tests' shared pieces: a static server thread for a built site, and headless Chromium.

`conftest.py` registers the `browser` and `demo_server` fixtures once for the whole session;
`serve(site)` is a context manager for any other built folder.
Browser tests run against Debian's `chromium` (`.ci/run` installs it); they are skipped only when
it is missing outside CI, and fail in CI (env `CI` set) rather than pass without running.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Text types a production web server compresses on the fly (Pagefind's index files are gzip already).
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    compress = False

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet test output
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL with a slash
            path = path / "index.html"
        if path.suffix not in COMPRESSIBLE or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL with '/'.

    `compress=True` gzips text files as a production server would (for byte measurements)."""
    handler = type("Handler", (_Handler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(directory)))
    # A browser that leaves a page mid-download (Lighthouse, fast navigation) is not an error.
    server.handle_error = lambda request, client_address: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright):
    """Headless Debian Chromium (the browser CI installs), never a downloaded one."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); browser tests skipped")


@contextmanager
def chromium() -> Iterator:
    """Headless Debian Chromium through Playwright, closed on leaving (tests, benchmarks)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; each test opens its own page or context."""
    require_chromium()
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def demo_server(demo_site) -> Iterator[str]:
    """The built demo site served on localhost; yields its base URL (ends with '/')."""
    with serve(demo_site) as url:
        yield url
