"""The registration workbooks' cache (generator/workbook_cache.py, pages/workbooks.py): a cached
workbook is the workbook freshly written, an edit writes again exactly the workbooks of the lists
its record is on, and a build keeps no workbook it did not use."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, TODAY
from generator.buildcache import BuildCache
from generator.pages import LaterAsset, workbooks
from generator.pages.registration import plan
from generator.validate import load_catalog
from generator.workbook_cache import FOLDER, MemoryCache

#: Lê Thị Ngọc Ánh (2023-2024) teaches at Kim Đồng, under the city's office, under the department:
#: her record is on three lists, in three workbooks (a school's holds all its years).
RECORD = "exemplars/2023-2024/le-thi-ngoc-anh-th-kim-dong.yml"
HER_WORKBOOKS = {
    "dang-ky/2023-2024/so-gddt-hoa-binh/danh-sach-so-gddt-hoa-binh-2023-2024.xlsx",
    "dang-ky/2023-2024/pgd-tp-hoa-binh/danh-sach-pgd-tp-hoa-binh-2023-2024.xlsx",
    "dang-ky/don-vi/th-kim-dong-tphb/danh-sach-th-kim-dong-tphb.xlsx",
}


def _build(content: Path, project: Path | None) -> tuple[list[LaterAsset], dict[str, bytes]]:
    """The site's workbooks as a build makes them (with the build cache of `project`, if any),
    then committed as after a successful build."""
    items = [i for i in plan(load_catalog(content, today=TODAY)) if isinstance(i, LaterAsset)]
    cache = BuildCache(project) if project is not None else None
    for item in items:
        item.start(cache)
    data = {item.path: item.result() for item in items}
    LaterAsset.commit_all(items)
    return items, data


def _fresh(content: Path, monkeypatch) -> dict[str, bytes]:
    """The workbooks written anew: no build cache, nothing from an earlier build of this process."""
    with monkeypatch.context() as patch:
        patch.setattr(workbooks, "RECENT", MemoryCache())
        return _build(content, None)[1]


def _no_writing(*_):
    raise AssertionError("a workbook was written although a cache holds it")


def _entries(project: Path) -> set[str]:
    return {p.name for p in (project / ".cache/exemplars" / FOLDER).glob("*.xlsx")}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def _edit(content: Path, old: str, new: str) -> None:
    path = content / RECORD
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_cached_workbooks_are_the_fresh_ones(demo, tmp_path, monkeypatch):
    project = tmp_path / "project"
    first, written = _build(demo, project)
    assert HER_WORKBOOKS <= set(written) and len(_entries(project)) == len(written)
    assert not any(item.unchanged for item in first)  # no previous build

    with monkeypatch.context() as patch:
        patch.setattr(workbooks, "write_workbook", _no_writing)
        second, cached = _build(demo, project)
    assert cached == written and all(item.unchanged for item in second)
    assert [i.digest for i in second] == [i.digest for i in first]
    assert _fresh(demo, monkeypatch) == cached


def test_an_edit_writes_again_the_workbooks_its_record_is_on(demo, tmp_path, monkeypatch):
    project = tmp_path / "project"
    before, _ = _build(demo, project)
    _edit(demo, "xây dựng 35 phiếu học tập", "xây dựng 36 phiếu học tập")  # her summary: on the lists
    after, data = _build(demo, project)
    old, new = {i.path: i.digest for i in before}, {i.path: i.digest for i in after}
    assert {path for path in new if new[path] != old[path]} == HER_WORKBOOKS
    assert {i.path for i in after if not i.unchanged} == HER_WORKBOOKS
    # The cache holds this build's workbooks, no other: the three old ones are gone.
    assert _entries(project) == {f"{d}.xlsx" for d in new.values()}
    assert not {f"{old[p]}.xlsx" for p in HER_WORKBOOKS} & _entries(project)
    assert data == _fresh(demo, monkeypatch)
    sheet = load_workbook(io.BytesIO(data["dang-ky/don-vi/th-kim-dong-tphb/danh-sach-th-kim-dong-tphb.xlsx"]))
    summaries = [row[2] for row in sheet["Năm học 2023-2024"].iter_rows(values_only=True) if isinstance(row[0], int)]
    assert sum("xây dựng 36 phiếu học tập" in s for s in summaries) == 1


def test_an_edit_the_sheets_do_not_show_writes_nothing(demo, tmp_path):
    project = tmp_path / "project"
    before, _ = _build(demo, project)
    _edit(demo, 'phone: "0916 208 551"', 'phone: "0916 208 552"')  # private: on no list
    _edit(demo, "criteria: [trach-nhiem-sang-tao, doan-ket]", "criteria: [trach-nhiem-sang-tao]")
    after, _ = _build(demo, project)
    assert [i.digest for i in after] == [i.digest for i in before] and all(i.unchanged for i in after)


def test_a_preview_keeps_its_last_workbooks_in_memory(demo, monkeypatch):
    # `mkdocs serve` keeps no build cache: its rebuilds write the workbooks in-process (RECENT).
    monkeypatch.setattr(workbooks, "RECENT", MemoryCache())
    before, written = _build(demo, None)
    assert not any(item.unchanged for item in before) and len(workbooks.RECENT.files) == len(written)
    with monkeypatch.context() as patch:
        patch.setattr(workbooks, "write_workbook", _no_writing)
        again, same = _build(demo, None)
    assert same == written and all(item.unchanged for item in again)
    _edit(demo, "xây dựng 35 phiếu học tập", "xây dựng 36 phiếu học tập")
    after, data = _build(demo, None)
    assert {i.path for i in after if not i.unchanged} == HER_WORKBOOKS
    assert set(workbooks.RECENT.files) == {i.digest for i in after}  # the old three are let go
    assert data == _fresh(demo, monkeypatch)


#: In a fresh process (a worker is forked only from a process with one thread): the worker
#: stores what it writes; the next build's worker finds it and sends no bytes, the main process
#: reads them from the cache: the same bytes as written in-process without a cache.
WORKER_CHECK = """
import sys
from datetime import date
from pathlib import Path
from generator.buildcache import BuildCache
from generator.pages.workbooks import Workbooks
from generator.pages.registration import lists, stamp
from generator.validate import load_catalog

catalog = load_catalog(sys.argv[1], today=date.fromisoformat(sys.argv[2]))
regs = lists(catalog)

def build(cache):
    books = Workbooks(catalog, parallel_from=0)
    items = [books.asset(f"{n}.xlsx", [n], [reg], stamp(reg)) for n, reg in enumerate(regs)]
    books.start(cache)
    data = [item.result() for item in items]
    sent = sum(f.result()[1] is not None for f in books.futures.values())
    books.commit()
    return data, sent, len(books.futures)

cache = BuildCache(Path(sys.argv[3]))
first, sent_first, jobs = build(cache)
second, sent_second, jobs_second = build(BuildCache(Path(sys.argv[3])))
here, _, _ = build(None)
print(jobs, sent_first, sent_second, jobs_second, first == second == here)
"""


def test_the_worker_stores_and_finds_workbooks(tmp_path):
    run = subprocess.run([sys.executable, "-c", WORKER_CHECK, str(ROOT / "content"), TODAY.isoformat(),
                          str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    jobs, sent_first, sent_second, jobs_second, same = run.stdout.split()
    if jobs == "0":
        pytest.skip("one core: no worker process")
    assert sent_first == jobs and sent_second == "0" and same == "True"
    assert jobs_second == "0"  # every workbook known by its inputs: read from the cache, no worker
