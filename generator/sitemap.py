"""MkDocs' sitemap.xml, written in Python: the bytes of its template (mkdocs/templates/sitemap.xml),
which walks every page in Jinja on every build and preview rebuild: about a second at 10,000
records. `theme/sitemap.xml` calls it; tests/test_sitemap.py holds it to the template's output."""

from __future__ import annotations

from typing import Iterable

from markupsafe import escape

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def sitemap_xml(pages: Iterable) -> str:
    """`pages`: the files of the documentation pages, as MkDocs gives its static templates."""
    parts = [_HEAD]
    for file in pages:
        page = file.page
        if page.is_link or not (page.abs_url or page.canonical_url):
            continue
        lastmod = f"<lastmod>{page.update_date}</lastmod>" if page.update_date else ""
        parts.append(f"\n    <url>\n         <loc>{escape(page.canonical_url or page.abs_url)}</loc>\n"
                     f"         {lastmod}\n    </url>")
    parts.append("\n</urlset>")
    return "".join(parts)
