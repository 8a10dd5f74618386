"""Kept pages left out of MkDocs (trang giữ nguyên, không đưa qua MkDocs) in `exemplars build`.

After a one-record edit at 10,000 records some twenty of 15,800 generated pages change; MkDocs
still wants a `File` and a `Page` for every one of them and visits each in its loops, only to
skip it: about 0.6 s of the main process's CPU for pages that `site/` already holds (a delta
build) or that are copied from the build cache (CI with the cache restored). When `exemplars
build` writes the pages itself and no other plugin or hook takes part in the build (none could
tell the difference: MkDocs' dirty build gives them no event for an unchanged page, but the
lists of files and the nav they see would be shorter), those pages never reach MkDocs' files:

- `KeptFiles` is MkDocs' `Files` without them; a link to one of them from Markdown that MkDocs
  converts (a hand-written page, a story that links elsewhere) still finds its file, made on
  demand, so links resolve and are checked as before;
- `with_kept` puts them back, in their places, where MkDocs' templates list every page
  (sitemap.xml), so the sitemap is the same bytes;
- pages named in `nav:` always go through MkDocs (it makes their nav entries).

The site stays byte-identical to a clean build (tests/test_buildcache.py, tests/test_kept_out.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Callable, Container, Iterable, Iterator

from mkdocs.structure.files import File, Files

from . import urls
from .generated_file import GeneratedAsset
from .pages import Asset, VirtualPage
from .planning import PlannedFile, PlannedPage, build_date, links_elsewhere, page_urls
from .spill import Arena

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

#: Events any plugin may handle without seeing pages or files: they run before the files exist
#: or outside the build.
_OUTSIDE = frozenset({"startup", "shutdown", "serve", "config", "pre_build", "build_error"})


def only_plugin(config: MkDocsConfig, plugin: object) -> bool:
    """True when every handler of a build event (files, nav, env, pages, templates, post_build)
    is `plugin`'s: then no other plugin or hook could see that pages are left out."""
    return all(getattr(method, "__self__", None) is plugin
               for name, methods in config.plugins.events.items() if name not in _OUTSIDE
               for method in methods)


class KeptFiles(Files):
    """MkDocs' files of this build without the kept pages and files (`kept`: src_uri → a
    function that makes its `File`, for a link that names it)."""

    def __init__(self, files: Iterable[File], kept: dict[str, Callable[[], File]]) -> None:
        super().__init__(files)
        self.kept = kept
        self._made: dict[str, File] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        if found is not None:
            return found
        uri = PurePath(path).as_posix()
        if uri not in self.kept:
            return None
        if uri not in self._made:
            self._made[uri] = self.kept[uri]()
        return self._made[uri]


def kept_page(config: MkDocsConfig, src_uri: str) -> PlannedFile:
    """The file of a kept page, as the build would have made it (not modified: never written)."""
    file = PlannedFile.planned(config, src_uri, "")
    file.generated_by = "exemplars"
    file.modified = False
    PlannedPage(None, file, config)
    return file


class _SitemapEntry:
    """What sitemap.py reads of a page's file and page, for a kept page."""

    __slots__ = ("canonical_url", "abs_url", "update_date")
    is_link = False

    def __init__(self, canonical_url: str, abs_url: str, update_date: str) -> None:
        self.canonical_url, self.abs_url, self.update_date = canonical_url, abs_url, update_date

    @property
    def page(self) -> _SitemapEntry:
        return self


def _merged(pages: Iterable[File], order: list[str], kept: Container[str]) -> Iterator[tuple[str, File | None]]:
    """(src_uri, file) of MkDocs' documentation `pages`, and (src_uri, None) of each kept page in
    the place it would have had: `order` is the planned pages in the order they were added to the
    files (after MkDocs' own, the hand-written pages), `kept` those left out."""
    planned = set(order)
    left = iter(order)
    for file in pages:
        if file.src_uri in planned:
            for uri in left:
                if uri == file.src_uri:
                    break
                if uri in kept:
                    yield uri, None
        yield file.src_uri, file
    for uri in left:
        if uri in kept:
            yield uri, None


def with_kept(pages: Iterable[File], order: list[str], kept: Container[str], config: MkDocsConfig) -> Iterator:
    """MkDocs' documentation `pages` with the kept pages in their places (`_merged`)."""
    update_date = build_date()
    for uri, file in _merged(pages, order, kept):
        if file is not None:
            yield file
            continue
        found = page_urls(config, urls.md_to_url(uri))
        # A URL MkDocs would quote or join otherwise: its own way.
        yield kept_page(config, uri) if found is None else _SitemapEntry(found[0], found[1], update_date)


