"""The site's own stylesheets, published without comments and runs of whitespace.

Our CSS explains itself in comments (why a colour, why a rule); readers' phones need none of it:
about 1.5 KB of the ≈ 80 KB a page view costs (README, "Page weight"). Only files named in
`extra_css` are touched, after MkDocs has copied them.
"""

from __future__ import annotations

import re
from pathlib import Path

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s+")


def minify_css(text: str) -> str:
    """Comments out, runs of whitespace made one space; nothing else changes (no string in our
    CSS holds `/*` or two spaces; `content: "; "` keeps its space)."""
    return _SPACE.sub(" ", _COMMENT.sub("", text)).strip() + "\n"


def minify_stylesheets(site_dir: Path, extra_css: list[str]) -> None:
    for name in extra_css:
        path = site_dir / name
        if name.endswith(".css") and path.is_file():
            path.write_text(minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")
