"""News pages (tin tức): one page per published post, the list (paginated) and its monthly archive.

Like Material's blog plugin: page 1 of a list at its URL, then `…/trang/{n}/`; an archive page per
month (`tin-tuc/luu-tru/2019-11/`). The post's Markdown is rendered by MkDocs and sanitised like a
story (plugin `on_page_content`); every front-matter value is escaped by the templates.
"""

from __future__ import annotations

from .. import urls
from ..model import Campaign, Catalog, Milestone
from ..news import NewsPost
from . import VirtualPage
from .options import SiteOptions
from .paging import paged_pages

LIST_TITLE = "Tin tức"


def month_key(post: NewsPost) -> str:
    return f"{post.date:%Y-%m}"


def archive(catalog: Catalog) -> list[tuple[str, str, list[NewsPost]]]:
    """(yyyy-mm, "Tháng mm/yyyy", posts) per month with posts, newest month first."""
    months: dict[str, list[NewsPost]] = {}
    for post in catalog.news:  # newest first already
        months.setdefault(month_key(post), []).append(post)
    return [(key, f"Tháng {key[5:]}/{key[:4]}", posts) for key, posts in months.items()]


def milestone_of(catalog: Catalog, post: NewsPost) -> tuple[Campaign, Milestone] | None:
    """(campaign, milestone) of the plan's roadmap a post reports on."""
    return catalog.milestones.get(post.milestone) if post.milestone else None


def plan(catalog: Catalog, site: SiteOptions) -> list[VirtualPage]:
    pages: list[VirtualPage] = [post_page(catalog, post) for post in catalog.news]
    months = archive(catalog)
    links = [(label, urls.md_to_url(urls.NEWS_MONTH.format(month=key)), len(posts)) for key, label, posts in months]
    context = {"months": links, "news_url": urls.md_to_url(urls.NEWS_LIST)}
    pages += paged_pages(urls.NEWS_LIST, catalog.news, site.per_page, template="news-list.html",
                         title=LIST_TITLE, context=context, key="posts",
                         description=f"Tin tức về điển hình tiên tiến, gương người tốt, việc tốt – "
                                     f"{catalog.department.name}")
    for key, label, posts in months:
        pages += paged_pages(urls.NEWS_MONTH.format(month=key), posts, site.per_page, template="news-list.html",
                             title=f"{LIST_TITLE} – {label.lower()}", context={**context, "month": label},
                             key="posts", description=f"Tin tức đăng trong {label.lower()}")
    return pages


def post_page(catalog: Catalog, post: NewsPost) -> VirtualPage:
    """The page of one post (also the preview's quick render, preview_render.py)."""
    unit = catalog.units[post.unit]
    return VirtualPage(
        src_uri=urls.NEWS.format(id=post.id), template="news.html", title=post.title,
        markdown=post.body, description=post.summary,
        context={"post": post, "unit": unit, "unit_chain": catalog.ancestors(unit.id),
                 "named": [catalog.by_id[rid] for rid in post.exemplars if rid in catalog.by_id],
                 "milestone": milestone_of(catalog, post),
                 "month_url": urls.md_to_url(urls.NEWS_MONTH.format(month=month_key(post)))})
