"""What portal planners need from mkdocs.yml besides the catalog: site URL, name, page size."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteOptions:
    #: `site_url` of mkdocs.yml, always ending in "/"; "" when unset (then links stay site-rooted).
    url: str = ""
    name: str = ""
    #: Records on one page of a browse list (`pagination_per_page`).
    per_page: int = 20

    @classmethod
    def from_config(cls, site_url: str | None, site_name: str, per_page: int) -> SiteOptions:
        url = (site_url or "").strip()
        if url and not url.endswith("/"):
            url += "/"
        return cls(url=url, name=site_name, per_page=max(1, per_page))

    def absolute(self, path: str) -> str:
        """Absolute URL of a site-relative path (feeds, Open Graph, open data need them)."""
        return (self.url or "/") + path.lstrip("/")
