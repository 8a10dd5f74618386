"""The home page (trang chủ): lead story, featured and latest exemplars, latest news, counts by kind,
every section."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import urls
from ..labels import GOOD_DEED, KINDS_PLURAL
from ..model import Catalog
from ..spec import EXEMPLAR_KINDS
from . import VirtualPage
from .browse import Facet

LATEST = 12
FEATURED = 6
#: Latest news posts (tin tức) on the home page: text cards, light on a phone.
NEWS = 3


@dataclass(frozen=True)
class Section:
    """An entry point of the home page: a section of the site and what it holds."""

    title: str
    url: str
    text: str


def sections(catalog: Catalog) -> list[Section]:
    link = urls.md_to_url
    return [
        Section("Điển hình theo danh mục", link(urls.BROWSE),
                "Theo loại, năm học, bước, lĩnh vực và Phòng GD&ĐT."),
        Section("Đơn vị", link(urls.UNITS), f"Sở, {_count(catalog, 'office')} Phòng GD&ĐT và "
                f"{_count(catalog, 'school', 'unit')} trường học, đơn vị trực thuộc."),
        Section("Tôn vinh", link(urls.HONOURS), "Điển hình được khen thưởng, từ cấp Nhà nước đến cấp trường."),
        Section("Nhân rộng", link(urls.REPLICATION), "Mô hình được nhiều đơn vị học tập, áp dụng."),
        Section("Danh sách đăng ký", link(urls.REGISTRATIONS), "Mẫu “Giới thiệu điển hình tiên tiến”: xem, in, tải CSV."),
        Section("Chỉ tiêu", link(urls.QUOTAS), "Số đăng ký của từng Phòng, từng trường so với kế hoạch."),
        Section("Thống kê", link(urls.STATS), "Biểu đồ theo Phòng, loại, năm học, bước; dữ liệu mở."),
    ]


def _count(catalog: Catalog, *kinds: str) -> int:
    return sum(1 for u in catalog.units.values() if u.kind in kinds)


def plan(catalog: Catalog) -> list[VirtualPage]:
    counted = Counter(e.kind for e in catalog.exemplars)  # one pass, not one per kind
    kinds = [Facet(KINDS_PLURAL[k], urls.md_to_url(urls.BROWSE_KIND.format(slug=urls.KIND_SLUGS[k])), counted[k])
             for k in EXEMPLAR_KINDS]
    kinds.append(Facet(GOOD_DEED, urls.md_to_url(urls.BROWSE_KIND.format(slug=urls.KIND_SLUGS["good_deed"])),
                       sum(1 for e in catalog.exemplars if e.good_deed)))
    featured = [e for e in catalog.exemplars if e.featured][:FEATURED]
    # The lead story (tiêu điểm): the newest featured record, else the newest record.
    lead = featured[0] if featured else (catalog.exemplars[0] if catalog.exemplars else None)
    return [VirtualPage(
        src_uri=urls.HOME,
        template="home.html",
        title="Trang chủ",
        description=f"Tuyên truyền, xây dựng và nhân rộng điển hình tiên tiến – {catalog.department.name}",
        context={
            "lead": lead,
            "featured": featured[1:],
            "latest": catalog.exemplars[:LATEST],
            "kinds": kinds,
            "sections": sections(catalog),
            "total": len(catalog.exemplars),
            "all_url": urls.md_to_url(urls.BROWSE_ALL),
            "feed_url": urls.FEED,
            "news": catalog.news[:NEWS],
            "news_url": urls.md_to_url(urls.NEWS_LIST),
        },
    )]
