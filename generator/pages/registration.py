"""Registration lists in the plan's appendix form "Giới thiệu điển hình tiên tiến".

For each school year: one list for the department (every record), one per office (its own and
its schools' records) and one per school or unit with records. Each list is a table in the
appendix's columns (STT, name and unit, summary, registered title), with a CSV of the same rows
(UTF-8 with BOM, so spreadsheet programs read Vietnamese correctly) and a print style sheet.

The department's and offices' lists are long: one page per school year. A school's lists are a
few rows each: one page per school holds all its years, newest first, a section (and a printed
page) per year; this keeps the site at about one page per unit rather than one per unit-year
(at 10,000 records, some 4,000 pages fewer to render).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .. import urls
from ..labels import KINDS_PLURAL
from ..quotas import is_registration
from ..model import Catalog, Exemplar, Unit
from ..spec import EXEMPLAR_KINDS
from . import Asset, VirtualPage

FORM_TITLE = "Giới thiệu điển hình tiên tiến"
#: The appendix's last two columns, word for word (Phụ lục, Kế hoạch số 1676/KH-SGD&ĐT-VP).
SUMMARY_HEADING = ("Tóm tắt loại hình, quy mô hoạt động hay nội dung triển khai thực hiện của các "
                   "điển hình")
TITLE_HEADING = "Đăng ký danh hiệu thi đua, hình thức khen thưởng theo Kế hoạch, Đề án"
CSV_HEADER = ("STT", "Tên điển hình (tập thể, cá nhân)", "Chức vụ, lớp", "Đơn vị", SUMMARY_HEADING,
              TITLE_HEADING)
#: A cell starting with one of these is a formula to a spreadsheet program: neutralise it.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    no: int
    exemplar: Exemplar
    unit: Unit


#: Units whose lists compile those of the units below them: one page per school year.
COMPILING = ("department", "office")


@dataclass(frozen=True)
class RegistrationList:
    unit: Unit
    school_year: str
    rows: tuple[Row, ...]

    @property
    def compiled(self) -> bool:
        return self.unit.kind in COMPILING

    @property
    def src_uri(self) -> str:
        if self.compiled:
            return urls.REGISTRATION.format(year=self.school_year, id=self.unit.id)
        return urls.REGISTRATION_UNIT.format(id=self.unit.id)

    @property
    def anchor(self) -> str:
        return f"nam-hoc-{self.school_year}"

    @property
    def csv_path(self) -> str:
        """Site-relative path of the CSV (next to the page that shows the list)."""
        return urls.md_to_url(self.src_uri) + urls.REGISTRATION_CSV.format(year=self.school_year, id=self.unit.id)

    @property
    def url(self) -> str:
        return urls.md_to_url(self.src_uri) + ("" if self.compiled else f"#{self.anchor}")

    def groups(self) -> list[tuple[str, list[Row]]]:
        """Rows by kind, for the table's sub-headings."""
        out = [(KINDS_PLURAL[k], [r for r in self.rows if r.exemplar.kind == k]) for k in EXEMPLAR_KINDS]
        return [(label, members) for label, members in out if members]


def rows(catalog: Catalog, records: list[Exemplar], tree: dict[str, int]) -> tuple[Row, ...]:
    """Records in the form's order: by kind (collectives first), unit (`tree` order), name."""
    kind = {k: i for i, k in enumerate(EXEMPLAR_KINDS)}
    ordered = sorted(records, key=lambda e: (kind.get(e.kind, 9), tree.get(e.unit, 0), e.sort_key, e.id))
    return tuple(Row(i, e, catalog.units[e.unit]) for i, e in enumerate(ordered, 1))


def lists(catalog: Catalog) -> list[RegistrationList]:
    """Every list, newest school year first; in a year: department, offices, then schools."""
    out = []
    units = [catalog.department, *catalog.descendants(catalog.department.id)]
    tree = {u.id: i for i, u in enumerate(units)}
    under = {u.id: catalog.records_under(u.id) if u.kind in COMPILING else catalog.by_unit.get(u.id, [])
             for u in units}
    for year in sorted({e.school_year for e in catalog.exemplars}, reverse=True):
        for unit in units:
            # Only registrations: a model still at the `discovered` step is not on the list yet.
            members = [e for e in under[unit.id] if e.school_year == year and is_registration(e)]
            if members or unit.kind == "department":
                out.append(RegistrationList(unit, year, rows(catalog, members, tree)))
    return out


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def to_csv(reg: RegistrationList) -> bytes:
    """The list as CSV: UTF-8 with BOM, CRLF line ends, every field quoted when needed."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in reg.rows:
        e = r.exemplar
        writer.writerow([str(r.no), *(_cell(v) for v in (e.name, e.position or "", r.unit.name,
                                                          e.summary, e.registered_title))])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _page(catalog: Catalog, unit: Unit, regs: list[RegistrationList], title: str,
          description: str) -> VirtualPage:
    return VirtualPage(
        src_uri=regs[0].src_uri, template="registration.html", title=title, description=description,
        context={"unit": unit, "sections": [
            {"registration": reg, "campaigns": [catalog.campaigns[c] for c in
                                                dict.fromkeys(r.exemplar.campaign for r in reg.rows)]}
            for reg in regs], "form_title": FORM_TITLE, "unit_chain": catalog.ancestors(unit.id)})


def plan(catalog: Catalog) -> list[VirtualPage | Asset]:
    out: list[VirtualPage | Asset] = []
    regs = lists(catalog)
    per_unit: dict[str, list[RegistrationList]] = {}
    for reg in regs:
        out.append(Asset(reg.csv_path, to_csv(reg)))
        if reg.compiled:
            out.append(_page(catalog, reg.unit, [reg],
                             f"{FORM_TITLE} – {reg.unit.name}, năm học {reg.school_year}",
                             f"Danh sách đăng ký điển hình tiên tiến năm học {reg.school_year} của {reg.unit.name}"))
        else:
            per_unit.setdefault(reg.unit.id, []).append(reg)
    for unit_id, unit_regs in per_unit.items():
        unit = catalog.units[unit_id]
        out.append(_page(catalog, unit, unit_regs, f"{FORM_TITLE} – {unit.name}",
                         f"Danh sách đăng ký điển hình tiên tiến của {unit.name} theo năm học"))
    # The index: per school year, every list in the unit tree's order with its depth in the tree.
    years: dict[str, list[tuple[RegistrationList, int]]] = {}
    for reg in regs:
        years.setdefault(reg.school_year, []).append((reg, len(catalog.ancestors(reg.unit.id))))
    out.append(VirtualPage(
        src_uri=urls.REGISTRATIONS, template="registrations.html", title="Danh sách đăng ký điển hình",
        description="Danh sách giới thiệu điển hình tiên tiến theo đơn vị và năm học (xem, in, tải CSV)",
        context={"years": list(years.items()), "quotas_url": urls.md_to_url(urls.QUOTAS)}))
    return out
