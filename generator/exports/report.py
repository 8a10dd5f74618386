"""The period report (báo cáo định kỳ) of an office (a month) or a directly affiliated unit (a
quarter): what the unit and the units under it registered, published, honoured and replicated in
the period, the press coverage and the news posts, as a .docx to sign and send to the department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..labels import KINDS, label
from ..model import Award, Catalog, Exemplar, MediaLink, Replication, Unit
from ..news import NewsPost
from ..reporting import Period
from . import office
from .registration import status_text

RECIPIENT = "Văn phòng Sở Giáo dục và Đào tạo"


@dataclass(frozen=True)
class PeriodReport:
    """The figures of one unit in one period (records of the unit and of every unit below it)."""

    unit: Unit
    period: Period
    registered: tuple[Exemplar, ...]
    published: tuple[Exemplar, ...]
    honoured: tuple[tuple[Exemplar, Award], ...]
    replicated: tuple[tuple[Exemplar, Replication], ...]
    press: tuple[tuple[Exemplar, MediaLink], ...]
    news: tuple[NewsPost, ...]

    def figures(self) -> list[tuple[str, int]]:
        return [("Điển hình đăng ký trong kỳ", len(self.registered)),
                ("Điển hình được đăng trên trang", len(self.published)),
                ("Lượt khen thưởng", len(self.honoured)),
                ("Lượt nhân rộng mô hình", len(self.replicated)),
                ("Bài báo, phóng sự đưa tin", len(self.press)),
                ("Tin tức đã đăng", len(self.news))]


def period_report(catalog: Catalog, unit: Unit, period: Period, status: dict[str, str] | None = None) -> PeriodReport:
    """`status` names withheld records (internal view): they count as registered, never as published."""
    status = status or {}
    records = catalog.records_under(unit.id)
    return PeriodReport(
        unit=unit, period=period,
        registered=tuple(e for e in records if e.registered_on and e.registered_on in period),
        published=tuple(e for e in records if e.id not in status and e.published in period),
        honoured=tuple((e, a) for e in records for a in e.awards if a.date in period),
        replicated=tuple((e, r) for e in records for r in e.replications if r.date in period),
        press=tuple((e, m) for e in records for m in e.media if m.date in period),
        news=tuple(n for n in catalog.news_under(unit.id) if n.date in period))


def _who(catalog: Catalog, e: Exemplar, status: dict[str, str]) -> str:
    mark = status_text(status, e)
    return f"{e.name} – {catalog.units[e.unit].name}" + (f" [{mark}]" if mark else "")


def to_docx(report: PeriodReport, catalog: Catalog, stamp: date, status: dict[str, str] | None = None) -> bytes:
    status = status or {}
    doc = office.document()
    office.heading(doc, catalog, report.unit)
    office.para(doc, "BÁO CÁO", bold=True, size=14, align="center", space_before=12)
    office.para(doc, "Công tác tuyên truyền, xây dựng và nhân rộng điển hình tiên tiến", bold=True, align="center")
    office.para(doc, report.period.label.replace("/", " năm ") + f" ({report.period.start:%d/%m/%Y} – "
                f"{report.period.end:%d/%m/%Y})", bold=True, align="center")
    if status:
        office.para(doc, "TÀI LIỆU NỘI BỘ – gồm cả hồ sơ chưa công bố trên trang.", bold=True, italic=True,
                    size=12, align="center")
    office.para(doc, f"Kính gửi: {RECIPIENT}", align="center", space_before=12, space_after=12)
    office.para(doc, "I. SỐ LIỆU TRONG KỲ", bold=True, keep_with_next=True, space_after=6)
    widths = [12, 113, 40]
    table = office.grid(doc, ["TT", "Nội dung", "Số lượng"], widths)
    for i, (what, count) in enumerate(report.figures(), 1):
        office.add_row(table, [str(i), what, str(count)], widths)
    sections = [
        ("II. ĐIỂN HÌNH ĐĂNG KÝ", [f"{_who(catalog, e, status)} ({KINDS[e.kind]}): {e.registered_title}"
                                  for e in report.registered]),
        ("III. ĐIỂN HÌNH ĐƯỢC ĐĂNG TRÊN TRANG", [f"{_who(catalog, e, status)}, ngày {e.published:%d/%m/%Y}: {e.title}"
                                                for e in report.published]),
        ("IV. KHEN THƯỞNG", [f"{_who(catalog, e, status)}: {a.title} ({label(a.level, 'award_level')}), "
                            f"{a.date:%d/%m/%Y}{' – ' + a.decision if a.decision else ''}" for e, a in report.honoured]),
        ("V. NHÂN RỘNG MÔ HÌNH", [f"{catalog.units[r.unit].name} áp dụng {e.name} ({catalog.units[e.unit].name}), "
                                 f"từ {r.date:%d/%m/%Y}" for e, r in report.replicated]),
        ("VI. BÁO CHÍ ĐƯA TIN", [f"{m.outlet}, {m.date:%d/%m/%Y}: {m.title} ({e.name})" for e, m in report.press]),
        ("VII. TIN TỨC ĐÃ ĐĂNG", [f"{n.date:%d/%m/%Y}: {n.title} ({catalog.units[n.unit].name})" for n in report.news]),
    ]
    for heading_text, lines in sections:
        office.para(doc, heading_text, bold=True, keep_with_next=True, space_before=12, space_after=3)
        for line in lines or ["Không có trong kỳ."]:
            office.para(doc, f"- {line}", align="justify")
    office.para(doc, "", space_after=6)
    office.signature(doc, office.date_line(office.place_of(catalog, report.unit), None),
                     recipients=(f"- {RECIPIENT};", "- Lưu: VT."))
    return office.docx_bytes(doc, stamp)
