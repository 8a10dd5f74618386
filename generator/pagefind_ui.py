"""Pagefind's Component UI (giao diện tìm kiếm): the search dialog's script and stylesheet, taken
from the pinned `pagefind[bin]` (search.py serves our index behind it)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

UI_FILES = ("pagefind-component-ui.js", "pagefind-component-ui.css")


class SearchIndexError(Exception):
    """The UI files could not be taken from Pagefind; the build stops instead of half a search."""


def ui_files() -> dict[str, bytes]:
    """Pagefind's Component UI, written by the pinned binary (never found on PATH, no network)."""
    try:
        import pagefind_bin

        binary = str(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError(f"search: the Python package 'pagefind[bin]' is missing or broken ({exc}); "
                               "run `.venv/bin/pip install -e .`") from None
    with tempfile.TemporaryDirectory(prefix="exemplars-pagefind-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        (site / "index.html").write_text('<html lang="vi"><body><p>x</p></body></html>', encoding="utf-8")
        try:
            out = subprocess.run([binary, "--site", str(site), "--output-path", str(Path(tmp) / "out"),
                                  "--silent"], capture_output=True, text=True, timeout=120,
                                 stdin=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"search: pagefind could not run: {exc}") from None
        if out.returncode != 0:
            raise SearchIndexError(f"search: pagefind failed: {(out.stdout + out.stderr)[-2000:]}")
        return {name: (Path(tmp) / "out" / name).read_bytes() for name in UI_FILES}
