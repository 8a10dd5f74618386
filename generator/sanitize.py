"""Story HTML after Markdown: only harmless tags and http(s)/mailto links survive.

Beyond scripts and event handlers, two quieter abuses are closed here:

- **Tracking images.** An image from another host loads when the page opens and tells that host
  who read what. Images come from the site itself (`content/media/`) or from a host in the
  plugin's `image_hosts` list; any other becomes a plain link to the image, which loads nothing
  until a reader chooses to follow it.
- **Faked page parts.** Material finds its drawer, search and header by ids and classes such as
  `__drawer`, `__search` and `md-header`, and our templates style `ex-*` classes: a story that
  reused them could open the drawer or imitate a badge or the header. Such ids and classes are
  removed from stories.
"""

from __future__ import annotations

import html
import re
from typing import Iterable
from urllib.parse import urlsplit

import nh3

_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption",
         "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark", "ol", "p", "pre", "q",
         "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
         "tr", "u", "ul"}
_ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"}, "img": {"src", "alt", "width", "height"},
               "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}
#: Prefixes of ids and classes the page's own parts use (Material's, ours).
RESERVED_PREFIXES = ("__", "md-", "md_", "ex-", "tabbed-", "pagefind")
_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def _reserved(name: str) -> bool:
    return name.lower().startswith(RESERVED_PREFIXES)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return None if _reserved(value.strip()) else value
    if attribute == "class":
        kept = [c for c in value.split() if not _reserved(c)]
        return " ".join(kept) or None
    return value


def external(src: str) -> str | None:
    """Host of an image address that leaves the site (`https://…`, `//…`), else None."""
    parts = urlsplit(html.unescape(src).strip())
    if parts.scheme or parts.netloc:
        return (parts.hostname or "").lower()
    return None


def sanitize_html(text: str, image_hosts: Iterable[str] = (), page: bool = False) -> str:
    """Drop scripts, event handlers, iframes, javascript:/data: URLs, reserved ids and classes;
    images from hosts not in `image_hosts` become links. `page`: a hand-written page, whose own
    `# title` is its h1 (a story's h1 is the record's title)."""
    clean = nh3.clean(text, tags=_TAGS | {"h1"} if page else _TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer", strip_comments=True, attribute_filter=_filter)
    if "<img" not in clean:
        return clean
    allowed = {h.lower() for h in image_hosts}

    def unembed(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        src = attrs.get("src", "")
        host = external(src)
        if host is None or host in allowed:
            return match.group()
        label = html.escape(html.unescape(attrs.get("alt", "")).strip() or "Ảnh", quote=False)
        return f'<a href="{src}" rel="noopener noreferrer nofollow">{label}</a>'

    return _IMG.sub(unembed, clean)
