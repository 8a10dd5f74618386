"""Smoke build with ProperDocs (`make smoke-properdocs`): the maintained fork of MkDocs 1.x.

Builds the demo site twice, strictly, with `properdocs build` and with `mkdocs build`, and compares
every output file. The only difference allowed is Material's `<meta name="generator">` line, which
names the engine. Exits non-zero (and says which files differ) otherwise, so moving to ProperDocs
stays one line (`properdocs` for `mkdocs` in the Makefile) as long as this passes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(command: str, site: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000"),
           "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    out = subprocess.run([command, "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{command} build failed:\n{(out.stdout + out.stderr)[-4000:]}")


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): _GENERATOR.sub(b"", p.read_bytes()) for p in site.rglob("*") if p.is_file()}


def main(argv: list[str]) -> None:
    properdocs, mkdocs = argv
    with tempfile.TemporaryDirectory(prefix="smoke-properdocs-") as tmp:
        ours, theirs = Path(tmp) / "properdocs", Path(tmp) / "mkdocs"
        _build(properdocs, ours)
        _build(mkdocs, theirs)
        a, b = _files(ours), _files(theirs)
        differ = sorted(set(a) ^ set(b)) + sorted(p for p in set(a) & set(b) if a[p] != b[p])
        if differ:
            raise SystemExit(f"ProperDocs and MkDocs builds differ in {len(differ)} files: {differ[:10]}")
        sys.stdout.write(f"properdocs: {len(a)} files, identical to the MkDocs build but for the generator tag\n")


if __name__ == "__main__":
    main(sys.argv[1:])
