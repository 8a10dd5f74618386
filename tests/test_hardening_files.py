"""Hostile files and names inside content/ (issue 13, points 4 and 9): what is not a regular file
inside the folder is refused without being read, and names that would break URLs or take a
generated page's place are refused with their line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY
from generator.loader import ContentError
from generator.validate import load_catalog


def _check(tmp_path: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`exemplars check` in its own process, killed after 60 s (a FIFO used to hang it forever)."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from generator.cli import main; "
            f"sys.exit(main(['check', '--content', 'content', *{list(extra)!r}]))")
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, check=False, env={**os.environ, **(env or {})})


def _lines(result: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result.stdout.splitlines()


def test_symlink_to_a_file_outside_content_is_not_read(content, tmp_path):
    secret = tmp_path / "secret.yml"
    secret.write_text("kind: staff\nname: SECRET-OUTSIDE-TEXT\n")
    (content / "exemplars" / "link.yml").symlink_to(secret)
    result = _check(tmp_path, "--today", str(TODAY))
    assert result.returncode == 1
    assert "SECRET-OUTSIDE-TEXT" not in result.stdout + result.stderr
    assert "content/exemplars/link.yml:1: link.yml is a symbolic link; content/ holds only real files: " \
           "copy the file in, or remove it" in _lines(result)


def test_symlink_to_dev_zero_and_a_fifo_are_refused_unopened(content, tmp_path):
    (content / "exemplars" / "zero.yml").symlink_to("/dev/zero")
    os.mkfifo(content / "exemplars" / "pipe.yml")
    result = _check(tmp_path, "--today", str(TODAY))  # used to hang on the FIFO or read forever
    lines = _lines(result)
    assert "content/exemplars/zero.yml:1: zero.yml is a symbolic link; content/ holds only real files: " \
           "copy the file in, or remove it" in lines
    assert "content/exemplars/pipe.yml:1: pipe.yml is not a regular file (pipe, socket, device); content/ " \
           "holds only real files: copy the file in, or remove it" in lines


def test_symlinked_folder_is_not_walked(content, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yml").write_text("kind: staff\nname: SECRET-IN-LINKED-FOLDER\n")
    (content / "exemplars" / "linked").symlink_to(outside, target_is_directory=True)
    result = _check(tmp_path, "--today", str(TODAY))
    assert "SECRET-IN-LINKED-FOLDER" not in result.stdout
    assert "content/exemplars/linked:1: linked is a symbolic link; content/ holds only real files: copy " \
           "the file in, or remove it" in _lines(result)


def test_units_file_that_is_a_symlink_is_refused(content, tmp_path):
    real = tmp_path / "units-elsewhere.yml"
    (content / "units.yml").rename(real)
    (content / "units.yml").symlink_to(real)
    lines = _lines(_check(tmp_path, "--today", str(TODAY)))
    assert any(l.startswith("content/units.yml:1: the file is a symbolic link") for l in lines), lines


def test_photo_that_is_a_symlink_is_never_copied(content):
    os.symlink("/etc/hostname", content / "media" / "leak.png")
    path = content / "exemplars" / "nguyen-thi-hoa.yml"
    path.write_text(path.read_text().replace("file: anh.png", "file: leak.png"))
    with pytest.raises(ContentError) as info:
        load_catalog(content, today=TODAY, shown_from=content.parent)
    assert any(str(p).startswith("content/exemplars/nguyen-thi-hoa.yml:18: file: 'leak.png'")
               for p in info.value.problems), info.value.problems


@pytest.mark.parametrize("name", ["anh dep.png", "anh#1.png", "anh?.png", "anh%20.png", "thu-muc/"])
def test_photo_names_that_break_urls_are_refused(content, name):
    if not name.endswith("/"):
        (content / "media" / name).write_bytes((content / "media" / "anh.png").read_bytes())
    path = content / "exemplars" / "nguyen-thi-hoa.yml"
    path.write_text(path.read_text().replace("file: anh.png", f"file: '{name}'"))
    with pytest.raises(ContentError) as info:
        load_catalog(content, today=TODAY, shown_from=content.parent)
    assert f"content/exemplars/nguyen-thi-hoa.yml:18: file: {name!r}: a photo's name may hold letters, " \
           "digits, '-', '_', '.' and '/' between folders only (no space, #, ? or % and no trailing /); " \
           "rename the file" in [str(p) for p in info.value.problems]


def test_ids_that_take_a_generated_page_are_refused(content):
    units = content / "units.yml"
    units.write_text(units.read_text().replace("id: th-kim-dong\n", "id: index\n", 1))
    (content / "exemplars" / "index.yml").write_text((content / "exemplars" / "nguyen-thi-hoa.yml").read_text())
    with pytest.raises(ContentError) as info:
        load_catalog(content, today=TODAY, shown_from=content.parent)
    found = [str(p) for p in info.value.problems]
    assert any("units.yml" in p and "id: 'index' is the name of a generated page (the list of units)" in p
               for p in found), found
    assert "content/exemplars/index.yml:1: file name 'index.yml': 'index' is the name of a generated page; " \
           "rename the file" in found


def test_malformed_today_is_a_message_not_a_traceback(content, tmp_path):
    result = _check(tmp_path, "--today", "25/11/2026")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "today: '25/11/2026' is not a YYYY-MM-DD date" in result.stderr
    result = _check(tmp_path, env={"EXEMPLARS_TODAY": "hôm nay"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "today: 'hôm nay' is not a YYYY-MM-DD date" in result.stderr


def test_units_file_that_is_a_fifo_does_not_hang(content, tmp_path):
    (content / "plan.yml").unlink()
    os.mkfifo(content / "plan.yml")
    lines = _lines(_check(tmp_path, "--today", str(TODAY)))
    assert "content/plan.yml:1: the file is not a regular file (pipe, socket, device); content/ holds " \
           "only real files: copy the file in, or remove it" in lines
