"""Registration lists in the plan's appendix form "Giới thiệu điển hình tiên tiến".

For each school year: one list for the department (every record), one per office (its own and
its schools' records) and one per school or unit with records. Each list is a table in the
appendix's columns (STT, name and unit, summary, registered title), with a CSV and an .xlsx of
the same rows (published records only; the .xlsx in the appendix's layout, `exports/registration`)
and a print style sheet.

The CSV is for Excel on Vietnamese-locale PCs, whose list separator is ";" (the decimal separator
is ","): fields are separated by ";" and all quoted, UTF-8 with a BOM. Not a `sep=;` first line:
with it Excel ignores the BOM and shows Vietnamese letters garbled. Other programs ask or sniff.

The department's and offices' lists are long: one page per school year. A school's lists are a
few rows each: one page per school holds all its years, newest first, a section (and a printed
page) per year; this keeps the site at about one page per unit rather than one per unit-year
(at 10,000 records, some 4,000 pages fewer to render).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from datetime import date
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .. import urls
from ..incremental import record_digest, remember_digest
from ..labels import KINDS, KINDS_PLURAL
from ..places import place_of
from ..quotas import is_registration
from ..model import Catalog, Exemplar, Unit
from ..spec import EXEMPLAR_KINDS
from . import Asset, LaterAsset, VirtualPage, once
from .fragments import Fragments
from .workbooks import Workbooks

if TYPE_CHECKING:
    from ..pagememo import Stubs

FORM_TITLE = "Giới thiệu điển hình tiên tiến"
#: The appendix's last two columns, word for word (Phụ lục, Kế hoạch số 1676/KH-SGD&ĐT-VP).
SUMMARY_HEADING = ("Tóm tắt loại hình, quy mô hoạt động hay nội dung triển khai thực hiện của các "
                   "điển hình")
TITLE_HEADING = "Đăng ký danh hiệu thi đua, hình thức khen thưởng theo Kế hoạch, Đề án"
CSV_HEADER = ("STT", "Loại điển hình", "Tên điển hình (tập thể, cá nhân)", "Chức vụ, lớp", "Đơn vị",
              SUMMARY_HEADING, TITLE_HEADING)
CSV_SEPARATOR = ";"
#: Characters a reader does not see: a formula may hide behind them.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
#: A formula start (=, +, -, @, tab, CR) at the start of a cell, or after a separator a
#: spreadsheet program may split on, behind spaces and invisible characters.
_FORMULA = re.compile(f"(^|[,;|\\t\\r\\n])([ {_INVISIBLE}]*)(?=[=+\\-@\\t\\r])")
#: A character a formula starts with: text without one needs no apostrophe.
_FORMULA_START = re.compile("[=+\\-@\\t\\r]")


@dataclass(frozen=True)
class Row:
    no: int
    exemplar: Exemplar
    unit: Unit


class _Rows(Sequence[Row]):
    """A list's rows (`RegistrationList.rows`), made when first read: at 10,000 records the lists
    hold 35,000 rows, and a delta build reads those of the few lists an edit changed (the CSVs
    and pages of the others are kept: pagememo.py), which took a twentieth of a second to make."""

    __slots__ = ("records", "units", "_made")

    def __init__(self, records: list[Exemplar], units: dict[str, Unit]) -> None:
        self.records, self.units = records, units
        self._made: tuple[Row, ...] | None = None

    def _rows(self) -> tuple[Row, ...]:
        if self._made is None:
            records, units = self.records, self.units
            self._made = tuple(map(Row, range(1, len(records) + 1), records, [units[e.unit] for e in records]))
        return self._made

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, index):  # type: ignore[override]
        return self._rows()[index]

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows())

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, (tuple, _Rows)) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._rows())


#: Units whose lists compile those of the units below them: one page per school year.
COMPILING = ("department", "office")


@dataclass(frozen=True)
class RegistrationList:
    """Danh sách đăng ký: one unit's registrations of a school year. Its paths are worked out
    once (`cached_property`: the planner, the index and the workbooks ask each several times)."""

    unit: Unit
    school_year: str
    rows: tuple[Row, ...] | _Rows

    @property
    def compiled(self) -> bool:
        return self.unit.kind in COMPILING

    @cached_property
    def src_uri(self) -> str:
        if self.compiled:
            return urls.REGISTRATION.format(year=self.school_year, id=self.unit.id)
        return urls.REGISTRATION_UNIT.format(id=self.unit.id)

    @property
    def anchor(self) -> str:
        return f"nam-hoc-{self.school_year}"

    @cached_property
    def csv_path(self) -> str:
        """Site-relative path of the CSV (next to the page that shows the list)."""
        return urls.md_to_url(self.src_uri) + urls.REGISTRATION_CSV.format(year=self.school_year, id=self.unit.id)

    @cached_property
    def xlsx_path(self) -> str:
        """One workbook per page: a compiled list's, or a school's with a sheet per school year
        (at 10,000 records a workbook per list would be 5,000 of them, 10 ms each to write)."""
        if self.compiled:
            return urls.md_to_url(self.src_uri) + urls.REGISTRATION_XLSX.format(year=self.school_year, id=self.unit.id)
        return urls.md_to_url(self.src_uri) + urls.REGISTRATION_XLSX_UNIT.format(id=self.unit.id)

    @cached_property
    def url(self) -> str:
        return urls.md_to_url(self.src_uri) + ("" if self.compiled else f"#{self.anchor}")

    def groups(self) -> list[tuple[str, list[Row]]]:
        """Rows by kind, for the table's sub-headings."""
        out = [(KINDS_PLURAL[k], [r for r in self.rows if r.exemplar.kind == k]) for k in EXEMPLAR_KINDS]
        return [(label, members) for label, members in out if members]


