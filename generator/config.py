"""Typed options of the `exemplars` plugin (mkdocs.yml → plugins → exemplars)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ExemplarsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    #: Folder with units.yml, plan.yml, exemplars/ and media/, relative to mkdocs.yml.
    content_dir = c.Type(str, default="content")
    #: Publication cut-off as YYYY-MM-DD; records published later are held back. Defaults to
    #: today (or $EXEMPLARS_TODAY), so scheduled records appear on the first build after their date.
    today = c.Optional(c.Type(str))
    #: Records listed on one page of a browse list.
    pagination_per_page = c.Type(int, default=20)
    #: Sanitise story HTML (never switch off on a public site).
    sanitize = c.Type(bool, default=True)
    #: Processes that render the pages without Markdown and the search index (generator/parallel.py);
    #: unset = the cores this build may use; 1 = everything in one process (the serial build).
    workers = c.Optional(c.Type(int))
    #: Keep each generated page's HTML in .cache/exemplars/ and reuse it while what the page shows is
    #: unchanged (generator/buildcache.py); `exemplars build` and `mkdocs build` only.
    build_cache = c.Type(bool, default=True)
    #: Hosts whose images a story may show (e.g. the department's own media server); an image from
    #: any other host becomes a link, so opening a page tells no other host who reads it.
    image_hosts = c.ListOfItems(c.Type(str), default=[])
