"""Jinja filters our templates use. Templates get typed records; these format them for readers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import urls
from .labels import label
from .sitemap import sitemap_xml
from .vietnamese import format_date

if TYPE_CHECKING:
    from jinja2 import Environment


def install_filters(env: Environment) -> None:
    env.globals["sitemap_xml"] = sitemap_xml
    env.filters["vn_date"] = format_date
    env.filters["label"] = label
    env.filters["story_url"] = lambda e: urls.story(e.id if hasattr(e, "id") else e)
    env.filters["unit_url"] = lambda u: urls.unit(u.id if hasattr(u, "id") else u)
    env.filters["media_url"] = urls.media
    env.filters["news_url"] = urls.news
    env.filters["milestone_url"] = lambda ref: urls.milestone(*ref.split("/", 1))
    env.filters["plan_url"] = lambda c: urls.plan(c.id if hasattr(c, "id") else c)