@dataclass(frozen=True)
class ListEntry:
    """A list as the index of lists shows it: its unit, links and number of rows, not the rows
    themselves, so that the index's fingerprint (incremental.py) changes only when a count or a
    unit does, not on every edit of a record (rendering it takes 0.4 s at 10,000 records)."""

    unit: Unit
    school_year: str
    count: int
    url: str
    csv_path: str
    xlsx_path: str

    @classmethod
    def of(cls, reg: RegistrationList) -> ListEntry:
        return cls(reg.unit, reg.school_year, len(reg.rows), reg.url, reg.csv_path, reg.xlsx_path)


def _order(tree: dict[str, int]):
    """The form's order of records: by kind (collectives first), unit (`tree` order), name."""
    kind = {k: i for i, k in enumerate(EXEMPLAR_KINDS)}
    return lambda e: (kind.get(e.kind, 9), tree.get(e.unit, 0), e.sort_key, e.id)


def rows(catalog: Catalog, records: list[Exemplar], tree: dict[str, int]) -> tuple[Row, ...]:
    """Records in the form's order (`_order`), numbered."""
    ordered = sorted(records, key=_order(tree))
    return tuple(Row(i, e, catalog.units[e.unit]) for i, e in enumerate(ordered, 1))


def lists(catalog: Catalog) -> list[RegistrationList]:
    """Every list, newest school year first; in a year: department, offices, then schools. The
    same for a catalog each time: computed once (the planner, the workbooks and the exports)."""
    return once(catalog, _lists)


