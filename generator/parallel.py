"""Both cores (song song): render the generated pages and the search index in forked workers.

At 10,000 records a build spends most of its time in one process: Jinja renders 5,800 lists, unit
pages, dashboards and registration lists, and the search postings are counted word by word. Both
need only what is ready before the pages are written (the catalog, the planned pages, the Jinja
environment, the nav), so the build forks there and the children inherit all of it, nothing is
pickled on the way in. What comes back is text: each page's HTML, the search bundle's files.

Stories go to the workers too, Markdown and all, unless their Markdown links elsewhere (MkDocs
checks those links, and anchors, in the main process). Two ways the pages reach the disk:

- `exemplars build` runs MkDocs' dirty build into an empty folder (build.py), where MkDocs skips a
  page whose file says it is unchanged. There, unless another plugin handles pages, a worker runs
  the page's `on_post_page` and writes the file itself, and the page is marked unchanged in the
  main process: nothing travels back but warnings, and the main process does not walk MkDocs'
  page loop for 15,000 pages (half a millisecond of CPU each, a sixth of a 10,000-record build).
- Otherwise (`mkdocs build`, another plugin's page events) the main process walks MkDocs' page
  loop in its own order; for a page a worker rendered it renders an empty placeholder and
  `on_post_page` hands MkDocs the child's HTML, which MkDocs then writes as usual, so the other
  plugins' `on_post_page` sees every page.

Either way every byte is that of a serial build (tests/test_parallel.py compares every file).

Workers are forked (POSIX); where `fork` does not exist the build stays serial.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import traceback
import zlib
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Callable

from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.utils import write_file

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Template the main process renders for a page a worker rendered: nothing (see on_post_page).
PLACEHOLDER = "exemplars-rendered-by-worker.html"
#: Pages a worker renders before sending them: big enough to keep pipe traffic cheap, small
#: enough that the main process rarely waits for a page it needs next.
CHUNK = 24


def default_workers() -> int:
    """Cores this process may use (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class _Collector(logging.Handler):
    """In a worker: warnings and errors go back to the main process, whose strict mode counts them."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(logging.WARNING)
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        self.conn.send(("log", record.name, record.levelno, record.getMessage()))


def _in_worker(conn: Connection, job: Callable[[Connection], None]) -> None:
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = [_Collector(conn)]
    mkdocs_log.propagate = False
    try:
        job(conn)
    except BaseException:  # noqa: BLE001 - the main process reports it and fails the build
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.send(("done",))
        conn.close()


def _start(job: Callable[[Connection], None]) -> tuple[Any, Connection]:
    # Objects alive now are never collected in the worker: its garbage collector does not walk
    # (and so copy) the inherited memory page by page.
    gc.freeze()
    here, there = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_in_worker, args=(there, job), daemon=True)
    process.start()
    there.close()
    return process, here


def _receive(conn: Connection, on_result: Callable[[Any], None]) -> bool:
    """Handle one message from a worker; False once it has finished."""
    try:
        message = conn.recv()
    except EOFError:
        raise PluginError("exemplars: a build worker stopped without finishing (out of memory?)") from None
    if message[0] == "result":
        on_result(message[1])
    elif message[0] == "log":
        logging.getLogger(message[1]).log(message[2], "%s", message[3])
    elif message[0] == "error":
        raise PluginError(f"exemplars: a build worker failed:\n{message[1]}")
    return message[0] != "done"


class Background:
    """One computation in a forked worker (the search bundle), collected when needed."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self.value: Any = None
        self.process, self.conn = _start(lambda conn: conn.send(("result", compute())))

    def result(self) -> Any:
        try:
            while _receive(self.conn, self._keep):
                pass
        finally:
            self.close()
        return self.value

    def _keep(self, value: Any) -> None:
        self.value = value

    def close(self) -> None:
        self.conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


def render_page(page: Page, config: MkDocsConfig, files: Files, doc_files: Any, nav: Navigation,
                env: Environment) -> str:
    """What mkdocs.commands.build renders for a page: its Markdown if it has any (the end of
    `_populate_page`, skipped in the main process), then `_build_page` up to `on_post_page`."""
    config._current_page = page
    if page.markdown and not page.markdown.isspace():
        page.in_worker = False  # type: ignore[attr-defined]  # PlannedPage: convert it here
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return template.render(context)
    finally:
        page.active = False
        config._current_page = None


def write_page(page: Page, config: MkDocsConfig, files: Files, doc_files: Any, nav: Navigation,
               env: Environment) -> None:
    """The rest of MkDocs' `_build_page` in a worker: `on_post_page`, then the file, as MkDocs writes it."""
    output = render_page(page, config, files, doc_files, nav, env)
    config._current_page = page
    try:
        output = config.plugins.on_post_page(output, page=page, config=config)
    finally:
        config._current_page = None
    if output.strip():
        write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    else:
        log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")


def pages_are_ours(config: MkDocsConfig, plugin: object) -> bool:
    """True when no other plugin handles a rendered page (`on_page_context`, `on_post_page`):
    then a worker may finish and write a page without the main process seeing it."""
    events = config.plugins.events
    return all(getattr(method, "__self__", None) is plugin
               for name in ("page_context", "post_page") for method in events.get(name, []))


class PageFarm:
    """Pages rendered by `workers` forked processes, in chunks dealt in turn; the workers write
    them (`write`), or the main process asks for each page's HTML when MkDocs reaches it.

    Then a chunk travels zlib-compressed (level 1, a tenth of the bytes) and stays so until MkDocs
    reaches its pages: stories come first in MkDocs' loop, so at 10,000 records nearly every list
    arrives before it is needed, 230 MB of HTML held as ~25 MB."""

    def __init__(self, pages: list[Page], workers: int, render: Callable[[Page], str],
                 write: Callable[[Page], None] | None = None) -> None:
        """`write`: the workers write each page themselves (`write_page`); the main process
        calls `get` only for `self.html`'s pages and `finish` before the build ends."""
        # One page of each template first, here: the workers inherit Jinja's compiled templates
        # (Material's base and partials included) instead of each compiling them again.
        first = {}
        for page in pages:
            first.setdefault(page.meta.get("template"), page)
        self.html: dict[str, str] = {p.file.src_uri: render(p) for p in first.values()}
        pages = [p for p in pages if p.file.src_uri not in self.html]
        chunks = [pages[i:i + CHUNK] for i in range(0, len(pages), CHUNK)]
        self.chunk_of = {p.file.src_uri: i for i, chunk in enumerate(chunks) for p in chunk}
        self.packed: dict[int, bytes] = {}
        self.open: dict[Connection, Any] = {}
        for w in range(workers):
            mine = [(i, chunk) for i, chunk in enumerate(chunks) if i % workers == w]
            process, conn = _start(lambda conn, mine=mine: self._work(conn, mine, render, write))
            self.open[conn] = process

    @staticmethod
    def _work(conn: Connection, chunks: list[tuple[int, list[Page]]], render: Callable[[Page], str],
              write: Callable[[Page], None] | None) -> None:
        for i, chunk in chunks:
            if write is not None:
                for page in chunk:
                    write(page)
                    page.content = None
                continue
            rendered = [(p.file.src_uri, render(p)) for p in chunk]
            for page in chunk:  # a story's HTML, kept on its page, was half a worker's memory
                page.content = None
            conn.send(("result", (i, zlib.compress(pickle.dumps(rendered, protocol=5), 1))))

    def finish(self) -> None:
        """Wait for every worker: a failed one fails the build, its warnings count in strict mode."""
        while self.open:
            self._take(wait(list(self.open)))

    def poll(self) -> None:
        """Take what the workers have sent so far without waiting (a worker blocks on a full pipe)."""
        if self.open:
            self._take(wait(list(self.open), timeout=0))

    def get(self, src_uri: str) -> str:
        while src_uri not in self.html:
            chunk = self.chunk_of[src_uri]
            if chunk in self.packed:
                self.html.update(pickle.loads(zlib.decompress(self.packed.pop(chunk))))
            elif not self.open:
                raise PluginError(f"exemplars: no worker rendered {src_uri}")
            else:
                self._take(wait(list(self.open)))
        return self.html.pop(src_uri)

    def _take(self, ready: list) -> None:
        for conn in ready:
            if not _receive(conn, self._keep):
                self._finish(conn)

    def _keep(self, result: tuple[int, bytes]) -> None:
        self.packed[result[0]] = result[1]

    def _finish(self, conn: Connection) -> None:
        process = self.open.pop(conn)
        conn.close()
        process.join(timeout=5)

    def close(self) -> None:
        for conn in list(self.open):
            self.open[conn].kill()
            self._finish(conn)
