"""Where each kind of page lives: one place, so links and generated files always agree."""

from __future__ import annotations

STORY = "dien-hinh/{id}.md"
UNIT = "don-vi/{id}.md"
UNITS = "don-vi/index.md"
HOME = "index.md"
MEDIA = "media/{file}"

# The news portal (generator/pages/browse.py, honours.py, registration.py, quotas.py, …).
#: Extra pages of a paginated list: page 1 keeps the base URL (like Material's blog plugin).
PAGE = "trang/{n}"
BROWSE = "danh-muc/index.md"
BROWSE_ALL = "danh-muc/tat-ca/index.md"
BROWSE_KIND = "danh-muc/loai/{slug}/index.md"
BROWSE_YEAR = "danh-muc/nam-hoc/{year}/index.md"
BROWSE_STAGE = "danh-muc/buoc/{slug}/index.md"
BROWSE_TOPICS = "danh-muc/linh-vuc/index.md"
BROWSE_TOPIC = "danh-muc/linh-vuc/{slug}/index.md"
BROWSE_UNIT = "danh-muc/don-vi/{id}/index.md"
#: Kind pages: the content model's kinds plus "người tốt, việc tốt" (good_deed).
KIND_SLUGS = {"collective": "tap-the", "staff": "can-bo-giao-vien", "manager": "can-bo-quan-ly",
              "student": "hoc-sinh", "good_deed": "nguoi-tot-viec-tot"}
STAGE_SLUGS = {"discovered": "phat-hien", "registered": "dang-ky", "nurturing": "boi-duong", "replicating": "nhan-rong",
               "honoured": "ton-vinh"}
HONOURS = "ton-vinh/index.md"
REPLICATION = "nhan-rong/index.md"
REGISTRATIONS = "dang-ky/index.md"
#: The department's and offices' lists: one page per school year.
REGISTRATION = "dang-ky/{year}/{id}/index.md"
#: A school's or other unit's lists: one page with a section per school year.
REGISTRATION_UNIT = "dang-ky/don-vi/{id}/index.md"
#: A list's CSV, beside the page that shows it.
REGISTRATION_CSV = "danh-sach-{id}-{year}.csv"
QUOTAS = "chi-tieu/index.md"
QUOTA_YEAR = "chi-tieu/{year}/index.md"
STATS = "thong-ke/index.md"
# The plan's own pages (generator/pages/plan.py, pilots.py, milestones.py).
PLAN = "ke-hoach/{id}/index.md"
PLANS = "ke-hoach/index.md"
MILESTONE = "ke-hoach/{campaign}/{id}/index.md"
PILOTS = "chi-dao-diem/index.md"
SELECTED = "nhan-rong/lua-chon/index.md"
FEED = "feed.xml"
API_EXEMPLARS = "api/exemplars.json"
API_UNITS = "api/units.json"
API_QUOTAS = "api/quotas.json"
# News (tin tức, generator/pages/news.py) and the reporting duty (generator/pages/reporting.py).
NEWS = "tin-tuc/{id}.md"
NEWS_LIST = "tin-tuc/index.md"
NEWS_MONTH = "tin-tuc/luu-tru/{month}/index.md"
REPORTING = "bao-cao/index.md"
REPORTING_YEAR = "bao-cao/{year}/index.md"
API_REPORTING = "api/reporting.json"
#: A registration list's Excel file, beside its CSV (built from published records only).
REGISTRATION_XLSX = "danh-sach-{id}-{year}.xlsx"
#: A school's or other unit's .xlsx: all its school years, a sheet each (one workbook per page).
REGISTRATION_XLSX_UNIT = "danh-sach-{id}.xlsx"


def md_to_url(src_uri: str) -> str:
    """Site-relative URL of a generated Markdown page (directory URLs)."""
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[: -len(".md")] + "/"


def story(exemplar_id: str) -> str:
    return md_to_url(STORY.format(id=exemplar_id))


def unit(unit_id: str) -> str:
    return md_to_url(UNIT.format(id=unit_id))


def media(file: str) -> str:
    return MEDIA.format(file=file)


def paged(src_uri: str, n: int) -> str:
    """Source path of page `n` of a list whose first page is `src_uri` (…/index.md)."""
    if n == 1:
        return src_uri
    base = src_uri[: -len("index.md")]
    return f"{base}{PAGE.format(n=n)}/index.md"


def plan(campaign_id: str) -> str:
    return md_to_url(PLAN.format(id=campaign_id))


def milestone(campaign_id: str, milestone_id: str) -> str:
    return md_to_url(MILESTONE.format(campaign=campaign_id, id=milestone_id))


def news(post_id: str) -> str:
    return md_to_url(NEWS.format(id=post_id))
