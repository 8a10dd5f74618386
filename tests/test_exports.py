"""Official documents (`exemplars export`, generator/exports/) and the site's CSV and .xlsx.

Every exported file is opened with python-docx or openpyxl; figures are counted by hand from
content/ (comments say how).
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from conftest import DEMO_RECORDS, ROOT, TODAY, all_text, leaves, raw_record
from generator.exports.run import ExportError, Request, refuse_published_folder, run
from generator.labels import KINDS_PLURAL

COLUMNS = ["TT", "Tên điển hình (tập thể, cá nhân), đơn vị",
           "Tóm tắt loại hình, quy mô hoạt động hay nội dung triển khai thực hiện của các điển hình",
           "Đăng ký danh hiệu thi đua, hình thức khen thưởng theo Kế hoạch, Đề án"]
#: The city office's 17 records of 2018-2019 are listed by name, in the form's order, in
#: test_portal.test_registration_list_of_an_office; here: the first, fifth and last of them.
TP_2018_PICKS = {1: "Mô hình “Vườn rau của bé – Bữa ăn an toàn”", 5: "Nguyễn Thị Hoa", 17: "Phạm Thu Hà"}
#: Group headings: 3 collectives, 5 staff, 2 managers, 7 students (counted in the list above).
TP_2018_GROUPS = [f"I. {KINDS_PLURAL['collective']} (3)", f"II. {KINDS_PLURAL['staff']} (5)",
                  f"III. {KINDS_PLURAL['manager']} (2)", f"IV. {KINDS_PLURAL['student']} (7)"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """Every document, public and internal, written once into a temporary exports/ folder."""
    out = tmp_path_factory.mktemp("exports") / "exports"
    forbidden = [ROOT / "site", ROOT / "content"]
    run(Request(ROOT / "content", out, TODAY, kinds=("registration", "summary")), forbidden)
    # Every withheld demo record belongs to school year 2024-2025: its internal lists hold them all.
    run(Request(ROOT / "content", out, TODAY, internal=True, kinds=("registration",), year="2024-2025"), forbidden)
    return out


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def grid_rows(doc) -> list[list[str]]:
    """The bordered table's rows (the one whose first row is the appendix's columns)."""
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "TT")
    return [[c.text for c in row.cells] for row in table.rows]


def test_registration_docx_in_the_appendix_form(exported):
    doc = Document(str(exported / "dang-ky/2018-2019/pgd-tp-hoa-binh.docx"))
    heading = [c.text for c in doc.tables[0].rows[0].cells]
    assert heading[0].split("\n")[:2] == ["SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH HÒA BÌNH",
                                         "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HÒA BÌNH"]
    assert heading[1].split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc"]
    paragraphs = [p.text for p in doc.paragraphs if p.text]
    assert paragraphs[:2] == ["GIỚI THIỆU ĐIỂN HÌNH TIÊN TIẾN", "Năm học 2018 – 2019"]
    assert paragraphs[2].startswith("(Kèm theo Kế hoạch số ")
    rows = grid_rows(doc)
    assert rows[0] == COLUMNS
    # Merged group rows repeat their text in every cell of the row.
    groups = [r[0] for r in rows[1:] if len(set(r)) == 1]
    assert groups == TP_2018_GROUPS
    records = [r for r in rows[1:] if len(set(r)) > 1]
    assert [r[0] for r in records] == [str(i) for i in range(1, 18)]
    assert {i: records[i - 1][1].split("\n")[0] for i in TP_2018_PICKS} == TP_2018_PICKS
    assert records[4][1] == "Nguyễn Thị Hoa\nGiáo viên lớp 4A\nTrường Tiểu học Kim Đồng"
    assert records[4][3] == "Chiến sĩ thi đua cấp tỉnh"
    sign = [c.text for c in doc.tables[-1].rows[0].cells]
    assert sign[1].split("\n") == ["Hòa Bình, ngày …… tháng …… năm 20……", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)"]
    assert sign[0].startswith("Nơi nhận:")
    # A4, Vietnamese administrative margins, Times New Roman 13.
    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert [round(m / Mm(1)) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                       section.right_margin)] == [20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 13


def test_registration_xlsx_in_the_appendix_form(exported):
    ws = load_workbook(exported / "dang-ky/2018-2019/pgd-tp-hoa-binh.xlsx").active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert values[0][2] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and values[1][2] == "Độc lập – Tự do – Hạnh phúc"
    assert values[1][0] == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HÒA BÌNH"
    assert values[3][0] == "GIỚI THIỆU ĐIỂN HÌNH TIÊN TIẾN" and values[4][0] == "Năm học 2018 – 2019"
    header = next(i for i, row in enumerate(values) if row[0] == "TT")
    assert list(values[header][:4]) == COLUMNS and len([v for v in values[header] if v]) == 4
    body = values[header + 1:]
    groups = [row[0] for row in body if isinstance(row[0], str) and row[0][:2] in ("I.", "II", "IV")]
    assert groups == TP_2018_GROUPS
    records = [row for row in body if isinstance(row[0], int)]
    assert [row[0] for row in records] == list(range(1, 18))
    assert {i: records[i - 1][1].split("\n")[0] for i in TP_2018_PICKS} == TP_2018_PICKS
    tail = [row[2] for row in body if row[2] in ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)")]
    assert tail == ["THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)"]
    assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows == f"${header + 1}:${header + 1}"  # 9: A4


def test_internal_lists_mark_what_the_site_does_not_publish(exported):
    # Lạc Sơn 2024-2025 has no published record; two drafts: Bùi Thu Trang (consent given) and
    # Quách Văn Long (no consent yet). Public: no list; internal: both, marked.
    assert not (exported / "dang-ky/2024-2025/pgd-lac-son.docx").exists()
    rows = grid_rows(Document(str(exported / "noi-bo/dang-ky/2024-2025/pgd-lac-son.docx")))
    assert [r[0] for r in rows[1:]] == [f"I. {KINDS_PLURAL['student']} (2)", "1", "2"]
    assert rows[-2][1].split("\n") == ["Quách Văn Long", "Lớp 8B", "Trường Phổ thông dân tộc bán trú Trung học cơ sở Miền Đồi",
                                       "[Chờ ý kiến đồng ý của cha mẹ, người giám hộ; chưa công bố]"]
    assert rows[-1][1].split("\n")[-1] == "[Bản nháp, chưa công bố]"
    ws = load_workbook(exported / "noi-bo/dang-ky/2024-2025/thcs-le-quy-don-tphb.xlsx").active
    notes = {row[1].split("\n")[0]: row[4] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)}
    assert notes == {"Trần Gia Bảo": "Hẹn ngày đăng 01/03/2027"}
    assert "TÀI LIỆU NỘI BỘ" in docx_text(exported / "noi-bo/dang-ky/2024-2025/pgd-lac-son.docx")


def _office_text(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    return "\n".join(str(v) for ws in load_workbook(path).worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


def test_no_public_file_holds_a_draft_a_scheduled_record_or_a_student_without_consent(exported):
    public = [p for p in exported.rglob("*") if p.suffix in (".docx", ".xlsx") and "noi-bo" not in p.parts]
    assert len(public) > 50
    text = "\n".join(_office_text(p) for p in public)
    internal = "\n".join(_office_text(p) for p in (exported / "noi-bo").rglob("*.docx"))
    withheld = 0
    for path in DEMO_RECORDS:
        raw = raw_record(path)
        if raw.get("draft") == "true" or raw.get("published", "0") > TODAY.isoformat():
            withheld += 1
            assert raw["name"] not in text and raw["summary"] not in text, path.name
            assert raw["name"] in internal and raw["summary"] in internal, path.name  # the internal ones do
        for leaf in leaves(raw.get("private", {})):
            if len(leaf) >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", leaf):
                assert leaf not in text and leaf not in internal, path.name
    # content/exemplars: 4 drafts (one of them a student without consent, Quách Văn Long) and
    # 2 records published after 25/11/2026.
    assert withheld == 6


def test_nothing_under_exports_reaches_the_site(exported, demo_site):
    names = {p.name for p in exported.rglob("*") if p.is_file()}
    assert not any(p.suffix == ".docx" or p.name in names for p in demo_site.rglob("*"))
    site_text = all_text(demo_site)
    assert "TÀI LIỆU NỘI BỘ" not in site_text and "Quách Văn Long" not in site_text
    for inside in (ROOT / "site", ROOT / "site/exports", ROOT / "content/pages/x", ROOT):
        with pytest.raises(ExportError):
            refuse_published_folder(inside, [ROOT / "site", ROOT / "content"])
    refuse_published_folder(ROOT / "exports", [ROOT / "site", ROOT / "content"])  # the default is fine
    # Git ignores the output folder, never the package that writes it (generator/exports/).
    ignored = [subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode
               for path in ("exports/dang-ky/x.docx", "generator/exports/run.py")]
    if 128 not in ignored:  # 128: not a git checkout
        assert ignored == [0, 1]


def test_period_report_of_an_office(exported, tmp_path):
    run(Request(ROOT / "content", tmp_path, TODAY, kinds=("report",), unit="pgd-tp-hoa-binh", period="2018-10"),
        [ROOT / "site"])
    doc = Document(str(tmp_path / "bao-cao/pgd-tp-hoa-binh-2018-10.docx"))
    text = docx_text(tmp_path / "bao-cao/pgd-tp-hoa-binh-2018-10.docx")
    assert "Tháng 10 năm 2018 (01/10/2018 – 31/10/2018)" in text and "Kính gửi: Văn phòng Sở" in text
    figures = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    # October 2018 in content/: 17 records of the city's schools have their `registered` event
    # dated 03–19/10/2018 (grep "date: 2018-10" before "stage: registered"); none published,
    # honoured, adopted or in the press that month; one news post (kim-dong-chia-se…, 18/10).
    assert [r[2] for r in figures[1:]] == ["17", "0", "0", "0", "0", "1"]
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text
    # A quarter for an affiliated unit: THPT Chuyên Hoàng Văn Thụ, Quý IV/2020: two records published
    # (16/11 and 25/11/2020), two awards (28/10 and 05/11/2020), one press article.
    run(Request(ROOT / "content", tmp_path, TODAY, kinds=("report",), unit="thpt-chuyen-hoang-van-thu",
                period="2020-Q4"), [ROOT / "site"])
    doc = Document(str(tmp_path / "bao-cao/thpt-chuyen-hoang-van-thu-2020-Q4.docx"))
    assert [row.cells[2].text for row in doc.tables[1].rows[1:]] == ["0", "2", "2", "0", "1", "0"]


def test_site_csv_opens_in_columns_with_a_semicolon_list_separator(demo_site):
    raw = (demo_site / "dang-ky/2018-2019/pgd-tp-hoa-binh/danh-sach-pgd-tp-hoa-binh-2018-2019.csv").read_bytes()
    text = raw.decode("utf-8")
    assert text.startswith("\ufeff") and not text.lstrip("\ufeff").startswith("sep=")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows[0] == ["Đơn vị", "Phòng Giáo dục và Đào tạo thành phố Hòa Bình"]
    table = rows[3:]
    assert {len(r) for r in table} == {7} and len(table) == 18  # header and 17 records
    # Every field is quoted, so a ";" inside a summary never starts a new column.
    assert all(line.startswith('"') for line in text.lstrip("\ufeff").split("\r\n") if line)


def test_csv_neutralises_formulas_after_separators_and_invisible_characters():
    from generator.pages.registration import neutralise

    assert neutralise("Tốt; =1+1") == "Tốt;' =1+1"  # the apostrophe first: Excel's text mark
    assert neutralise("a,@SUM(A1)") == "a,'@SUM(A1)"
    assert neutralise("\u200b=HYPERLINK(\"x\")") == "'\u200b=HYPERLINK(\"x\")"
    assert neutralise("x|\u2060+1") == "x|'\u2060+1"
    assert neutralise("dòng\r\n-2") == "dòng\r\n'-2"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("Năm học 2018 - 2019, lớp 4A") == "Năm học 2018 - 2019, lớp 4A"


def test_site_xlsx_matches_the_published_list(demo_site):
    folder = demo_site / "dang-ky/2018-2019/pgd-tp-hoa-binh"
    ws = load_workbook(folder / "danh-sach-pgd-tp-hoa-binh-2018-2019.xlsx").active
    names = [row[1].split("\n")[0] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)]
    csv_rows = list(csv.reader(io.StringIO((folder / "danh-sach-pgd-tp-hoa-binh-2018-2019.csv").read_text("utf-8-sig"),
                                           newline=""), delimiter=";"))
    assert len(names) == 17 and names == [r[2] for r in csv_rows[4:]]
    assert 'href="danh-sach-pgd-tp-hoa-binh-2018-2019.xlsx"' in (folder / "index.html").read_text("utf-8")
    # Every list on the site has its .xlsx: a department's or office's beside its CSV; a school's
    # page one workbook, a sheet per school year (Kim Đồng: 2023-2024 and 2018-2019).
    csvs = sorted(demo_site.rglob("danh-sach-*.csv"))
    compiled = [p for p in csvs if "don-vi" not in p.parts]
    assert compiled and all(p.with_suffix(".xlsx").is_file() for p in compiled)
    for school in {p.parent for p in csvs} - {p.parent for p in compiled}:
        years = sorted((p.stem[-9:] for p in school.glob("*.csv")), reverse=True)
        book = load_workbook(school / f"danh-sach-{school.name}.xlsx")
        assert book.sheetnames == [f"Năm học {y}" for y in years], school.name
    kim_dong = load_workbook(demo_site / "dang-ky/don-vi/th-kim-dong-tphb/danh-sach-th-kim-dong-tphb.xlsx")
    assert kim_dong.sheetnames == ["Năm học 2023-2024", "Năm học 2018-2019"]
    stamps = {i.date_time for i in zipfile.ZipFile(folder / "danh-sach-pgd-tp-hoa-binh-2018-2019.xlsx").infolist()}
    assert stamps == {(2020, 12, 20, 0, 0, 0)}  # the list's newest record: Đặng Văn Dũng, 20/12/2020


def test_campaign_summary_for_the_final_review(exported):
    # Milestones of kind review/final-review up to 25/11/2026 (plan.yml): so-ket-2018,
    # tong-ket-2020, so-ket-2023; a conference or contest gets no summary.
    assert sorted(p.name for p in (exported / "tong-ket").iterdir()) == [
        "2017-2020-so-ket-2018.docx", "2017-2020-tong-ket-2020.docx", "2021-2025-so-ket-2023.docx"]
    doc = Document(str(exported / "tong-ket/2017-2020-tong-ket-2020.docx"))
    text = docx_text(exported / "tong-ket/2017-2020-tong-ket-2020.docx")
    assert "(số liệu đến ngày 18/11/2020)" in text and "GIÁM ĐỐC" in text
    # 38 record files name campaign 2017-2020 (grep "^campaign: 2017-2020"), none a draft, all
    # registered before 18/11/2020.
    assert "Tổng số điển hình: 38, trong đó đã đăng ký: 38." in text
    by_office = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in doc.tables[1].rows}
    # Lạc Sơn's schools: 3 models (Vụ Bản, Tân Lập, Ân Nghĩa), Quách Thị Thu (staff), Bùi Thị
    # Ánh (manager), Bùi Thị Ngọc (student).
    assert by_office["Phòng Giáo dục và Đào tạo huyện Lạc Sơn"] == ["3", "1", "1", "1", "6"]
    assert by_office["Toàn tỉnh"][-1] == "38"
    honours = {row.cells[0].text: row.cells[1].text for row in doc.tables[5].rows}
    # One President's award among them: Huân chương Lao động hạng Ba, 28/10/2020 (CLB KHKT).
    assert honours["Chủ tịch nước"] == "1" and doc.tables[5].rows[0].cells[0].text == "Cấp khen thưởng"


def test_export_command(tmp_path, capsys):
    from generator.cli import main

    out = tmp_path / "exports"
    args = ["export", "registration", "--unit", "pgd-lac-son", "--year", "2019-2020", "--out", str(out),
            "--content", str(ROOT / "content"), "--site-dir", str(tmp_path / "site"), "--today", TODAY.isoformat()]
    assert main(args) == 0
    assert sorted(p.name for p in (out / "dang-ky/2019-2020").iterdir()) == ["pgd-lac-son.docx", "pgd-lac-son.xlsx"]
    assert "2 tệp." in capsys.readouterr().out
    assert main(["export", "report", "--period", "2019-13", "--out", str(out), "--content", str(ROOT / "content"),
                 "--site-dir", str(tmp_path / "site")]) == 1
    assert "is not a month (YYYY-MM) or a quarter" in capsys.readouterr().err
    assert main(["export", "--out", str(tmp_path / "site/x"), "--content", str(ROOT / "content"),
                 "--site-dir", str(tmp_path / "site")]) == 1
    assert "không được nằm trong" in capsys.readouterr().err


#: Run in a fresh process: a worker is forked only from a process with one thread (pytest's
#: session may have a server thread from the browser tests).
WORKER_CHECK = """
import io, os, sys
from datetime import date
from openpyxl import load_workbook
from generator.pages.registration import lists, stamp
from generator.pages.workbooks import Workbooks
from generator.validate import load_catalog

