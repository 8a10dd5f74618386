"""Our sitemap.xml (generator/sitemap.py, theme/sitemap.xml) has the bytes MkDocs' template gives."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
import mkdocs

from conftest import ROOT

from generator.sitemap import sitemap_xml


def _file(canonical, abs_url="/x/", update="2026-11-25", link=False):
    return SimpleNamespace(page=SimpleNamespace(is_link=link, canonical_url=canonical, abs_url=abs_url,
                                                update_date=update))


def test_sitemap_has_the_bytes_of_mkdocs_template():
    pages = [_file("https://example.edu.vn/thi-dua/"), _file("https://example.edu.vn/thi-dua/a&b/"),
             _file(None, abs_url="/thi-dua/khong-co-site-url/"), _file(None, abs_url=None),
             _file("https://example.edu.vn/thi-dua/lien-ket/", link=True),
             _file("https://example.edu.vn/thi-dua/khong-ngay/", update=None), _file("https://e.vn/<x>/")]
    templates = Path(mkdocs.__file__).parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), auto_reload=False)
    theirs = env.get_template("sitemap.xml").render(pages=pages)
    assert sitemap_xml(pages) == theirs
    assert sitemap_xml([]) == env.get_template("sitemap.xml").render(pages=[])
    ours = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme")), auto_reload=False)
    ours.globals["sitemap_xml"] = sitemap_xml
    assert ours.get_template("sitemap.xml").render(pages=pages) == theirs