def _lists(catalog: Catalog) -> list[RegistrationList]:
    out = []
    units = [catalog.department, *catalog.descendants(catalog.department.id)]
    tree = {u.id: i for i, u in enumerate(units)}
    # A record is on its unit's list and on those of the office and department above it. The
    # form's order is one order for every list: the registrations are sorted once (not the
    # 5,000 lists one by one) and dealt out in that order. Only registrations: a model still at
    # the `discovered` step is not on the list yet.
    on_lists: dict[str, list[str]] = {}
    for u in units:
        on_lists[u.id] = [u.id, *(a.id for a in catalog.ancestors(u.id) if a.kind in COMPILING)]
    by_year: dict[str, dict[str, list[Exemplar]]] = {u.id: {} for u in units}
    of_unit = catalog.units
    # What a list shows of each of its rows, as text (the record's digest, its unit), made once
    # per record: a list's digest is then one hash of joined text, where describing its rows one
    # by one (incremental.py) took 0.3 s at 10,000 records, and its CSV is kept by that digest.
    line: dict[str, str] = {}
    for e in sorted((e for e in catalog.exemplars if e.unit in tree and is_registration(e)), key=_order(tree)):
        unit = of_unit[e.unit]
        line[e.id] = f"{record_digest(e)}\0{unit.id}\0{unit.name}"
        for unit_id in on_lists[e.unit]:
            by_year[unit_id].setdefault(e.school_year, []).append(e)
    for year in sorted({e.school_year for e in catalog.exemplars}, reverse=True):
        for unit in units:
            members = by_year[unit.id].get(year, [])
            if members or unit.kind == "department":
                reg = RegistrationList(unit, year, _Rows(members, of_unit))
                remember_digest(reg, _digest(reg, [line[e.id] for e in members]))
                out.append(reg)
    return out


def _digest(reg: RegistrationList, lines: list[str]) -> str:
    """Of everything the list is made of: its unit, year, and each row's record and unit
    (`lines`; numbers follow from the order)."""
    head = f"RegistrationList\0{reg.unit.id}\0{reg.unit.name}\0{reg.school_year}"
    return hashlib.sha1("\n".join([head, *lines]).encode("utf-8", "surrogatepass")).hexdigest()


def neutralise(value: str) -> str:
    """Text a spreadsheet program shows as text: an apostrophe before every formula start."""
    if _FORMULA_START.search(value) is None:  # most text: no character a formula starts with
        return value
    return _FORMULA.sub(lambda m: m.group(1) + "'" + m.group(2), value)


def _quoted(value: str) -> str:
    """A CSV field as `csv.writer` writes it with QUOTE_ALL (quotes doubled inside)."""
    return '"' + value.replace('"', '""') + '"'


def to_csv(reg: RegistrationList, lines: dict[str, str] | None = None) -> bytes:
    """The list as CSV for Excel: unit and school year first, then the rows with their kind;
    ";"-separated, every field quoted, UTF-8 with BOM, CRLF line ends. `lines` keeps each
    record's row (all but its number) for the next list it is on (its school's, its office's,
    the department's)."""
    lines = {} if lines is None else lines
    out = [CSV_SEPARATOR.join(map(_quoted, row)) + "\r\n"
           for row in (["Đơn vị", neutralise(reg.unit.name)], ["Năm học", reg.school_year], [], CSV_HEADER)]
    for r in reg.rows:
        e = r.exemplar
        line = lines.get(e.id)
        if line is None:
            line = lines[e.id] = "".join(
                CSV_SEPARATOR + _quoted(neutralise(v))
                for v in (KINDS[e.kind], e.name, e.position or "", r.unit.name, e.summary, e.registered_title)
            ) + "\r\n"
        out.append(f'"{r.no}"{line}')
    return ("\ufeff" + "".join(out)).encode("utf-8")


def stamp(reg: RegistrationList) -> date:
    """The date inside the list's .xlsx: its newest record's, so a rebuild gives the same bytes."""
    rows = reg.rows  # its records' dates, without making the rows (`_Rows`); read in C
    dates = map(_PUBLISHED, rows.records) if type(rows) is _Rows else map(_ROW_PUBLISHED, rows)
    return max(dates, default=date(int(reg.school_year[:4]), 9, 1))


_PUBLISHED, _ROW_PUBLISHED = attrgetter("published"), attrgetter("exemplar.published")


def _page(catalog: Catalog, unit: Unit, regs: list[RegistrationList], title: str,
          description: str) -> VirtualPage:
    return VirtualPage(
        src_uri=regs[0].src_uri, template="registration.html", title=title, description=description,
        context={"unit": unit, "sections": [
            {"registration": reg, "campaigns": [catalog.campaigns[c] for c in
                                                dict.fromkeys(r.exemplar.campaign for r in reg.rows)]}
            for reg in regs], "form_title": FORM_TITLE, "unit_chain": catalog.ancestors(unit.id),
                 "place": place_of(catalog, unit)})


