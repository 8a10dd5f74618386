"""What the plugin's page events do to a planned page, as plain functions of what they need: the
build's handlers (plugin.py) and the preview's quick render (preview.py) must agree byte for byte."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from .sanitize import sanitize_html

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from .model import Catalog
    from .pages import VirtualPage
    from .photos import Pictures


def page_markdown(page: Page, planned: VirtualPage) -> str:
    """`on_page_markdown` of a planned page: its template, title and description, its Markdown."""
    page.meta.setdefault("template", planned.template)
    # Material prints page titles unescaped: give it HTML-safe text.
    page.meta["title"] = html.escape(planned.title)
    page.meta["description"] = html.escape(planned.description)
    return planned.markdown


def page_context(context: Any, planned: VirtualPage | None, catalog: Catalog | None, pictures: Pictures) -> Any:
    """`on_page_context`: a planned page's context; every page gets the pictures."""
    if planned is not None:
        context.update(planned.context)
        context["catalog"] = catalog
    context["pictures"] = pictures
    return context


def page_content(content: str, page: Page, planned: VirtualPage | None, sanitize: bool,
                 image_hosts: list[str]) -> str | None:
    """`on_page_content`: planned and hand-written pages sanitised (editors write hand-written
    pages as they write records, through the same review)."""
    hand_written = page.file.generated_by is None
    if sanitize and (hand_written or planned is not None):
        return sanitize_html(content, image_hosts, page=hand_written)
    return None
