"""RSS 2.0 feed of the latest published exemplars and news posts (feed.xml).

Links are absolute (from `site_url`). The feed carries no build time: its dates are the records'
`published` dates, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape as _escape

from .. import urls
from ..labels import KINDS
from ..model import Catalog, Exemplar
from ..news import NewsPost
from . import Asset
from .options import SiteOptions

#: Items in the feed: the newest records.
FEED_SIZE = 20
#: Vietnam's time zone: a record published on a date is published from that day's midnight there.
VN = timezone(timedelta(hours=7))
#: The category of a news post's item.
NEWS_CATEGORY = "Tin tức"


def escape(text: str) -> str:
    """xml.sax.saxutils.escape (&, <, >), without importing it: it brings urllib.request, http
    and ssl along (20 ms of every build's start)."""
    return _escape(text, quote=False)


def quoteattr(text: str) -> str:
    """xml.sax.saxutils.quoteattr: the same bytes for text without quotes or line breaks."""
    if any(c in text for c in "\"'\n\r\t"):
        from xml.sax.saxutils import quoteattr as saxutils_quoteattr

        return saxutils_quoteattr(text)
    return f'"{escape(text)}"'


def rfc822(day: date) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, tzinfo=VN))


def latest(catalog: Catalog) -> list[Exemplar | NewsPost]:
    """Newest first: records and news posts (tin tức) by date; on one day records first, then id."""
    dated = [(e.published, 0, e.id, e) for e in catalog.exemplars[:FEED_SIZE]]
    dated += [(n.date, 1, n.id, n) for n in catalog.news[:FEED_SIZE]]
    dated.sort(key=lambda t: (-t[0].toordinal(), t[1], t[2]))
    return [item for *_, item in dated[:FEED_SIZE]]


def _item(item: Exemplar | NewsPost, catalog: Catalog, site: SiteOptions) -> list[str]:
    unit = catalog.units[item.unit].name
    if isinstance(item, NewsPost):
        link, day, category = site.absolute(urls.news(item.id)), item.date, NEWS_CATEGORY
        about = f"{unit}. {item.summary}"
    else:
        link, day, category = site.absolute(urls.story(item.id)), item.published, KINDS.get(item.kind, item.kind)
        about = f"{item.name} – {unit}. {item.summary}"
    return ["<item>",
            f"<title>{escape(item.title)}</title>",
            f"<link>{escape(link)}</link>",
            f'<guid isPermaLink="true">{escape(link)}</guid>',
            f"<pubDate>{rfc822(day)}</pubDate>",
            f"<category>{escape(category)}</category>",
            f"<description>{escape(about)}</description>",
            "</item>"]


def rss(catalog: Catalog, site: SiteOptions) -> bytes:
    items = latest(catalog)
    home = site.absolute("")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
             "<channel>",
             f"<title>{escape(site.name)}</title>",
             f"<link>{escape(home)}</link>",
             f"<description>{escape('Điển hình tiên tiến mới đăng – ' + catalog.department.name)}</description>",
             "<language>vi</language>",
             f"<atom:link href={quoteattr(site.absolute(urls.FEED))} rel=\"self\" type=\"application/rss+xml\"/>"]
    if items:
        newest = items[0]
        lines.append(f"<lastBuildDate>{rfc822(newest.date if isinstance(newest, NewsPost) else newest.published)}"
                     "</lastBuildDate>")
    for item in items:
        lines += _item(item, catalog, site)
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode("utf-8")


def plan(catalog: Catalog, site: SiteOptions) -> list[Asset]:
    return [Asset(urls.FEED, rss(catalog, site))]
