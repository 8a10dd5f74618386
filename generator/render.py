"""Jinja filters our templates use, and the environment they render in. Templates get typed
records; these format them for readers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import FileSystemBytecodeCache, FileSystemLoader

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


class ThemeLoader(FileSystemLoader):
    """The theme's loader, listing its templates without walking hidden folders.

    MkDocs lists every file of the theme at the start of each build to copy its static files,
    and leaves out, by name, every path with a part starting with "." (`Files.add_files_from_theme`):
    Material's `.icons` alone holds 14,300 of its 14,500 files (0.1 s of each build, preview
    rebuilds included). Templates in hidden folders still load (Material includes its icons)."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                rel = os.path.relpath(dirpath, searchpath).replace(os.path.sep, "/")
                prefix = "" if rel == "." else rel + "/"
                found.update(prefix + name for name in filenames)
        return sorted(found)


def list_theme_quickly(theme: Any) -> None:
    """Give the environments `theme` makes (MkDocs' `Theme.get_env`) a `ThemeLoader`."""
    make_env = getattr(type(theme), "get_env", None)
    if make_env is None or "get_env" in vars(theme):
        return

    def get_env() -> Environment:
        env = make_env(theme)
        if type(env.loader) is FileSystemLoader:
            env.loader = ThemeLoader(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
        return env

    theme.get_env = get_env


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