def plan(catalog: Catalog, cache_dir: Path | None = None,
         stubs: Stubs | None = None) -> list[VirtualPage | Asset | LaterAsset]:
    """`cache_dir`: the build cache's folder, where each list's CSV is kept by the list's digest
    (fragments.py; after a one-record edit three CSV files change of 5,224 at 10,000 records).
    `stubs`: a page or CSV made of the same lists as in the last build, which `site/` holds,
    comes back as a stub without being made (pagememo.py: a page by its lists' digests)."""
    out: list[VirtualPage | Asset | LaterAsset] = []
    kept = Fragments(cache_dir, "registration")
    regs = lists(catalog)
    per_unit: dict[str, list[int]] = {}
    workbooks = Workbooks(catalog)

    def later(path: str, numbers: list[int]) -> LaterAsset:
        chosen = [regs[n] for n in numbers]
        return workbooks.asset(path, numbers, chosen, max(map(stamp, chosen)))

    def page(src_uri: str, made_of: tuple[str, ...], make: Callable[[], VirtualPage]) -> VirtualPage:
        return make() if stubs is None else stubs.page(src_uri, made_of, make)

    lines: dict[str, str] = {}
    for n, reg in enumerate(regs):
        digest = record_digest(reg)
        csv = Asset(reg.csv_path, kept.get(digest, lambda reg=reg: to_csv(reg, lines)))
        out.append(csv if stubs is None else stubs.asset(csv.path, digest, lambda csv=csv: csv))
        if reg.compiled:
            out.append(later(reg.xlsx_path, [n]))
            out.append(page(reg.src_uri, (digest,), lambda reg=reg: _page(
                catalog, reg.unit, [reg], f"{FORM_TITLE} – {reg.unit.name}, năm học {reg.school_year}",
                f"Danh sách đăng ký điển hình tiên tiến năm học {reg.school_year} của {reg.unit.name}")))
        else:
            per_unit.setdefault(reg.unit.id, []).append(n)
    for unit_id, numbers in per_unit.items():
        unit = catalog.units[unit_id]
        out.append(later(regs[numbers[0]].xlsx_path, numbers))
        out.append(page(regs[numbers[0]].src_uri, tuple(record_digest(regs[n]) for n in numbers),
                        lambda unit=unit, numbers=numbers: _page(
                            catalog, unit, [regs[n] for n in numbers], f"{FORM_TITLE} – {unit.name}",
                            f"Danh sách đăng ký điển hình tiên tiến của {unit.name} theo năm học")))
    # The index shows each list's unit, year, links (which follow from those) and rows' count.
    out.append(page(urls.REGISTRATIONS, (_index_digest(regs),), lambda: _index(catalog, regs)))
    kept.write()
    return out


def _index_digest(regs: list[RegistrationList]) -> str:
    """What the index is made of besides the units (the shared key covers them): each list's
    unit, school year and number of rows, in order."""
    shown = "\n".join(f"{reg.unit.id}\0{reg.school_year}\0{len(reg.rows)}" for reg in regs)
    return hashlib.sha1(shown.encode("utf-8", "surrogatepass")).hexdigest()


def _index(catalog: Catalog, regs: list[RegistrationList]) -> VirtualPage:
    """The index: per school year, every list in the unit tree's order with its depth in the tree."""
    years: dict[str, list[tuple[ListEntry, int]]] = {}
    for reg in regs:
        years.setdefault(reg.school_year, []).append((ListEntry.of(reg), len(catalog.ancestors(reg.unit.id))))
    return VirtualPage(
        src_uri=urls.REGISTRATIONS, template="registrations.html", title="Danh sách đăng ký điển hình",
        description="Danh sách giới thiệu điển hình tiên tiến theo đơn vị và năm học (xem, in, tải CSV)",
        context={"years": list(years.items()), "quotas_url": urls.md_to_url(urls.QUOTAS)})
