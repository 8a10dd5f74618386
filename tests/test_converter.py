"""One Markdown converter reused across stories gives what MkDocs' converter-per-page gives."""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from conftest import ROOT
from generator import converter

# Pages in a row: the same headings again (toc ids are per page), footnotes, raw HTML with ids,
# links to pages and anchors, tables, fenced code, a page without a heading after pages with one.
STORIES = [
    "# Cô Hoa\n\n## Hành trình\n\nĐoạn một[^1].\n\n[^1]: Chú thích.\n\n## Hành trình\n\nLại.",
    "## Hành trình\n\nTrang khác, [một liên kết](../khac.md#muc) và [neo](#hanh-trinh).\n\n"
    "| Năm | Kết quả |\n|---|---|\n| 2024 | Tốt |\n",
    "Không có tiêu đề.\n\n```\nmã <b>nguyên</b>\n```\n\n<div id=\"rieng\">HTML</div>\n",
    "## Kết quả[^a]\n\n[^a]: Một.\n\n### Kết quả\n\n* một\n* hai\n",
    "# Cô Hoa\n\n## Hành trình\n\nĐoạn một[^1].\n\n[^1]: Chú thích.\n\n## Hành trình\n\nLại.",
]


def _pages(config):
    config.plugins._current_plugin = "exemplars"  # as while MkDocs runs on_files
    files = Files([File.generated(config, f"dien-hinh/s{i}.md", content=s) for i, s in enumerate(STORIES)]
                  + [File.generated(config, "khac.md", content="# Khác\n\n## Mục\n")])
    return files, [Page(None, f, config) for f in files if f.src_uri.startswith("dien-hinh/")]


def _result(page: Page) -> tuple:
    return (page.content, [(t.id, t.title, t.level, [(c.id, c.title) for c in t.children]) for t in page.toc],
            page._title_from_render, page.present_anchor_ids,
            {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()})


def test_reused_converter_equals_one_per_page():
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.markdown_extensions.append("footnotes")
    files, pages = _pages(config)
    expected = []
    for page, story in zip(pages, STORIES):
        page.markdown = story
        Page.render(page, config, files)  # MkDocs: a new converter each page
        expected.append(_result(page))
    assert converter._converter(config) is not None  # the reused path, not the fallback
    for page, want in zip(pages, expected):
        converter.render(page, config, files)
        assert _result(page) == want
    assert expected[0][0] == expected[4][0] and 'id="hanh-trinh_1"' in expected[0][0]


def test_unknown_extension_converts_the_mkdocs_way():
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.markdown_extensions.append("markdown.extensions.abbr")  # state across documents
    assert converter._converter(config) is None
    files, pages = _pages(config)
    pages[0].markdown = STORIES[0]
    converter.render(pages[0], config, files)
    assert "<h2" in pages[0].content