@dataclass
class PlannedFiles:
    """What `add` handed MkDocs: the planned pages in the order they went into the files, and
    the kept pages and files left out (src_uri → output path)."""

    order: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)
    #: Whether kept pages may be left out: `exemplars build` and no other plugin or hook.
    left_out: bool = False

    def sitemap_key(self, files: Files, config: MkDocsConfig, shared: str) -> str:
        """What sitemap.xml is made of: every page's path in order, the build's date, the site's
        URL and the `shared` key (the theme's sitemap template, our code)."""
        h = hashlib.sha1(repr((shared, build_date(), config.site_url, config.use_directory_urls)).encode())
        h.update("\n".join(uri for uri, _ in _merged(files.documentation_pages(), self.order, self.kept)).encode(
            "utf-8", "surrogatepass"))
        return h.hexdigest()

    def sitemap(self, config: MkDocsConfig, render: Callable) -> Callable:
        """`render` (sitemap.py's `sitemap_xml(pages)`) over MkDocs' pages and the kept ones."""
        if not self.kept:
            return render
        return lambda pages: render(with_kept(pages, self.order, self.kept, config))


def add(files: Files, config: MkDocsConfig, pages: dict[str, VirtualPage], assets: list[Asset], *,
        changed: set[str] | None, cached: set[str], in_nav: set[str], workers: int,
        leave_out: bool, arena: Arena, same: set[str]) -> tuple[Files, PlannedFiles]:
    """MkDocs' `files` with the planned pages and assets. `changed`: the pages to render (None:
    all); `cached`: those whose HTML the build cache or `site/` holds; `same`: files `site/`
    holds with these bytes. With `leave_out`, cached pages not in `in_nav` and `same` files are
    left out (`KeptFiles`)."""
    out = PlannedFiles(left_out=leave_out)
    made: dict[str, Callable[[], File]] = {}
    if leave_out:
        files = KeptFiles(files, made)
    for src_uri, page in pages.items():
        if src_uri in files.src_uris:
            # A hand-written page of the same path wins; ours steps aside.
            continue
        out.order.append(src_uri)
        if leave_out and src_uri in cached and src_uri not in in_nav:
            made[src_uri] = partial(kept_page, config, src_uri)
            out.kept[src_uri] = urls.md_to_url(src_uri) + "index.html"
            continue
        modified = changed is None or src_uri in changed
        # A page MkDocs skips (unchanged) never reads its source: its story stays undecoded.
        file = PlannedFile.planned(config, src_uri, page.markdown if modified else "")
        file.modified = modified
        if src_uri not in in_nav:  # MkDocs makes nav pages itself, with the nav's title
            planned = PlannedPage(None, file, config)  # sets file.page; MkDocs keeps a page already set
            planned.from_cache = src_uri in cached
            # Markdown with links is converted here, where MkDocs checks every link.
            planned.in_worker = (workers > 1 and file.modified and not planned.from_cache
                                 and not links_elsewhere(page.markdown))
        files.append(file)
    for asset in assets:
        if asset.path in same and leave_out:
            made[asset.path] = partial(GeneratedAsset.of, config, asset)
            out.kept[asset.path] = asset.path
            continue
        files.append(GeneratedAsset.of(config, asset, arena if asset.path not in same else None))
    return files, out


#: Where the build cache keeps what sitemap.xml was made of, beside the generated files' digests.
SITEMAP = "sitemap.xml"


def from_cache(config: MkDocsConfig, files: Files, planned: PlannedFiles, cache, delta,
               fingerprints: dict[str, str]) -> None:
    """With a build cache (`cache`: buildcache.BuildCache): without a delta build (`delta`:
    delta.Delta), the kept pages copied from the cache into the output, file to file; in one,
    the sitemap kept (`keep_sitemap`) among the files it keeps from site/."""
    if delta is None:
        for uri, dest in planned.kept.items():
            if uri in fingerprints:
                cache.copy(fingerprints[uri], str(PurePath(config.site_dir) / dest))
    kept = keep_sitemap(config, files, planned, cache, delta)
    if delta is not None:
        delta.kept |= kept


def keep_sitemap(config: MkDocsConfig, files: Files, planned: PlannedFiles, cache, delta) -> set[str]:
    """Record what this build's sitemap is made of in `cache`; in a delta build whose site/
    holds the sitemap made of the same, MkDocs does not render it again (16,000 entries and
    their gzip, 0.1 s): returns the paths so kept."""
    key = cache.assets[SITEMAP] = planned.sitemap_key(files, config, cache.key or "")
    paths = {SITEMAP, SITEMAP + ".gz"}
    if (delta is None or not planned.left_out or cache.key != cache.previous_key or cache.previous_assets.get(SITEMAP) != key
            or not paths <= delta.before.keys() or SITEMAP not in config.theme.static_templates):
        return set()
    config.theme.static_templates.discard(SITEMAP)  # this build's theme only (a new one per build)
    return paths
