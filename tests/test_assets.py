"""Our stylesheets are published without comments (generator/assets.py)."""

from __future__ import annotations

from generator.assets import minify_css


def test_comments_and_whitespace_go_strings_stay():
    css = '/* why */\n.a  >  .b {\n  color: #b71c1c; /* 6.6:1 */\n}\nli::after { content: "; "; }\n'
    assert minify_css(css) == '.a > .b { color: #b71c1c; } li::after { content: "; "; }\n'


def test_published_stylesheets_have_no_comments(demo_site):
    css = (demo_site / "assets/stylesheets/portal.css").read_text(encoding="utf-8")
    assert "/*" not in css and "--md-typeset-a-color: #b71c1c" in css
