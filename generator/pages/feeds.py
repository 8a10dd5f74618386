"""RSS 2.0 feed of the latest published exemplars (feed.xml).

Links are absolute (from `site_url`). The feed carries no build time: its dates are the records'
`published` dates, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from .. import urls
from ..labels import KINDS
from ..model import Catalog, Exemplar
from . import Asset
from .options import SiteOptions

#: Items in the feed: the newest records.
FEED_SIZE = 20
#: Vietnam's time zone: a record published on a date is published from that day's midnight there.
VN = timezone(timedelta(hours=7))


def rfc822(day: date) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, tzinfo=VN))


def latest(catalog: Catalog) -> list[Exemplar]:
    """Newest first (the catalog's order: published date, then id)."""
    return catalog.exemplars[:FEED_SIZE]


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
        lines.append(f"<lastBuildDate>{rfc822(items[0].published)}</lastBuildDate>")
    for e in items:
        link = site.absolute(urls.story(e.id))
        unit = catalog.units[e.unit].name
        lines += ["<item>",
                  f"<title>{escape(e.title)}</title>",
                  f"<link>{escape(link)}</link>",
                  f'<guid isPermaLink="true">{escape(link)}</guid>',
                  f"<pubDate>{rfc822(e.published)}</pubDate>",
                  f"<category>{escape(KINDS.get(e.kind, e.kind))}</category>",
                  f"<description>{escape(f'{e.name} – {unit}. {e.summary}')}</description>",
                  "</item>"]
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode("utf-8")


def plan(catalog: Catalog, site: SiteOptions) -> list[Asset]:
    return [Asset(urls.FEED, rss(catalog, site))]
