"""Quota dashboard (chỉ tiêu): registrations of each unit against the plan's minimums.

The arithmetic is `generator.quotas`; this module lays it out: a hub with one line per school
year and the campaign's summary, and one page per school year that leads with what an officer
presents (units that met their quota, share of the minimum reached, per office), then one table
per scope with the rule that applies to it, pilot schools marked, records without a level and
late registrations listed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .. import urls
from ..charts import Bar, bar_chart
from ..labels import LEVELS, SCOPES
from ..incremental import register_view, view_digests
from ..model import Campaign, Catalog, Exemplar
from ..quotas import SCOPES as QUOTA_SCOPES
from ..quotas import YearQuota, by_campaign, dashboard
from . import VirtualPage, once

#: Column headings of quota kinds (`staff` counts staff and managers).
KIND_HEADINGS = {"staff": "Cán bộ, giáo viên", "collective": "Tập thể, mô hình",
                 "student": "Học sinh", "manager": "Cán bộ quản lý"}
#: Column headings of levels: the short forms Vietnamese schools use.
LEVEL_HEADINGS = {"mam-non": "Mầm non", "tieu-hoc": "Tiểu học", "thcs": "THCS", "thpt": "THPT",
                  "gdtx": "GDTX"}
#: How the plan words each kind in its quotas ("9 gương điển hình … là cán bộ quản lý, giáo viên…").
KIND_PHRASES = {"staff": "cán bộ quản lý, giáo viên, nhân viên", "student": "học sinh",
                "collective": "mô hình", "manager": "cán bộ quản lý"}
LEVEL_PHRASES = {"mam-non": "mầm non", "tieu-hoc": "tiểu học", "thcs": "THCS", "thpt": "THPT",
                 "gdtx": "GDTX", "other": "cấp khác"}
#: What each scope's figures are counted over, in the plan's terms.
SCOPE_NOTES = {
    "office": "Tính trên mọi trường, đơn vị thuộc Phòng và hồ sơ của chính Phòng.",
    "school": "Mỗi trường thuộc Phòng GD&ĐT xây dựng mô hình của mình; cán bộ, giáo viên và học sinh "
              "của trường được tính vào chỉ tiêu của Phòng, không có chỉ tiêu riêng.",
    "affiliated": "Mỗi đơn vị, trường học trực thuộc Sở tự thực hiện đủ chỉ tiêu của mình.",
}


@dataclass(frozen=True)
class Column:
    kind: str
    key: str

    @property
    def heading(self) -> str:
        if self.key == "total":
            return "Tổng"
        return LEVEL_HEADINGS.get(self.key) or LEVELS.get(self.key, self.key)

    @property
    def label(self) -> str:
        """Heading of the cell on a phone, where each row becomes a card."""
        return f"{KIND_HEADINGS.get(self.kind, self.kind)}: {self.heading.lower()}"


def column_groups(columns: tuple[tuple[str, str], ...]) -> list[tuple[str, list[Column]]]:
    groups: dict[str, list[Column]] = {}
    for kind, key in columns:
        groups.setdefault(kind, []).append(Column(kind, key))
    return [(KIND_HEADINGS.get(k, k), cols) for k, cols in groups.items()]


def rule_text(campaign: Campaign, scope: str) -> str:
    """The scope's minimums in words: "ít nhất 9 cán bộ quản lý, giáo viên, nhân viên (3 mầm non,
    3 tiểu học, 3 THCS); 20 học sinh (10 tiểu học, 10 THCS); 5–10 mô hình"."""
    parts = []
    for kind, keys in campaign.quotas.get(scope, {}).items():
        total = keys.get("total")
        amount = f"{total}–{keys['up_to']}" if keys.get("up_to") and total is not None else str(total or "")
        levels = [f"{n} {LEVEL_PHRASES.get(k, k)}" for k, n in keys.items() if k not in ("total", "up_to")]
        text = f"{amount} {KIND_PHRASES.get(kind, kind)}".strip()
        if levels:
            text += f" (trong đó ít nhất {', '.join(levels)})"
        parts.append(text)
    return "ít nhất " + "; ".join(parts) if parts else ""


