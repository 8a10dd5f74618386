"""Jinja filters our templates use, and the environment they render in. Templates get typed
records; these format them for readers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

from . import urls
from .labels import label
from .memo import Memo
from .navcache import NavCache
from .sitemap import sitemap_xml
from .vietnamese import format_date

if TYPE_CHECKING:
    from jinja2 import Environment


def prepare_environment(env: Environment, jinja_cache: Path | None) -> None:
    """A build's (or preview rebuild's) Jinja environment, once every plugin has prepared it."""
    install_filters(env)
    # MkDocs makes a new environment for every build and preview rebuild: a template cannot
    # change within one, so Jinja need not stat each template file on every include (about
    # 40 a page, 5 % of a build).
    env.auto_reload = False
    # Compiled templates kept across builds and previews (Jinja checks each template's source):
    # compiling Material's and ours takes about a second, on every build and preview rebuild.
    if jinja_cache is not None:
        jinja_cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(jinja_cache))
    env.globals["nav_cache"] = NavCache()
    env.globals["memo"] = Memo()  # cards rendered once per record and link shape (memo.py)


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
