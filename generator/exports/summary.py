"""The campaign summary (báo cáo sơ kết, tổng kết) for a review or final review of the plan.

Figures over the campaign's records registered up to the milestone's date (a record without a
registration event counts from its publication date): by office (and the directly affiliated
units together), by kind and level, by step; quotas met per school year; honours by level up to
that date; replication reach (adoptions, adopting units, by scope).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..labels import AWARD_LEVELS, KINDS, LEVELS, REPLICATION_SCOPES, STAGES, label
from ..model import Campaign, Catalog, Exemplar
from ..quotas import is_registration, year_quota
from ..spec import EXEMPLAR_KINDS
from . import office

AFFILIATED = "Các đơn vị, trường học trực thuộc Sở"


@dataclass(frozen=True)
class Summary:
    campaign: Campaign
    until: date
    title: str
    records: tuple[Exemplar, ...]


def counted_from(e: Exemplar) -> date:
    return e.registered_on or e.published


def step_at(e: Exemplar, until: date) -> str:
    """The record's step on the cutoff date: its last staged event by then, else its step now."""
    staged = [ev.stage for ev in e.events if ev.stage and ev.date <= until]
    return staged[-1] if staged else e.stage


def summary(catalog: Catalog, campaign: Campaign, until: date, title: str) -> Summary:
    records = tuple(e for e in catalog.exemplars if e.campaign == campaign.id and counted_from(e) <= until)
    return Summary(campaign, until, title, records)


def by_office(catalog: Catalog, s: Summary) -> list[tuple[str, Counter]]:
    """(office name, counts by kind) per office in the unit tree's order, then the affiliated units."""
    rows: dict[str, Counter] = {}
    for u in catalog.descendants(catalog.department.id):
        if u.kind == "office":
            rows[u.name] = Counter()
    rows[AFFILIATED] = Counter()
    for e in s.records:
        found = catalog.office_of(e.unit)
        rows[found.name if found else AFFILIATED][e.kind] += 1
    return list(rows.items())


def quota_lines(catalog: Catalog, s: Summary) -> list[tuple[str, str, str]]:
    """(school year, offices meeting their quotas, schools meeting theirs) per school year."""
    out = []
    for year in sorted({e.school_year for e in s.records}):
        yq = year_quota(catalog, year, s.campaign)
        offices = f"{sum(q.met for q in yq.offices)}/{len(yq.offices)}"
        schools = f"{sum(q.met for q in yq.schools)}/{len(yq.schools)}"
        out.append((year, offices, schools))
    return out


