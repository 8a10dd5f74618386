"""The preview's quick render (preview.py): one story page rendered with what the last completed
build left, as the next build will render it, or the page naming its file's mistakes."""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from mkdocs.commands.build import get_context
from mkdocs.structure.files import InclusionLevel

from . import urls
from .model import Catalog
from .page_events import page_content, page_context, page_markdown
from .loader import shown_path
from .news import FOLDER, check_post
from .pages import news as news_pages
from .pages import story
from .planning import PlannedFile, PlannedPage
from .validate import check_record

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from .pages import VirtualPage
    from .photos import Pictures


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

    def page_of(self, path: Path) -> tuple[str, bytes] | None:
        """(output path, HTML) of the page of content file `path` (a record, a news post) as the
        next build renders it, or None when the change needs the whole rebuild."""
        try:
            folder = path.relative_to(self.content_dir).parts[0]
        except (ValueError, IndexError):
            return None
        if folder == "exemplars" and path.suffix == ".yml":
            return self.story(path)
        if folder == FOLDER and path.suffix == ".md":
            return self.news(path)
        return None

    def news(self, path: Path) -> tuple[str, bytes] | None:
        """As `story`, for a news post: a plain edit of a published post, or its mistakes."""
        src_uri = urls.NEWS.format(id=path.stem)
        before = self.pages.get(src_uri)
        file = self.files.get_file_from_path(src_uri)
        if before is None or not isinstance(file, PlannedFile):
            return None
        catalog, problems = self.catalog, []
        post = check_post(path, shown_path(path, self.content_dir.parent), catalog.units, catalog.record_kinds,
                          set(catalog.by_id), set(catalog.milestones), self.content_dir / "media", catalog.today, problems)
        if problems:
            return file.dest_uri, mistakes_page(problems, before.title)
        old = next((p for p in catalog.news if p.id == path.stem), None)
        if post is None or old is None or old.source != post.source:
            return None
        if any(p.file not in self.pictures.photos for p in post.photos):
            return None
        return file.dest_uri, self._render(news_pages.post_page(catalog, post))

    def story(self, path: Path) -> tuple[str, bytes] | None:
        """The story of record file `path` (see `page_of`): an edited record, a new one, a draft
        published."""
        result = check_record(path, self.catalog, self.content_dir)
        src_uri = urls.STORY.format(id=path.stem)
        before = self.pages.get(src_uri)
        file = self.files.get_file_from_path(src_uri)
        if file is not None and (before is None or not isinstance(file, PlannedFile)):
            return None  # a hand-written page at that path
        dest = file.dest_uri if file is not None else urls.md_to_url(src_uri) + "index.html"
        mistakes = ([result.error] if result.error is not None else []) + result.head + result.problems
        if mistakes:  # the editor's open story says what to fix; the rebuild fails as always
            return dest, mistakes_page(mistakes, before.title if before is not None else path.name)
        record = result.record
        old = self.catalog.by_id.get(path.stem)
        if record is None or (old is not None and old.source != record.source):
            return None  # not published (the rebuild removes its page), or another file's id
        if any(p.file not in self.pictures.photos for p in record.photos):
            return None  # a new photo: its renditions are made by the rebuild
        if before is not None and old is not None and story.related_key(old) == story.related_key(record):
            neighbours = before.context["related"]
        else:  # its related stories may change: counted again over the catalog with it
            records = [e for e in self.catalog.exemplars if e.id != record.id] + [record]
            edited = dataclasses.replace(self.catalog, exemplars=records, warnings=[])
            neighbours = story.related(edited)[record.id]
        planned = story.page_of(self.catalog, record, neighbours, story.known_criteria(self.catalog))
        return dest, self._render(planned)

    def _render(self, planned: VirtualPage) -> bytes:
        """MkDocs' `_populate_page` and `_build_page` for one page, with this build's objects."""
        config, files, nav = self.config, self.files, self.nav
        file = PlannedFile.planned(config, planned.src_uri, planned.markdown)
        file.generated_by = "exemplars"
        page = PlannedPage(None, file, config)
        ours: dict[str, Callable[..., Any]] = {
            "page_markdown": lambda markdown, page, **_: page_markdown(page, planned),
            "page_content": lambda content, page, **_: page_content(content, page, planned, self.sanitize,
                                                                     self.image_hosts),
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
