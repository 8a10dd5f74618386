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
place of its open story at once, until it is saved without them (the rebuild fails as always). A page shown
from memory whose rebuilt file turns out different (another record edited at the same time, a
plugin of the site's own) is reloaded when the rebuild is done.

The server's request handler and build loop are MkDocs' (`mkdocs.livereload`): this module
wraps them and uses their epochs and lock, the way MkDocs 1.6 and ProperDocs name them; a server
without them is left alone.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import posixpath
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from mkdocs.commands.build import get_context
from mkdocs.structure.files import InclusionLevel

from . import urls
from .model import Catalog
from .page_events import page_context, page_markdown
from .pages import story
from .planning import PlannedFile, PlannedPage
from .sanitize import sanitize_html
from .validate import check_record

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from .pages import VirtualPage
    from .photos import Pictures

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
class Snapshot:
    """What a completed build rendered with; read-only once made (the next build makes its own)."""

    config: MkDocsConfig
    env: Environment
    nav: Navigation
    files: Files
    catalog: Catalog
    pages: dict[str, VirtualPage]
    pictures: Pictures
    plugin: BasePlugin  # ours: its handlers read the running build's state, so the snapshot's stand in
    content_dir: Path
    sanitize: bool
    image_hosts: list[str]

    def story(self, path: Path) -> tuple[str, bytes] | None:
        """(output path, HTML) of the story of record file `path` as the next build renders it,
        or None when the change needs the whole rebuild."""
        result = check_record(path, self.catalog, self.content_dir)
        src_uri = urls.STORY.format(id=path.stem)
        before = self.pages.get(src_uri)
        file = self.files.get_file_from_path(src_uri)
        if before is None or not isinstance(file, PlannedFile):
            return None  # not a story of the site: a new record, a hand-written page there
        mistakes = ([result.error] if result.error is not None else []) + result.head + result.problems
        if mistakes:  # the editor's open story says what to fix; the rebuild fails as always
            return file.dest_uri, mistakes_page(mistakes, before.title)
        record = result.record
        old = self.catalog.by_id.get(path.stem)
        if record is None or old is None or old.source != record.source:
            return None
        if any(p.file not in self.pictures.photos for p in record.photos):
            return None  # a new photo: its renditions are made by the rebuild
        place = ("published", "unit", "campaign", "kind", "fields", "criteria")
        if all(getattr(old, name) == getattr(record, name) for name in place):
            neighbours = before.context["related"]
        else:  # its related stories may change: counted again over the catalog with it
            records = [record if e.id == record.id else e for e in self.catalog.exemplars]
            edited = dataclasses.replace(self.catalog, exemplars=records, warnings=[])
            neighbours = story.related(edited)[record.id]
        planned = story.page_of(self.catalog, record, neighbours, story.known_criteria(self.catalog))
        return file.dest_uri, self._render(planned)

    def _render(self, planned: VirtualPage) -> bytes:
        """MkDocs' `_populate_page` and `_build_page` for one page, with this build's objects."""
        config, files, nav = self.config, self.files, self.nav
        file = PlannedFile.planned(config, planned.src_uri, planned.markdown)
        file.generated_by = "exemplars"
        page = PlannedPage(None, file, config)
        ours: dict[str, Callable[..., Any]] = {
            "page_markdown": lambda markdown, page, **_: page_markdown(page, planned),
            "page_content": lambda content, **_: (sanitize_html(content, self.image_hosts, page=False)
                                                  if self.sanitize else None),
            "page_context": lambda context, **_: page_context(context, planned, self.catalog, self.pictures),
        }

        def event(name: str, item: Any, **kwargs: Any) -> Any:
            for method in config.plugins.events[name]:
                if getattr(method, "__self__", None) is self.plugin:
                    handler = ours.get(name)
                    result = handler(item, **kwargs) if handler is not None else None
                else:
                    result = method(item, **kwargs)
                if result is not None:
                    item = result
            return item

        config._current_page = page
        try:
            page = event("pre_page", page, config=config, files=files)
            page.read_source(config)
            page.markdown = event("page_markdown", page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            page.content = event("page_content", page.content, page=page, config=config, files=files)
            page.active = True
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            context = get_context(nav, doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = event("page_context", context, page=page, config=config, nav=nav)
            output = event("post_page", template.render(context), page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        return output.encode("utf-8", errors="xmlcharrefreplace")


def mistakes_page(mistakes: list, title: str) -> bytes:
    """What the preview shows in place of a story whose file has mistakes (`path:line: …`)."""
    items = "".join(f"<li><code>{html.escape(str(m))}</code></li>" for m in mistakes)
    return (f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Có lỗi – {html.escape(title)}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;max-width:48rem;color:#1a1a1a}}
h1{{font-size:1.3rem;color:#8e1b1b}}code{{white-space:pre-wrap;word-break:break-word}}li{{margin:.5rem 0}}</style>
</head><body><main>
<h1>Tệp của bài này có lỗi: trang chưa được cập nhật</h1>
<p>Bài: <strong>{html.escape(title)}</strong>. Sửa tệp theo các dòng dưới đây rồi lưu lại; trang sẽ tự tải lại.</p>
<ol>{items}</ol>
<p><small>Chỉ hiện khi xem trước (<code>make serve</code>); không bao giờ được xuất bản.</small></p>
</main></body></html>
""").encode("utf-8")


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
    """Watches the records, renders edited stories and serves them while the rebuild runs."""

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
        self._observer = _watch(self.content_dir / "exemplars", self.touched, server)

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
        """Render the story of `path` and serve it at once; its output path, or None."""
        snapshot = self.snapshot
        if snapshot is None or path.suffix != ".yml" or not path.is_file():
            return None
        read_at, started = _timestamp(), time.perf_counter()
        try:
            found = snapshot.story(path)
        except Exception as exc:  # noqa: BLE001 - the rebuild reports it with file and line
            log.debug("exemplars: no quick preview of %s: %s", path, exc)
            return None
        if found is None:
            return None
        dest, html = found
        with self.server._epoch_cond:
            self.shown[dest] = Shown(html, max(_timestamp(), read_at + 1), read_at)
            self.server._epoch_cond.notify_all()
        log.info("exemplars: %s shown in %.2f s, the rest follows with the rebuild", dest,
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
    """Call `touched(path)` for every record file written under `folder`: through the system's
    file events (inotify: milliseconds), else through MkDocs' own polling observer."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if event.is_directory or event.event_type in ("deleted", "opened", "closed_no_write"):
                return
            for name in (getattr(event, "dest_path", ""), event.src_path):
                if name and str(name).endswith(".yml"):
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
