"""MkDocs lists the theme's files at the start of each build; `render.ThemeLoader` skips hidden
folders (Material's 14,300 icons) and MkDocs still finds the very same files."""

from __future__ import annotations

from jinja2 import FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from conftest import mkdocs_config

from generator.render import ThemeLoader, list_theme_quickly


def test_the_theme_files_mkdocs_adds_are_the_same(tmp_path, content):
    config = load_config(str(mkdocs_config(tmp_path, content, tmp_path / "site")))
    env = config.theme.get_env()
    assert type(env.loader) is FileSystemLoader
    plain = Files([])
    plain.add_files_from_theme(env, config)
    listed = env.list_templates()
    assert any(name.startswith(".icons/") for name in listed)  # the walk it spares

    list_theme_quickly(config.theme)
    quick_env = config.theme.get_env()
    assert isinstance(quick_env.loader, ThemeLoader)
    quick = Files([])
    quick.add_files_from_theme(quick_env, config)
    assert [(f.src_uri, f.abs_src_path) for f in quick] == [(f.src_uri, f.abs_src_path) for f in plain]
    assert len(list(plain)) > 20
    assert not any(name.startswith(".") for name in quick_env.list_templates())
    assert [n for n in listed if not n.startswith(".") and "/." not in n] == quick_env.list_templates()
    # Hidden templates still load: Material includes its icons from there.
    icon = next(name for name in listed if name.startswith(".icons/") and name.endswith(".svg"))
    assert quick_env.get_template(icon).render().startswith("<svg")

    list_theme_quickly(config.theme)  # once is enough: not wrapped twice
    assert isinstance(config.theme.get_env().loader, ThemeLoader)