def to_docx(catalog: Catalog, s: Summary, stamp: date, status: dict[str, str] | None = None) -> bytes:
    status = status or {}
    doc = office.document()
    department = catalog.department
    office.heading(doc, catalog, department)
    office.para(doc, "BÁO CÁO", bold=True, size=14, align="center", space_before=12)
    office.para(doc, s.title, bold=True, align="center")
    office.para(doc, f"{s.campaign.title} (số liệu đến ngày {s.until:%d/%m/%Y})", italic=True, align="center")
    if status:
        office.para(doc, "TÀI LIỆU NỘI BỘ – gồm cả hồ sơ chưa công bố trên trang.", bold=True, italic=True,
                    size=12, align="center")
    registered = sum(is_registration(e) for e in s.records)
    found = len(s.records) - registered
    office.para(doc, f"Tổng số điển hình: {len(s.records)}, trong đó đã đăng ký: {registered}"
                     + (f", ở bước phát hiện: {found}." if found else "."), space_before=12)

    kinds = list(EXEMPLAR_KINDS)
    office.para(doc, "I. THEO ĐƠN VỊ VÀ LOẠI ĐIỂN HÌNH", bold=True, keep_with_next=True, space_before=12, space_after=6)
    widths = [55] + [22] * len(kinds) + [22]
    table = office.grid(doc, ["Đơn vị", *(KINDS[k] for k in kinds), "Cộng"], widths)
    totals: Counter = Counter()
    for name, counts in by_office(catalog, s):
        totals.update(counts)
        office.add_row(table, [name, *(str(counts[k]) for k in kinds), str(sum(counts.values()))], widths)
    office.add_row(table, ["Toàn tỉnh", *(str(totals[k]) for k in kinds), str(sum(totals.values()))], widths, bold=True)

    office.para(doc, "II. THEO CẤP HỌC", bold=True, keep_with_next=True, space_before=12, space_after=6)
    levels = Counter(catalog.level_of(e) or "" for e in s.records)
    widths2 = [110, 55]
    table = office.grid(doc, ["Cấp học", "Số điển hình"], widths2)
    for code in [*LEVELS, ""]:
        if levels[code]:
            office.add_row(table, [LEVELS.get(code, "Chưa xác định cấp học") if code else "Chưa xác định cấp học",
                                   str(levels[code])], widths2)

    office.para(doc, f"III. THEO BƯỚC THỰC HIỆN (đến ngày {s.until:%d/%m/%Y})", bold=True, keep_with_next=True, space_before=12, space_after=6)
    steps = Counter(step_at(e, s.until) for e in s.records)
    table = office.grid(doc, ["Bước", "Số điển hình"], widths2)
    for code, name in STAGES.items():
        office.add_row(table, [name, str(steps[code])], widths2)

    office.para(doc, "IV. THỰC HIỆN CHỈ TIÊU ĐĂNG KÝ", bold=True, keep_with_next=True, space_before=12, space_after=6)
    widths3 = [45, 60, 60]
    table = office.grid(doc, ["Năm học", "Phòng GD&ĐT đạt chỉ tiêu", "Trường, đơn vị đạt chỉ tiêu"], widths3)
    for line in quota_lines(catalog, s):
        office.add_row(table, list(line), widths3)

    office.para(doc, "V. KHEN THƯỞNG THEO CẤP", bold=True, keep_with_next=True, space_before=12, space_after=6)
    awards = Counter(a.level for e in s.records for a in e.awards if a.date <= s.until)
    table = office.grid(doc, ["Cấp khen thưởng", "Số lượt"], widths2)
    for code in AWARD_LEVELS:
        if awards[code]:
            office.add_row(table, [label(code, "award_level"), str(awards[code])], widths2)
    office.add_row(table, ["Cộng", str(sum(awards.values()))], widths2, bold=True)

    office.para(doc, "VI. NHÂN RỘNG", bold=True, keep_with_next=True, space_before=12, space_after=6)
    adoptions = [(e, r) for e in s.records for r in e.replications if r.date <= s.until]
    models = {e.id for e, _ in adoptions}
    units = {r.unit for _, r in adoptions}
    table = office.grid(doc, ["Nội dung", "Số lượng"], widths2)
    office.add_row(table, ["Mô hình, điển hình được nhân rộng", str(len(models))], widths2)
    office.add_row(table, ["Lượt đơn vị áp dụng", str(len(adoptions))], widths2)
    office.add_row(table, ["Đơn vị đã áp dụng ít nhất một mô hình", str(len(units))], widths2)
    scopes = Counter(r.scope for _, r in adoptions)
    for code in REPLICATION_SCOPES:
        if scopes[code]:
            office.add_row(table, [f"Lượt áp dụng phạm vi {label(code, 'replication_scope').lower()}",
                                   str(scopes[code])], widths2)
    selected = [e for e in s.records if e.selected and e.selected.date <= s.until]
    office.add_row(table, ["Mô hình được Sở lựa chọn nhân rộng toàn tỉnh, toàn ngành", str(len(selected))], widths2)

    office.para(doc, "", space_after=6)
    office.signature(doc, office.date_line(office.place_of(catalog, department), None), signer="GIÁM ĐỐC",
                     recipients=("- Ban Thi đua – Khen thưởng tỉnh;", "- Lưu: VT, VP."))
    return office.docx_bytes(doc, stamp)