catalog = load_catalog(sys.argv[1], today=date.fromisoformat(sys.argv[2]))
regs = lists(catalog)
kim_dong = [n for n, r in enumerate(regs) if r.unit.id == "th-kim-dong-tphb"]
jobs = [([n], [reg], stamp(reg)) for n, reg in enumerate(regs[:6])]
jobs.append((kim_dong, [regs[n] for n in kim_dong], date(2024, 5, 6)))
here, worker = Workbooks(catalog), Workbooks(catalog, parallel_from=0)
for job in jobs:
    here.add(*job)
    worker.add(*job)
here.start()  # few workbooks: nothing handed to a worker
worker.start()
remote = [worker.result(n) for n in range(len(jobs))]
print(len(here.futures), len(worker.futures), os.cpu_count(),
      remote == [here.result(n) for n in range(len(jobs))], load_workbook(io.BytesIO(remote[-1])).sheetnames)
"""


def test_workbooks_from_a_worker_process_are_the_same_bytes():
    import sys

    run_ = subprocess.run([sys.executable, "-c", WORKER_CHECK, str(ROOT / "content"), TODAY.isoformat()],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run_.returncode == 0, run_.stderr
    here, remote, cores, same, sheets = run_.stdout.split(" ", 4)
    assert here == "0" and (remote == "7" or cores == "1") and same == "True"
    assert sheets.strip() == "['Năm học 2023-2024', 'Năm học 2018-2019']"  # Kim Đồng: two school years
