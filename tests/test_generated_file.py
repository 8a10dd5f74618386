"""Generated files let go of their bytes once written (generator/generated_file.py)."""

from __future__ import annotations

from mkdocs.config import load_config

from conftest import FIXTURE, ROOT, TODAY, mkdocs_config
from generator.generated_file import GeneratedAsset


def _config(tmp_path):
    config = load_config(str(mkdocs_config(tmp_path, FIXTURE, tmp_path / "site")))
    config.plugins._current_plugin = "exemplars"  # as while a plugin event runs
    return config


def test_bytes_are_released_once_written_and_read_back_from_the_output(tmp_path):
    config = _config(tmp_path)
    file = GeneratedAsset.generated(config, "api/du-lieu.json", content=b'{"a": 1}')
    assert file.content_bytes == b'{"a": 1}'
    file.copy_file()
    assert (tmp_path / "site" / "api" / "du-lieu.json").read_bytes() == b'{"a": 1}'
    assert file._content is None  # no longer held in memory
    assert file.content_bytes == b'{"a": 1}'  # whoever asks later reads what was written


def test_a_file_a_dirty_build_skips_keeps_its_bytes(tmp_path):
    config = _config(tmp_path)
    file = GeneratedAsset.generated(config, "api/du-lieu.json", content=b"x")
    file.is_modified = lambda: False  # as delta.keep_unchanged_static marks an unchanged one
    file.copy_file(dirty=True)
    assert not (tmp_path / "site" / "api" / "du-lieu.json").exists()
    assert file.content_bytes == b"x"


def test_spilled_bytes_are_those_held_in_memory_and_copied_file_to_file(tmp_path):
    import hashlib
    import pickle

    from generator.spill import Arena

    arena = Arena()
    first = arena.put(b"before")  # a second stream starts where the first ended
    stream = arena.stream()
    for part in (b'{"exemplars": [', "Trường Tiểu học Hòa Bình".encode(), b"]}"):
        stream.write(part)
    spilled = stream.close()
    expected = '{"exemplars": [Trường Tiểu học Hòa Bình]}'.encode()
    assert first.read() == b"before" and spilled.read() == expected
    assert spilled.digest == hashlib.sha1(expected).hexdigest()
    assert pickle.loads(pickle.dumps(spilled)) == expected  # a forked planner sends its bytes
    config = _config(tmp_path)
    file = GeneratedAsset.of(config, type("Asset", (), {"path": "api/exemplars.json", "content": spilled})())
    assert file.content_bytes == expected
    file.copy_file()
    assert (tmp_path / "site" / "api" / "exemplars.json").read_bytes() == expected
    assert file.spilled is None and file.content_bytes == expected  # read back from the output


def test_open_data_spilled_is_byte_for_byte_the_file_in_memory():
    from generator.pages import opendata
    from generator.pages.options import SiteOptions
    from generator.spill import Arena
    from generator.validate import load_catalog

    catalog = load_catalog(ROOT / "content", today=TODAY)  # the demo: photos, awards, events
    site = SiteOptions(url="https://example.edu.vn/thi-dua/")
    in_memory = opendata.exemplars_file(catalog, site)
    assert catalog.exemplars and in_memory.count(b'"id": ') >= len(catalog.exemplars)
    assert opendata.exemplars_file(catalog, site, arena=Arena()).read() == in_memory
    empty = load_catalog(FIXTURE, today=TODAY)
    empty.exemplars = []
    assert opendata.exemplars_file(empty, site, arena=Arena()).read() == opendata.exemplars_file(empty, site)


def test_spilled_bytes_are_copied_where_the_kernel_cannot_send_them(tmp_path, monkeypatch):
    import os

    from generator.spill import Arena

    arena = Arena()
    arena.put(b"x" * 100)
    data = "Trường THCS Nguyễn Du, ".encode() * 5000  # past one read of shutil.copyfileobj
    spilled = arena.put(data)

    def refused(*_):
        raise OSError("sendfile not supported here")

    monkeypatch.setattr(os, "sendfile", refused)
    spilled.write_to(tmp_path / "out.json")
    assert (tmp_path / "out.json").read_bytes() == data