def offices_chart(yq: YearQuota) -> str:
    bars = [Bar(q.unit.name, q.registered, q.required or None) for q in yq.offices]
    return bar_chart(bars, f"Số điển hình đăng ký của các Phòng GD&ĐT, năm học {yq.school_year}")


def year_url(school_year: str) -> str:
    return urls.md_to_url(urls.QUOTA_YEAR.format(year=school_year))


def scope_sections(yq: YearQuota) -> list[dict]:
    """One table per scope that has both a quota and units, in the plan's order."""
    out = []
    for scope in QUOTA_SCOPES:
        rows = yq.rows(scope)
        if not rows or not yq.campaign.quotas.get(scope):
            continue
        out.append({"scope": scope, "heading": SCOPES[scope], "rule": rule_text(yq.campaign, scope),
                    "note": SCOPE_NOTES[scope], "rows": rows, "summary": yq.summary(scope),
                    "columns": column_groups(yq.columns[scope]), "group_by_office": scope == "school"})
    return out


def office_summaries(yq: YearQuota) -> list[dict]:
    return [{"office": q.unit, "own": q, "schools": yq.office_summary(q.unit)[1],
             "pilots": sum(1 for s in yq.schools if s.office and s.office.id == q.unit.id and s.pilot)}
            for q in yq.offices]


#: What the quota pages never show of a record (their tables count records; their lists name
#: them, with unit and registration date): an edit of these re-renders none of them. Every other
#: field, and any added later, is part of their fingerprint (tests/test_quota_view.py); of the
#: events, the registration date they give (quotas read no other).
HIDDEN = frozenset({"source", "title", "summary", "registered_title", "criteria", "fields", "good_deed",
                    "awards", "replications", "photos", "media", "story", "featured", "events"})
VIEWS = {Exemplar: register_view(Exemplar, (*(f.name for f in dataclasses.fields(Exemplar) if f.name not in HIDDEN),
                                             "registered_on"))}


def plan(catalog: Catalog) -> list[VirtualPage]:
    pages = _pages(catalog)
    for page, digest in zip(pages, view_digests([p.context for p in pages], VIEWS)):
        page.context_digest = digest
    return pages


def _pages(catalog: Catalog) -> list[VirtualPage]:
    years = once(catalog, dashboard)
    campaigns = by_campaign(years)
    pages = []
    by_year: dict[str, list[YearQuota]] = {}
    for yq in years:
        by_year.setdefault(yq.school_year, []).append(yq)
    for year, sections in by_year.items():
        pages.append(VirtualPage(
            src_uri=urls.QUOTA_YEAR.format(year=year), template="quota-year.html",
            title=f"Chỉ tiêu đăng ký điển hình năm học {year}",
            description=f"Số điển hình đăng ký của từng Phòng GD&ĐT, trường và đơn vị trực thuộc so với "
                        f"chỉ tiêu của Kế hoạch, năm học {year}",
            context={"school_year": year, "quotas_url": urls.md_to_url(urls.QUOTAS), "sections": [
                {"quota": yq, "chart": offices_chart(yq), "scopes": scope_sections(yq),
                 "offices": office_summaries(yq),
                 "campaign_quota": next(c for c in campaigns if c.campaign.id == yq.campaign.id),
                 "plan_url": urls.md_to_url(urls.PLAN.format(id=yq.campaign.id)),
                 "registrations_url": urls.md_to_url(urls.REGISTRATIONS)}
                for yq in sections]}))
    totals = bar_chart([Bar(f"Năm học {yq.school_year}", len(yq.records)) for yq in years],
                       "Số điển hình đăng ký theo năm học")
    pages.append(VirtualPage(
        src_uri=urls.QUOTAS, template="quotas.html", title="Chỉ tiêu đăng ký điển hình",
        description="Theo dõi chỉ tiêu đăng ký điển hình tiên tiến của các Phòng GD&ĐT, trường học và "
                    "đơn vị trực thuộc Sở",
        context={"years": [(yq, year_url(yq.school_year)) for yq in years], "chart": totals,
                 "campaigns": [(c, urls.md_to_url(urls.PLAN.format(id=c.campaign.id)),
                                [(yq, year_url(yq.school_year)) for yq in c.years]) for c in campaigns],
                 "scopes": SCOPES, "registrations_url": urls.md_to_url(urls.REGISTRATIONS)}))
    return pages
