"""Generated files let go of their bytes once written (generator/generated_file.py)."""

from __future__ import annotations

from mkdocs.config import load_config

from conftest import FIXTURE, mkdocs_config
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
