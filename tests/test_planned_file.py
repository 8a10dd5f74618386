"""PlannedFile.planned computes a generated page's paths with string work: the same as MkDocs'."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File

from conftest import ROOT
from generator.planning import PlannedFile

URIS = ["index.md", "dien-hinh/nguyen-thi-hoa.md", "danh-muc/loai/tap-the/index.md",
        "danh-muc/tat-ca/trang/2/index.md", "dang-ky/2017-2018/so/index.md", "tin-tuc/2024/11/index.md",
        "don-vi/th-le-loi.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_planned_files_have_the_paths_mkdocs_gives(directory_urls):
    config = load_config(str(ROOT / "mkdocs.yml"), use_directory_urls=directory_urls)
    config.plugins._current_plugin = "exemplars"  # as while MkDocs runs on_files
    for uri in URIS:
        mkdocs, ours = File.generated(config, uri, content="x"), PlannedFile.planned(config, uri, "x")
        for attr in ("src_uri", "src_path", "dest_uri", "dest_path", "url", "name", "abs_dest_path",
                     "abs_src_path", "inclusion", "content_string"):
            assert getattr(ours, attr) == getattr(mkdocs, attr), (uri, attr)
        assert ours.is_documentation_page() and mkdocs.is_documentation_page()


@pytest.mark.parametrize("epoch", [None, "1700000000"])
@pytest.mark.parametrize("edit_uri", [None, "edit/main/docs/"])
def test_planned_pages_have_the_attributes_mkdocs_gives(monkeypatch, epoch, edit_uri):
    from mkdocs.structure.pages import Page

    from generator.planning import PlannedPage

    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    config = load_config(str(ROOT / "mkdocs.yml"))
    if edit_uri:
        config["repo_url"], config["edit_uri"] = "https://example.org/repo/", edit_uri
    config.plugins._current_plugin = "exemplars"
    for uri in URIS:
        for title in (None, "Tiêu đề"):
            mkdocs_file, our_file = PlannedFile.planned(config, uri, "x"), PlannedFile.planned(config, uri, "x")
            mkdocs, ours = Page(title, mkdocs_file, config), PlannedPage(title, our_file, config)
            assert our_file.page is ours and vars(ours).keys() == vars(mkdocs).keys()
            for name, value in vars(mkdocs).items():
                if name != "file":
                    assert getattr(ours, name) == value, (uri, name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # another build date: not the one kept
    page = PlannedPage(None, PlannedFile.planned(config, URIS[0], "x"), config)
    assert page.update_date == Page(None, PlannedFile.planned(config, URIS[0], "x"), config).update_date == "2027-01-15"
