"""The plan's own pages (kế hoạch): what the figures are measured against.

One page per campaign with its number, date, issuer, signer, the signed document, criteria per
kind, quotas per scope, the pilot rule, the reporting duty, the roadmap as a timeline and the
public contact; one page per milestone of the roadmap (sơ kết, hội nghị, cuộc thi viết, tổng
kết) with the exemplars presented (events) or honoured (awards) there; a hub listing the plans.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..labels import KINDS_PLURAL, SCOPES
from ..model import Award, Campaign, Catalog, Event, Exemplar, Milestone
from ..spec import EXEMPLAR_KINDS
from . import VirtualPage
from .dashboard import rule_text

#: The pilot rule in the plan's words, filled from `pilot:` ({mam-non: 3, …}).
LEVEL_SCHOOLS = {"mam-non": "trường mầm non", "tieu-hoc": "trường tiểu học", "thcs": "trường THCS",
                 "thpt": "trường THPT", "gdtx": "trung tâm GDTX", "other": "trường, đơn vị khác"}


@dataclass(frozen=True)
class Appearance:
    """An exemplar at a milestone: presented there (an event) or honoured there (an award)."""

    exemplar: Exemplar
    event: Event | None = None
    award: Award | None = None


def pilot_text(campaign: Campaign) -> str:
    return ", ".join(f"{n:02d} {LEVEL_SCHOOLS.get(level, level)}" for level, n in campaign.pilot.items())


def appearances(catalog: Catalog, milestone: Milestone) -> list[Appearance]:
    """Records that name the milestone, honours first, each record once per event or award."""
    honoured, presented = [], []
    for e in sorted(catalog.exemplars, key=lambda e: (e.is_person, e.sort_key, e.id)):
        honoured += [Appearance(e, award=a) for a in e.awards if a.milestone == milestone.id]
        presented += [Appearance(e, event=ev) for ev in e.events if ev.milestone == milestone.id]
    return honoured + presented


def plan(catalog: Catalog) -> list[VirtualPage]:
    pages = []
    campaigns = sorted(catalog.campaigns.values(), key=lambda c: c.start, reverse=True)
    for c in campaigns:
        milestones = [(m, urls.milestone(c.id, m.id), appearances(catalog, m)) for m in c.milestones]
        pages.append(VirtualPage(
            src_uri=urls.PLAN.format(id=c.id), template="plan.html", title=c.title,
            description=(f"{c.reference} của {c.issuer}: " if c.reference and c.issuer else "")
            + "tiêu chí, chỉ tiêu, chỉ đạo điểm, lộ trình và chế độ báo cáo",
            context={"campaign": c,
                     "criteria": [(KINDS_PLURAL[k], c.criteria[k]) for k in EXEMPLAR_KINDS if c.criteria.get(k)],
                     "quotas": [(SCOPES[s], rule_text(c, s)) for s in SCOPES if c.quotas.get(s)],
                     "pilot": pilot_text(c), "milestones": milestones,
                     "deadlines": c.all_deadlines(),
                     "records": sum(1 for e in catalog.exemplars if e.campaign == c.id),
                     "pilots_url": urls.md_to_url(urls.PILOTS), "quotas_url": urls.md_to_url(urls.QUOTAS)}))
        for m, _, shown in milestones:
            pages.append(VirtualPage(
                src_uri=urls.MILESTONE.format(campaign=c.id, id=m.id), template="milestone.html",
                title=m.title, description=f"{m.title} ({c.title}): các điển hình được giới thiệu, tôn vinh",
                context={"campaign": c, "milestone": m, "appearances": shown,
                         "plan_url": urls.plan(c.id)}))
    pages.append(VirtualPage(
        src_uri=urls.PLANS, template="plans.html", title="Kế hoạch tuyên truyền, xây dựng và nhân rộng "
        "điển hình tiên tiến", description="Các kế hoạch của ngành: số hiệu, tiêu chí, chỉ tiêu, lộ trình",
        context={"campaigns": [(c, urls.plan(c.id)) for c in campaigns]}))
    return pages

