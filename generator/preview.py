"""Quick preview (xem trước nhanh): `mkdocs serve` shows an edited story within a second.

MkDocs' preview server rebuilds the whole site on every change and holds every request until the
rebuild is done: seconds at 10,000 records. Here, when a record file changes, its story page is
rendered at once from what the last completed build left (its config, nav, Jinja environment,
catalog and planned pages: a `Snapshot`), the way that build rendered it, and served from memory
until a rebuild that read the file is done; the browser that shows the story is told to reload at
once. The rebuild goes on as before and every other page waits for it, as MkDocs wants.

Only a plain edit takes this path: the file still checks, the record stays published under the
same id and file, and its photos are ones the site already has; anything else (a new record, a
draft, a new photo) waits for the rebuild. A file with mistakes shows them, `path:line: …`, in
place of its open story at once, until it is saved without them (the rebuild fails as always).
A page shown from memory whose rebuilt file turns out different (another record edited at the
same time, a plugin of the site's own) is reloaded when the rebuild is done.

The server's request handler and build loop are MkDocs' (`mkdocs.livereload`): this module
wraps them and uses their epochs and lock, the way MkDocs 1.6 and ProperDocs name them; a server
without them is left alone.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .preview_render import Snapshot

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Quiet time after the last change of a file before it is read (editors write in two steps).
SETTLE = 0.05
#: More files changed at once than this (a `git pull`) wait for the rebuild.
MOST = 3
#: The longest a rebuild waits for quick renders in progress (they start first: they are short).
WAIT = 3.0
_SERVER_PARTS = ("_serve_request", "_epoch_cond", "_visible_epoch", "_wanted_epoch", "_inject_js_into_html",
                 "builder", "root", "mount_path")


def _timestamp() -> int:
    return round(time.monotonic() * 1000)  # as mkdocs.livereload: epochs are comparable


@dataclass
class Shown:
    """A page served from memory: its HTML, the epoch it carries, when its record was read."""

    html: bytes
    epoch: int
    read_at: int
    #: Set when a rebuild that read the record is done: its epoch, and whether it wrote this HTML.
    settled: int | None = None
    same: bool = False


class QuickPreview:
    """Watches the content, renders edited stories and posts, serves them while the rebuild runs."""

    def __init__(self, server: Any, content_dir: Path) -> None:
        self.server = server
        self.content_dir = content_dir
        self.snapshot: Snapshot | None = None
        self.shown: dict[str, Shown] = {}
        self.writing_since: int | None = None  # time_ns when the running rebuild started
        self.completed = 0  # the start epoch of the last rebuild that succeeded
        self._touched: set[Path] = set()
        self._busy = False
        self._cond = threading.Condition()
        self._stopped = False
        self._observer: Any = None

    @staticmethod
    def supports(server: Any) -> bool:
        return all(hasattr(server, name) for name in _SERVER_PARTS)

    def install(self) -> None:
        server = self.server
        serve, build = server._serve_request, server.builder
        server._serve_request = lambda environ, start_response: (
            self._serve(environ, start_response) or serve(environ, start_response))
        server.builder = lambda *args, **kwargs: self._build(build, *args, **kwargs)
        threading.Thread(target=self._work, name="exemplars-preview", daemon=True).start()
        self._observer = _watch(self.content_dir, self.touched, server)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._observer is not None and self._observer is not getattr(self.server, "observer", None):
            self._observer.stop()

    # The watcher's side: a changed record is rendered before the rebuild starts.

    def touched(self, path: Path) -> None:
        with self._cond:
            self._touched.add(path)
            self._busy = True
            self._cond.notify_all()

    def _work(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._touched or self._stopped)
                if self._stopped:
                    return
                while self._cond.wait(timeout=SETTLE):
                    pass  # a file is still being written
                paths, self._touched = sorted(self._touched), set()
            try:
                if len(paths) <= MOST:
                    for path in paths:
                        self.show(path)
            finally:
                with self._cond:
                    self._busy = bool(self._touched)
                    self._cond.notify_all()

    def show(self, path: Path) -> str | None:
        """Render the page of content file `path` and serve it at once; its output path, or None."""
        snapshot = self.snapshot
        if snapshot is None or not path.is_file():
            return None
        read_at, started = _timestamp(), time.perf_counter()
        try:
            found = snapshot.page_of(path)
        except Exception as exc:  # noqa: BLE001 - the rebuild reports it with file and line
            log.debug("exemplars: no quick preview of %s: %s", path, exc)
            return None
        if found is None:
            return None
        dest, html = found
        with self.server._epoch_cond:
            self.shown[dest] = Shown(html, max(_timestamp(), read_at + 1), read_at)
            self.server._epoch_cond.notify_all()
        url = getattr(self.server, "url", "") + dest.removesuffix("index.html")
        log.info("exemplars: %s shown in %.2f s, the rest follows with the rebuild", url,
                 time.perf_counter() - started)
        return dest

    # The build loop's side.

    def _build(self, build: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        self.writing_since = time.time_ns()  # nothing this rebuild writes is older
        with self._cond:  # stories already changed show first: they take a fraction of a second
            self._cond.wait_for(lambda: not self._busy or self._stopped, timeout=WAIT)
        started = _timestamp()
        try:
            build(*args, **kwargs)
            with self.server._epoch_cond:
                self.completed = started
                for dest, shown in self.shown.items():
                    if shown.settled is None and not self.live(shown):
                        shown.settled, shown.same = self.server._wanted_epoch, self._rebuilt(dest) == shown.html
                self.server._epoch_cond.notify_all()
        finally:
            self.writing_since = None

    def live(self, shown: Shown) -> bool:
        """Whether no completed rebuild has read the record yet."""
        return self.completed < shown.read_at

    # The request handler's side.

    def _serve(self, environ: dict, start_response: Callable) -> list[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if match := re.fullmatch(r"/livereload/([0-9]+)/[0-9]+", path):
            return self._poll(int(match[1]), environ, start_response)
        rel = self._relative(path)
        if rel is None:
            return None
        with self.server._epoch_cond:
            shown = self.shown.get(rel)
            if shown is not None and self.live(shown):
                body = self.server._inject_js_into_html(shown.html, shown.epoch)
                start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
                return [body]
            rebuilding = self.server._visible_epoch != self.server._wanted_epoch
        if rebuilding and not rel.endswith(".html"):
            return self._serve_unchanged(rel, start_response)
        return None

    def _serve_unchanged(self, rel: str, start_response: Callable) -> list[bytes] | None:
        """A stylesheet, script or picture the running rebuild has not written: as it is (MkDocs
        would hold it until the end, and the page shown from memory with it)."""
        file = os.path.join(self.server.root, rel)
        try:
            before = os.stat(file)
            with open(file, "rb") as handle:
                data = handle.read()
            after = os.stat(file)
        except OSError:
            return None
        since = self.writing_since
        if before.st_mtime_ns != after.st_mtime_ns or (since is not None and before.st_mtime_ns >= since):
            return None
        start_response("200 OK", [("Content-Type", self.server._guess_type(file)),
                                  ("Content-Length", str(len(data)))])
        return [data]

    def _relative(self, path: str) -> str | None:
        """The output file of a URL path, as MkDocs' handler finds it."""
        mount = self.server.mount_path
        if not (path + "/").startswith(mount):
            return None
        rel = path[len(mount):]
        if path.endswith("/"):
            rel += "index.html"
        return posixpath.normpath("/" + rel).lstrip("/")

    def _poll(self, epoch: int, environ: dict, start_response: Callable) -> list[bytes]:
        """Livereload's long poll: MkDocs' answer (reload once a newer build is visible), and
        reload a page whose story is shown from memory newer than the page has, or whose rebuilt
        file differs from the one shown."""
        referer = urllib.parse.urlsplit(environ.get("HTTP_REFERER") or "").path
        page = self._relative(urllib.parse.unquote(referer)) if referer else None
        server = self.server

        def answer() -> int | None:
            shown = self.shown.get(page) if page else None
            visible = server._visible_epoch
            if shown is not None and epoch == shown.epoch:  # the page is the one from memory
                if shown.settled is None or visible < shown.settled:
                    return None
                if not shown.same:
                    return max(visible, epoch + 1)
                return visible if visible > shown.settled else None
            if shown is not None and self.live(shown) and shown.epoch > epoch:
                return shown.epoch
            return visible if visible > epoch else None

        start_response("200 OK", [("Content-Type", "text/plain")])
        with server._epoch_cond:
            server._epoch_cond.wait_for(lambda: answer() is not None, timeout=server.poll_response_timeout)
            found = answer()
            return [b"%d" % (found if found is not None else epoch)]

    def _rebuilt(self, rel: str) -> bytes | None:
        try:
            return Path(self.server.root, rel).read_bytes()
        except OSError:
            return None


def _watch(folder: Path, touched: Callable[[Path], None], server: Any) -> Any:
    """Call `touched(path)` for every record or post written under `folder`: through the system's
    file events (inotify: milliseconds), else through MkDocs' own polling observer."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if event.is_directory or event.event_type in ("deleted", "opened", "closed_no_write"):
                return
            for name in (getattr(event, "dest_path", ""), event.src_path):
                if name and str(name).endswith((".yml", ".md")):
                    touched(Path(os.fsdecode(name)))
                    return

    handler = Handler()
    try:
        observer = Observer()
        observer.daemon = True
        observer.schedule(handler, str(folder), recursive=True)
        observer.start()
        return observer
    except Exception as exc:  # noqa: BLE001 - e.g. inotify watches exhausted: poll instead
        log.debug("exemplars: file events unavailable (%s), polling", exc)
        server.observer.schedule(handler, str(folder), recursive=True)
        return server.observer
