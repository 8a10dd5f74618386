"""One Markdown converter per build for the generated stories, instead of one per page.

MkDocs' `Page.render` builds a new `markdown.Markdown` for every page: it loads each extension
and builds every inline pattern anew, about a third of the time a short story's conversion takes
(measured: 2,000 synthetic stories, 4.0 s with a converter each, 2.9 s with one reset between
them). `render` does what `Page.render` does with a converter kept per configuration: MkDocs'
four per-page processors (raw HTML anchors, anchors, relative links, title) are registered
anew for each page, replacing the previous page's, and `reset()` clears the rest.

Only for extensions known to keep no state across documents beyond what `reset()` clears;
any other extension in `markdown_extensions` and every page converts the MkDocs way.
`tests/test_converter.py` holds the result to MkDocs' own over varied stories.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: Python-Markdown's own extensions that are stateless or reset by `Markdown.reset()`.
RESETTABLE = frozenset({
    "tables", "toc", "attr_list", "def_list", "admonition", "sane_lists", "fenced_code", "footnotes",
    "md_in_html", "nl2br", "smarty", "meta", "wikilinks", "legacy_attrs", "legacy_em",
})

#: Where a configuration keeps its converter (MkDocs' config is a dict, unhashable; MkDocs keeps
#: its own per-build state on it the same way, e.g. `_current_page`).
_ATTRIBUTE = "_exemplars_converter"
_NONE = object()


def _name(extension) -> str | None:
    if not isinstance(extension, str):
        return None
    name = extension.removeprefix("markdown.extensions.")
    return name if name in RESETTABLE else None


def _converter(config: MkDocsConfig) -> markdown.Markdown | None:
    """The converter kept for `config`, None when an extension might carry state between pages."""
    md = getattr(config, _ATTRIBUTE, _NONE)
    if md is not _NONE:
        return md
    extensions = config["markdown_extensions"]
    md = None
    if all(_name(e) for e in extensions):
        md = markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"] or {})
    setattr(config, _ATTRIBUTE, md)
    return md


def render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`page.render(config, files)`, with the converter kept for `config`."""
    md = _converter(config)
    if md is None:
        mkdocs_pages.Page.render(page, config, files)
        return
    md.reset()
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors
