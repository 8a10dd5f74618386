"""The record cache (generator/recordcache.py): a load through it gives exactly what a fresh load
gives (catalog, problems with their lines, warnings, withheld records, log lines), edit after
edit, and a cache that must miss does miss."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, TODAY
from synthetic import write_corpus

from generator import recordcache
from generator.loader import ContentError
from generator.recordcache import RecordCache
from generator.validate import load_catalog


class _Notes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.lines.append(record.getMessage())


def _outcome(content: Path, today: date = TODAY, shown_from: Path | None = None, **cache) -> tuple:
    """Everything a load shows: catalog (with photo_files in order), problems, warnings, withheld
    records, INFO lines."""
    notes = _Notes()
    logger = logging.getLogger("mkdocs.plugins.exemplars")
    logger.addHandler(notes)
    withheld: list = []
    try:
        catalog = load_catalog(content, today, shown_from=shown_from or content.parent, withheld=withheld, **cache)
        return (catalog, list(catalog.photo_files.items()), None, catalog.warnings, withheld,
                [line for line in notes.lines if "record cache" not in line])
    except ContentError as exc:
        return None, None, [str(p) for p in exc.problems], None, withheld, notes.lines
    finally:
        logger.removeHandler(notes)


class Loads:
    """One content folder loaded three ways per step: fresh, through the cache file, through the
    preview's in-memory cache; the two cached loads must equal the fresh one."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self.folder = recordcache.cache_folder(content.parent)
        self.memory: dict = {}

    def step(self, today: date = TODAY) -> tuple[int, int, tuple]:
        """(hits of the file cache, hits of the memory cache, the outcome)."""
        fresh = _outcome(self.content, today)
        probe: dict = {}  # the file cache, read for this load only: its hits can be counted
        from_file = _outcome(self.content, today, cache=probe, cache_dir=self.folder)
        from_memory = _outcome(self.content, today, cache=self.memory)
        assert from_file == fresh
        assert from_memory == fresh
        return probe["records"].hits, self.memory["records"].hits, fresh


def _records(content: Path) -> list[Path]:
    return sorted((content / "exemplars").rglob("*.yml"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


@pytest.mark.parametrize("old_files", [False, True])
def test_demo_content_loads_the_same_through_the_cache(demo, monkeypatch, old_files):
    if old_files:
        monkeypatch.setattr(recordcache, "RACY_NS", -10**12)  # as if every file were old enough
    loads = Loads(demo)
    files = _records(demo)
    with_photos = [p for p in files if "\nphotos:" in p.read_text(encoding="utf-8")]
    assert loads.step()[:2] == (0, 0)  # first load: nothing cached yet
    file_hits, memory_hits, outcome = loads.step()
    # A photo copied moments ago may change again within the clock's tick: its record is
    # checked again until the photo is older.
    expected = len(files) if old_files else len(files) - len(with_photos)
    assert with_photos and (file_hits, memory_hits) == (expected, expected)
    catalog, _, problems, _, withheld, notes = outcome
    assert problems is None and catalog.exemplars
    assert withheld and catalog.photo_files  # drafts and photos take the cached path too
    assert any("scheduled for" in line for line in notes)  # log lines replayed from the cache


def test_edits_added_deleted_and_invalid_records(tmp_path):
    content = write_corpus(tmp_path / "content", 30)
    loads = Loads(content)
    files = _records(content)
    loads.step()
    # A changed record: it alone is read again.
    _edit(files[3], "summary: ", "summary: Đã sửa. ")
    file_hits, memory_hits, outcome = loads.step()
    assert (file_hits, memory_hits) == (29, 29)
    assert outcome[0].by_id[files[3].stem].summary.startswith("Đã sửa. ")
    # An added record (a copy under a new id).
    shutil.copy(files[5], files[5].with_name("ban-sao-moi.yml"))
    file_hits, memory_hits, outcome = loads.step()
    assert (file_hits, memory_hits) == (30, 30) and "ban-sao-moi" in outcome[0].by_id
    # A deleted record: gone from the catalog and from the cache file.
    files[7].unlink()
    file_hits, memory_hits, outcome = loads.step()
    assert (file_hits, memory_hits) == (30, 30) and files[7].stem not in outcome[0].by_id
    kept = RecordCache.read(loads.folder, loads.memory["records"].context).entries
    assert str(files[7]) not in kept and len(kept) == 30
    # A record made invalid: its problem, at its line, on the load that reads it and on the
    # next one, which takes it from the cache.
    text = files[9].read_text(encoding="utf-8")
    line = text[: text.index("school_year:")].count("\n") + 1
    year = text.split("school_year: ")[1].split("\n")[0]
    _edit(files[9], f"school_year: {year}", f"school_year: 19{year[2:]}")
    shown = files[9].relative_to(tmp_path)
    for expected_hits in (29, 30):
        file_hits, memory_hits, outcome = loads.step()
        assert (file_hits, memory_hits) == (expected_hits, expected_hits)
        assert [p for p in outcome[2] if p.startswith(f"{shown}:")] == [
            f"{shown}:{line}: school_year: '19{year[2:]}' is not a school year; write it as 2018-2019"]
    # A student's consent withdrawn: out of the catalog, with its log line, cached or not.
    student = next(p for p in files if "kind: student" in p.read_text(encoding="utf-8"))
    _edit(student, "child: true}", "child: true, withdrawn: 2020-01-01}")
    for expected_hits in (29, 30):
        file_hits, memory_hits, outcome = loads.step()
        assert (file_hits, memory_hits) == (expected_hits, expected_hits)
        assert [line for line in outcome[5] if "consent withdrawn" in line] == [
            f"{student.relative_to(tmp_path)}: consent withdrawn on 01/01/2020, left out of the site"]
    _edit(files[9], f"school_year: 19{year[2:]}", f"school_year: {year}")
    # A duplicate id in another folder is found across files, cached or not.
    other = next(p for p in (content / "exemplars").iterdir() if p != files[0].parent)
    shutil.copy(files[0], other / files[0].name)
    file_hits, memory_hits, outcome = loads.step()
    assert any(f"duplicate id {files[0].stem!r}" in p for p in outcome[2])
    assert loads.step()[:2] == (31, 31)


def test_a_yaml_error_is_cached_with_its_line(tmp_path):
    content = write_corpus(tmp_path / "content", 5)
    loads = Loads(content)
    path = _records(content)[2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind:", "kind: [", 1), encoding="utf-8")
    first = loads.step()[2][2]
    hits = loads.step()
    assert hits[:2] == (5, 5) and hits[2][2] == first
    shown = path.relative_to(tmp_path)
    mine = [p for p in first if p.startswith(f"{shown}:")]
    assert len(mine) == 1 and "YAML syntax error" in mine[0]


def test_units_and_today_are_part_of_every_entry(tmp_path):
    content = write_corpus(tmp_path / "content", 12)
    loads = Loads(content)
    loads.step()
    assert loads.step()[:2] == (12, 12)
    units = content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: ", "name: Trường ", 1), encoding="utf-8")
    assert loads.step()[:2] == (0, 0)  # a renamed unit: every record is checked again
    assert loads.step()[:2] == (12, 12)
    assert loads.step(TODAY + timedelta(days=1))[:2] == (0, 0)  # another day: consents, schedules
    assert loads.step(TODAY + timedelta(days=1))[:2] == (12, 12)


def test_the_build_date_decides_scheduled_records_and_consents(demo):
    """A day on which a scheduled record comes out, and one before a consent was signed: the
    cached loads follow, because `today` keys every entry."""
    loads = Loads(demo)
    for day in (date(2018, 1, 1), date(2022, 6, 1), TODAY, date(2018, 1, 1)):
        loads.step(day)


def test_photos_are_looked_up_on_every_load(demo):
    loads = Loads(demo)
    loads.step()
    photo = demo / "media" / "thcs-huu-nghi-phong-stem.png"
    kept = photo.read_bytes()
    photo.unlink()
    problems = loads.step()[2][2]
    assert any("thcs-huu-nghi-phong-stem.png' not found" in p for p in problems)
    photo.write_bytes(b"GIF89a" + kept[6:])  # same size, not a PNG any more
    problems = loads.step()[2][2]
    assert any("'thcs-huu-nghi-phong-stem.png' is not a .png image" in p for p in problems)
    photo.write_bytes(kept)
    assert loads.step()[2][2] is None
    os.replace(photo, demo / "media" / "elsewhere.png")
    photo.symlink_to(demo / "media" / "elsewhere.png")  # never trusted from the cache
    problems = loads.step()[2][2]
    assert any("is a symbolic link" in p for p in problems)
    assert loads.step()[2][2] == problems


@pytest.mark.parametrize("trusted", [False, True])
def test_a_same_size_edit_with_the_old_time_is_caught(tmp_path, monkeypatch, trusted):
    """Stat is only a shortcut: an edit that keeps the size and the modification time still
    misses, by its bytes (a file changed moments ago) or by its change time (an older one)."""
    if trusted:
        monkeypatch.setattr(recordcache, "RACY_NS", -10**12)  # as if every file were old enough
    content = write_corpus(tmp_path / "content", 4)
    loads = Loads(content)
    loads.step()
    path = _records(content)[1]
    st = path.stat()
    _edit(path, "summary: ", "summary; ")  # same size, and an error
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    hits = loads.step()
    assert hits[:2] == (3, 3) and hits[2][2]


def test_unchanged_files_are_not_read_when_their_stat_can_be_trusted(tmp_path, monkeypatch):
    content = write_corpus(tmp_path / "content", 6)
    monkeypatch.setattr(recordcache, "RACY_NS", -10**12)  # as if every file were old enough
    loads = Loads(content)
    loads.step()  # keeps each file's stat
    reads: list[str] = []
    real = recordcache.read
    monkeypatch.setattr(recordcache, "read", lambda path, shown: reads.append(shown) or real(path, shown))
    path = _records(content)[4]
    _edit(path, "summary: ", "summary: Mới. ")
    assert loads.step()[:2] == (5, 5)
    assert reads == [str(path.relative_to(tmp_path))] * 2  # the edited file, once per cached load


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other format", "other context", "folders"])
def test_a_damaged_or_foreign_cache_is_ignored(tmp_path, damage):
    content = write_corpus(tmp_path / "content", 8)
    loads = Loads(content)
    loads.step()
    shards = sorted(loads.folder.glob("*.pickle"))
    assert 1 < len(shards) <= 8
    context = loads.memory["records"].context
    for shard in shards:
        data = shard.read_bytes()
        header = pickle.dumps((recordcache.FORMAT, context), protocol=5)
        assert data.startswith(header)
        if damage == "garbage":
            shard.write_bytes(b"not a pickle at all")
        elif damage == "truncated":
            shard.write_bytes(data[: len(data) // 2])
        elif damage == "other format":
            shard.write_bytes(pickle.dumps(("records-0", context)) + data[len(header):])
        elif damage == "other context":
            shard.write_bytes(pickle.dumps((recordcache.FORMAT, "0" * 64)) + data[len(header):])
        else:
            shard.unlink()
            shard.mkdir()
    fresh = _outcome(content)
    probe: dict = {}
    assert _outcome(content, cache=probe, cache_dir=loads.folder) == fresh
    assert probe["records"].hits == 0
    probe = {}
    assert _outcome(content, cache=probe, cache_dir=loads.folder) == fresh
    assert probe["records"].hits == (0 if damage == "folders" else 8)  # written again


def test_the_path_shown_to_editors_is_part_of_every_entry(tmp_path):
    """`exemplars check` shows paths from where it runs: a record's `source` and its problems."""
    content = write_corpus(tmp_path / "content", 3)
    _edit(_records(content)[0], "summary: ", "summary: [")
    memory: dict = {}
    for base, hits in ((tmp_path, 0), (tmp_path, 3), (content, 0), (content, 3), (tmp_path, 0)):
        fresh = _outcome(content, shown_from=base)
        assert _outcome(content, shown_from=base, cache=memory) == fresh
        assert memory["records"].hits == hits
        assert fresh[2][0].startswith(str(_records(content)[0].relative_to(base)) + ":")


def test_exemplars_check_uses_the_cache_of_a_project_that_keeps_one(tmp_path, monkeypatch, capsys):
    from generator import cli

    content = write_corpus(tmp_path / "content", 6)
    _edit(_records(content)[2], "summary: ", "summary: [")
    monkeypatch.chdir(tmp_path)
    folder = recordcache.cache_folder(tmp_path)
    outputs = []
    for _ in range(3):
        assert cli.main(["check", "--content", "content", "--today", TODAY.isoformat()]) == 1
        outputs.append(capsys.readouterr().out)
        if not folder.parent.is_dir():
            assert not folder.exists()  # no cache folder: a project that does not keep one
            folder.parent.mkdir(parents=True)
    assert outputs[0] == outputs[1] == outputs[2] and "YAML syntax error" in outputs[0]
    contexts = _contexts(folder)
    assert len(contexts) == 1
    kept = RecordCache.read(folder, contexts.pop())
    assert sorted(kept.entries) == [str(p) for p in _records(content)]


def _contexts(folder: Path) -> set[str]:
    found = set()
    for shard in folder.glob("*.pickle"):
        with shard.open("rb") as fh:
            found.add(pickle.load(fh)[1])
    return found
