"""Every internal link and image of a built site resolves (MkDocs' strict mode does not check
links written by templates)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag in ("img", "script", "source") and name == "src")
                          or (tag == "link" and name == "href")):
                self.targets.append(value)


def broken_links(site: Path, site_url: str = "https://example.edu.vn/thi-dua/") -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "/" + page.relative_to(site).as_posix()
        for target in parser.targets:
            prefix = urlsplit(site_url).path  # 404.html links absolutely, under the site's path
            if target.startswith(site_url):
                target = "/" + target[len(site_url):]
            elif target.startswith(prefix):
                target = "/" + target[len(prefix):]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("#", "mailto:")):
                continue
            path = unquote(urlsplit(urljoin(base, target)).path)
            resolved = site / path.lstrip("/")
            if path.endswith("/"):
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} → {target}")
    return broken


def test_fixture_site_links_resolve(content, tmp_path):
    from conftest import build

    assert broken_links(build(tmp_path, content)) == []


def test_demo_site_links_resolve(demo_site):
    assert broken_links(demo_site) == []


def test_link_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b/">b</a><img src="../x.png"><a href="#top">t</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text("ok")
    assert broken_links(tmp_path) == ["a/index.html → ../x.png"]
