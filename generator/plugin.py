"""MkDocs handlers of the `exemplars` plugin: thin wiring around load → plan → render."""

from __future__ import annotations

import gc
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from jinja2 import ChoiceLoader, DictLoader
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import assets, kept_out, markdown_guard, parallel, photos, search, urls
from . import search_patch
from .buildcache import FOLDER, BuildCache, search_bundle, shared_key
from .delta import Delta, keep_unchanged_static
from .generated_file import write_later
from .spill import Arena
from .config import ExemplarsConfig
from .incremental import PageCache, fingerprints
from .loader import ContentError
from .model import Catalog
from .page_events import page_content, page_context, page_markdown
from .pages import Asset, LaterAsset, VirtualPage
from .pages.options import SiteOptions
from .planfork import KeptPage, asset_digest, planned_split
from .planning import PlannedPage, clashes, nav_paths, page_links_elsewhere, planned_items
from .render import list_theme_quickly, prepare_environment
from .validate import load_catalog, today_from

if TYPE_CHECKING:
    from jinja2 import Environment
    from .preview import QuickPreview
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.exemplars")

def _dest(src_uri: str) -> str:
    return urls.md_to_url(src_uri) + "index.html"


class ExemplarsPlugin(BasePlugin[ExemplarsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.site = SiteOptions()
        self.pages: dict[str, VirtualPage] = {}
        self.later: list[LaterAsset] = []
        self.serve_dirty = False
        self.page_cache = PageCache()
        self.yaml_cache: dict = {}
        self._search_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="exemplars-search")
        self.search_job: Future | None = None
        self.pictures = photos.Pictures()
        self.command = "build"
        self.nav = None
        self.farm: parallel.PageFarm | None = None  # pages rendered by workers (this build)
        self.search_bundle: parallel.Background | None = None  # search files computed by a worker
        self.dirty = False
        self.cache: BuildCache | None = None  # this build's cache, when it keeps one
        self.fingerprints: dict[str, str] = {}  # page → fingerprint (buildcache.py)
        self.cached: set[str] = set()  # pages whose HTML comes from the cache in this build
        self.served_photos: set[str] = set()
        self.served_assets: dict[str, str] = {}  # generated file → sha1, last preview rebuild
        self.delta: Delta | None = None  # set by build.py for a delta build (delta.py)
        self.writes_pages = False  # build.py: a dirty build into an empty folder (parallel.py)
        self.render_workers = 1  # processes rendering this build's pages (`_workers`, fewer pages)
        self.serving = False  # on_serve has run: the preview's server threads run
        self.preview: QuickPreview | None = None  # `mkdocs serve`: edited stories shown at once
        self.env: Environment | None = None
        self.files: Files | None = None
        self.planned_files = kept_out.PlannedFiles()  # what on_files handed MkDocs

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Declaring on_startup keeps this instance across `mkdocs serve` rebuilds, and with it
        # the caches that make a preview rebuild re-render only what changed.
        self.serve_dirty = command == "serve" and dirty
        self.preview, self.serving = None, False  # until on_serve; MkDocs keeps this instance
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.content_dir = Path(config.config_file_path or ".").parent / self.config.content_dir
        self.site = SiteOptions.from_config(config.site_url, config.site_name, self.config.pagination_per_page)
        list_theme_quickly(config.theme)  # MkDocs lists the theme's files each build (render.py)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Runs before MkDocs cleans site_dir: a content mistake leaves the previous site untouched.
        from .recordcache import cache_folder  # each file's checked result, kept between builds
        try:
            self.catalog = load_catalog(self.content_dir, today=self._today(),
                                        cache=self.yaml_cache if self.serve_dirty else None,
                                        cache_dir=cache_folder(Path(config.config_file_path or ".").parent)
                                        if self._caching() else None, workers=self._workers())
        except ContentError as exc:
            count = len(exc.problems)
            raise PluginError(f"{count} problem{'s' if count > 1 else ''} in {self.config.content_dir}/:\n"
                              f"{exc}") from None
        log.info("exemplars: %d published records, %d units", len(self.catalog.exemplars),
                 len(self.catalog.units))
        for note in self.catalog.warnings:
            log.info("%s", note)  # INFO, not WARNING: a strict build fails on any warning

    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        if self.delta is not None and not self.delta.resolve():
            self.delta = None  # site/ is not what the last cached build left: a full build (delta.py)
        self.cache = BuildCache(Path(config.config_file_path or ".").parent) if self._caching() else None
        if self.delta is None:  # it needs only the catalog: it starts first
            self._start_search()
        self.pages = {}
        assets: list[Asset] = []
        # Photos are published only as metadata-free renditions (generator/photos.py).
        try:
            self.pictures = photos.prepare(self.catalog, photos.cache_dir(Path(config.config_file_path or ".").parent))
        except photos.PhotoError as exc:
            raise PluginError(f"photos in {self.config.content_dir}/media:\n{exc}") from None
        arena = Arena()  # generated files' bytes wait there, not in memory (spill.py)
        planned, known = self._plan(config, arena)
        self._start_search()  # a delta build's, after its planning on both cores
        clash = clashes(planned)
        if clash:
            raise PluginError("exemplars: " + "; ".join(clash))
        self.later = [item for item in planned if isinstance(item, LaterAsset)]
        for item in self.later:
            item.start(self.cache)  # a worker process writes them while MkDocs renders the pages
        for item in planned:
            if isinstance(item, Asset):
                assets.append(item)
            elif not isinstance(item, LaterAsset):
                self.pages[item.src_uri] = item
        changed = (self.page_cache.changed(self.pages, self.catalog, config.theme.dirs, Path(config.site_dir))
                   if self.serve_dirty else None)
        self._look_up_cache(config, known)
        if self.serve_dirty:
            self.served_photos = photos.drop_withheld(Path(config.site_dir), self.served_photos, self.pictures)
        in_nav = set(nav_paths(config.nav))
        # Forking costs more than it saves when a cached, delta or preview build renders a few pages.
        rendered = len(changed) if changed is not None else len(self.pages) - len(self.cached)
        workers = self.render_workers = self._workers() if rendered >= 100 else 1
        if self.delta is not None:
            changed = {uri for uri in self.pages if uri not in self.cached}
        # Digests of the generated files, where a later build or preview rebuild compares them.
        digests = ({a.path: asset_digest(a) for a in assets}
                   if self.cache is not None or self.serve_dirty else {})
        if self.cache is not None:
            self.cache.assets = digests
        same: set[str] = set()  # a delta build's files that site/ holds as they are: never written
        if self.delta is not None:
            assert self.cache is not None
            same = {path for path, digest in digests.items()
                    if self.cache.previous_assets.get(path) == digest and path in self.delta.before}
        # `exemplars build` alone: pages site/ or the cache holds need not go through MkDocs.
        files, self.planned_files = kept_out.add(
            files, config, self.pages, assets, changed=changed, cached=self.cached, in_nav=in_nav,
            workers=workers, leave_out=self.writes_pages and kept_out.only_plugin(config, self), arena=arena,
            same=same)
        for path, abs_path in sorted(self.pictures.files.items()):
            files.append(File.generated(config, path, abs_src_path=abs_path))
        if self.serve_dirty:  # a preview keeps its folder: an unchanged CSV or JSON file stays
            site = Path(config.site_dir)
            shown = {path for path, digest in digests.items()
                     if self.served_assets.get(path) == digest and (site / path).is_file()}
            keep_unchanged_static(files, site, False, shown)
            self.served_assets = digests
        if self.delta is not None and self.cache is not None:
            self.delta.kept |= keep_unchanged_static(files, self.delta.live,
                                                     self.cache.key == self.cache.previous_key, same)
            self.delta.kept.update(self.planned_files.kept.values())
        # Broken links in stories and pages, named by YAML file and line (strict MkDocs would name
        # the generated page), before anything is rendered.
        problems = markdown_guard.site_problems(self.catalog, [*files.src_uris, *self.planned_files.kept],
                                                self.content_dir,
                                                self.content_dir.parent, Path(config.docs_dir))
        if problems:
            raise PluginError(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in "
                              f"{self.config.content_dir}/:\n" + "\n".join(map(str, sorted(
                                  problems, key=lambda p: (p.path, p.line, p.message)))))
        if self.command == "build":
            # The catalog, pages and files live as long as the build: full collections during the
            # page loop need not walk them (two, half a second each at 10,000 records; parallel.py
            # freezes what existed before its forks alike).
            gc.freeze()
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.content_dir))
        self.serving = True
        from .preview import QuickPreview  # `mkdocs serve` only (35 ms of every build's start)

        if QuickPreview.supports(server):  # an edited story shows before the rebuild ends (preview.py)
            self.preview = QuickPreview(server, self.content_dir)
            self.preview.install()
            self._keep_snapshot(config)  # of the first build, done before the server starts
        return server

    def _keep_snapshot(self, config: MkDocsConfig) -> None:
        if self.preview is not None and self.catalog is not None:
            from .preview_render import Snapshot

            self.preview.snapshot = Snapshot(config, self.env, self.nav, self.files, self.catalog, self.pages,
                                             self.pictures, self, self.content_dir, self.config.sanitize,
                                             self.config.image_hosts)

    def on_shutdown(self) -> None:
        if self.preview is not None:
            self.preview.stop()

    @event_priority(-100)  # last: a worker must see the nav as every other plugin left it
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav = nav
        return nav

    @event_priority(-100)  # last: the workers fork with the environment every plugin prepared
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.env, self.files = env, files  # the preview renders with them (preview.py)
        prepare_environment(env, Path(config.config_file_path or ".").parent / FOLDER / "jinja"
                            if self.config.build_cache else None)
        # MkDocs skips a page marked unchanged: a worker or the cache writes it (parallel.py).
        own = self.writes_pages and parallel.pages_are_ours(config, self)
        env.globals["sitemap_xml"] = self.planned_files.sitemap(config, env.globals["sitemap_xml"])
        if self.cache is not None:  # pages left out come from the cache (CI); the sitemap (kept_out.py)
            kept_out.from_cache(config, files, self.planned_files, self.cache, self.delta, self.fingerprints)
        if self.render_workers > 1:
            self._start_farm(env, config, files, own)
        if self.farm is not None or self.cached:
            for file in files.documentation_pages():
                if file.page is not None and file.src_uri in self.cached and self._planned(file.page):
                    if not own:
                        file.page.meta["template"] = parallel.PLACEHOLDER  # on_post_page brings its HTML
                    elif file.modified:  # (a delta build leaves it unchanged in site/)
                        self.cache.copy(self.fingerprints[file.src_uri], file.abs_dest_path)
                        file.modified = False
            env.loader = ChoiceLoader([DictLoader({parallel.PLACEHOLDER: ""}), env.loader])
        return env

    def _start_farm(self, env: Environment, config: MkDocsConfig, files: Files, own: bool) -> None:
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # as build() renders
        mine = [f.page for f in doc_files if isinstance(f.page, PlannedPage) and f.page.in_worker]
        nav = self.nav
        write = (lambda page: parallel.write_page(page, config, files, doc_files, nav, env)) if own else None
        self.farm = parallel.PageFarm(mine, self.render_workers,
                                      lambda page: parallel.render_page(page, config, files, doc_files, nav, env),
                                      write)
        for page in mine:  # after the fork: here MkDocs renders nothing
            if own and page.file.src_uri not in self.farm.html:
                page.file.modified = False  # the worker writes it
            else:
                page.meta["template"] = parallel.PLACEHOLDER  # on_post_page brings the HTML
        log.info("exemplars: %d pages rendered%s by %d workers", len(mine), " and written" if own else "",
                 self.render_workers)

    @event_priority(100)  # first: the other plugins see the page as a serial build would give it
    def _post_page_from_worker(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.farm is None:
            return None
        self.farm.poll()
        if page.meta.get("template") == parallel.PLACEHOLDER and page.file.src_uri not in self.cached:
            return self.farm.get(page.file.src_uri)
        return None

    @event_priority(-100)  # last: the cache holds what MkDocs writes, after every plugin
    def _post_page_cached(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        src_uri = page.file.src_uri
        if self.cache is None or src_uri not in self.fingerprints or self._planned(page) is None:
            return None
        if src_uri in self.cached:
            return self.cache.load(self.fingerprints[src_uri])
        self.cache.store(self.fingerprints[src_uri], output)
        return None

    on_post_page = CombinedEvent(_post_page_from_worker, _post_page_cached)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_workers()

    def _stop_workers(self) -> None:
        for job in (self.farm, self.search_bundle):
            if job is not None:
                job.close()
        self.farm = self.search_bundle = None

    def _plan(self, config: MkDocsConfig, arena: Arena) -> tuple[list, dict[str, str]]:
        """Every planned item, and the fingerprints already known (a delta build plans on both
        cores: planfork.py)."""
        assert self.catalog is not None
        folder = self.cache.folder if self.cache is not None else None
        if self.delta is None or self.cache is None or self._workers() < 2:
            return planned_items(self.catalog, self.site, folder, arena), {}
        previous, live, assets = self.cache.previous, self.delta.before, self.cache.previous_assets
        return planned_split(self.catalog, self.site, folder, self._shared_key(config),
                             lambda uri, fp: previous.get(uri) == fp and _dest(uri) in live,
                             lambda path, digest: assets.get(path) == digest and path in live, arena)

    def _start_search(self) -> None:
        if self.search_bundle is None and self._workers() > 1 and not self.serve_dirty:
            catalog = self.catalog
            holds = self.delta.holds if self.delta is not None else None  # asked in the worker (search.held_files)
            self.search_bundle = parallel.Background(lambda: search_bundle(catalog, self.cache, holds))

    def _shared_key(self, config: MkDocsConfig) -> str:
        assert self.cache is not None and self.catalog is not None
        if self.cache.key is None:
            self.cache.key = shared_key(self.catalog, config.config_file_path, config.docs_dir, config.theme.dirs,
                                        self.pictures)
        return self.cache.key

    def _look_up_cache(self, config: MkDocsConfig, known: dict[str, str]) -> None:
        """Fingerprint every planned page (`known`: those fingerprinted while planning); those the
        cache holds are neither converted nor rendered."""
        self.fingerprints, self.cached = {}, set()
        if self.cache is None:
            return
        self.fingerprints = fingerprints(self.pages, self._shared_key(config), self._workers(), known)
        self.cache.used = dict(self.fingerprints)
        if self.delta is not None and known:  # planned on both cores: the stubs are what site/ holds
            self.cached = {uri for uri, page in self.pages.items() if isinstance(page, KeptPage)}
        else:
            self.cached = self.cache.reusable(self.fingerprints, self.delta.before if self.delta is not None else None,
                                              _dest, lambda uri: page_links_elsewhere(self.pages[uri]))
        log.info("exemplars: %d of %d generated pages from the build cache", len(self.cached), len(self.pages))

    def _caching(self) -> bool:
        """A build cache for real builds only: a preview keeps its own (incremental.py), and
        `--dirty` would write over files the cache shares."""
        return self.config.build_cache and self.command == "build" and not self.dirty

    def _workers(self) -> int:
        """Worker processes for this build: 1 (serial) where `fork` is missing, and in a preview
        once its server runs (threads): its first build, before `on_serve`, has them all."""
        if not parallel.can_fork() or (self.command != "build" and self.serving):
            return 1
        return max(1, self.config.workers or parallel.default_workers())

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        planned = self._planned(page)
        return page_markdown(page, planned) if planned is not None else None

    def on_page_content(self, content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return page_content(content, page, self._planned(page), self.config.sanitize, self.config.image_hosts)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        return page_context(context, self._planned(page), self.catalog, self.pictures)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # The search index of the published records, on every build; site_dir is the atomic
        # build's staging folder. A preview reloads the edited page at once and its search
        # catches up in the background (seconds at 10,000 records), one index at a time.
        assert self.catalog is not None
        if self.farm is not None:
            self.farm.finish()  # the pages its workers write
        self._keep_snapshot(config)  # every page is written: the next edit renders with this build
        site = Path(config.site_dir)
        if self.serve_dirty:  # a preview reloads at once; the workbooks follow, like the search
            self._stop_workers()
            self._search_writer.submit(write_later, site, self.later, True, lambda p: (site / p).is_file())
        elif self.delta is not None:
            self.delta.kept |= write_later(site, self.later, present=self.delta.before.__contains__)
        else:
            write_later(site, self.later)
        assets.minify_stylesheets(Path(config.site_dir), list(config.extra_css))
        if self.serve_dirty:
            self.search_job = self._search_writer.submit(search_patch.write_preview_bundle,
                                                         Path(config.site_dir), self.catalog)
            return
        try:
            found = self.search_bundle.result() if self.search_bundle is not None else search_bundle(self.catalog, self.cache)
            self._stop_workers()
            present = self.delta.holds if self.delta is not None else None
            report = search.write_bundle(Path(config.site_dir), self.catalog, found[1], present=present, held=found[2])
            if self.delta is not None:
                self.delta.kept |= report.kept
        except search.SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        if self.cache is not None:
            self.cache.search_used = found[0]
            self.cache.commit()
            LaterAsset.commit_all(self.later)  # the workbook cache keeps what this build used

    def _planned(self, page: Page) -> VirtualPage | None:
        if page.file.generated_by is None and page.file.src_uri in self.pages:
            return None  # hand-written page at a planned path
        return self.pages.get(page.file.src_uri)

    def _today(self) -> date:
        try:
            return today_from(self.config.today)
        except ValueError as exc:
            raise PluginError(f"exemplars: {exc}") from None
