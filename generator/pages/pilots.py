"""Pilot schools (chỉ đạo điểm): each office's pilot schools against the plan's 3/3/3.

The plan asks every district office to pick three preschools, three primary and three lower
secondary schools "để đánh giá, rút kinh nghiệm chỉ đạo cho những năm tiếp theo": the page shows,
per campaign and office, the schools designated per level (with what is missing) and each
school's results together: its exemplars, their honours and the units that replicated them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..model import Catalog, Exemplar, Unit
from ..quotas import OfficePilots, pilots
from . import VirtualPage
from .plan import pilot_text


@dataclass(frozen=True)
class PilotSchool:
    unit: Unit
    exemplars: tuple[Exemplar, ...]
    honours: int
    replications: int
    #: Models of other units this school adopted.
    adopted: tuple[Exemplar, ...]


def school_results(catalog: Catalog, unit: Unit, campaign_id: str) -> PilotSchool:
    mine = tuple(e for e in catalog.by_unit.get(unit.id, ()) if e.campaign == campaign_id)
    return PilotSchool(unit=unit, exemplars=mine, honours=sum(len(e.awards) for e in mine),
                       replications=sum(len(e.replications) for e in mine),
                       adopted=tuple(e for e in catalog.adopted_by.get(unit.id, ()) if e.campaign == campaign_id))


def plan(catalog: Catalog) -> list[VirtualPage]:
    sections = []
    for c in sorted(catalog.campaigns.values(), key=lambda c: c.start, reverse=True):
        if not c.pilot:
            continue
        offices: list[tuple[OfficePilots, list[PilotSchool]]] = [
            (op, [school_results(catalog, u, c.id) for u in op.schools]) for op in pilots(catalog, c)]
        sections.append({"campaign": c, "rule": pilot_text(c), "offices": offices, "plan_url": urls.plan(c.id),
                         "short": sum(1 for op, _ in offices if not op.met)})
    return [VirtualPage(
        src_uri=urls.PILOTS, template="pilots.html", title="Trường chỉ đạo điểm",
        description="Các trường chỉ đạo điểm của từng Phòng GD&ĐT và kết quả xây dựng, nhân rộng điển hình",
        context={"sections": sections})]
