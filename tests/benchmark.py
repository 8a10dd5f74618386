"""Build benchmark (`make bench`, or `python tests/benchmark.py 1000 5000 10000`).

For each N: writes N synthetic records (tests/synthetic.py) into a temporary content folder,
builds them with our pipeline, and builds the same text as plain Markdown pages with a bare
mkdocs-material (short nav, its default search plugin). Each build runs in a fresh process so
peak memory is its own, alternating ours and bare `--repeat` times (default 3) and keeping the
fastest of each. Prints a table; asserts nothing (goals are read, not enforced).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["NO_MKDOCS_2_WARNING"] = "1"
import logging
logging.basicConfig(level=logging.ERROR)
start = time.perf_counter()
if {ours!r}:
    from generator.build import build_site
    build_site({config!r}, site_dir={site!r})
else:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config({config!r}, site_dir={site!r}))
wall = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({{"wall": wall, "peak_kb": peak}}))
"""


def _run_build(config: Path, site: Path, ours: bool) -> dict:
    code = _CHILD.format(root=str(ROOT), ours=ours, config=str(config), site=str(site))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    if out.returncode != 0:
        raise SystemExit(f"build failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _size(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def _bare_project(tmp: Path, content: Path) -> Path:
    """The same records as plain Markdown pages: title, facts, summary and story."""
    from generator.validate import load_catalog
    from datetime import date

    docs = tmp / "bare-docs"
    (docs / "dien-hinh").mkdir(parents=True)
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    catalog = load_catalog(content, today=date(2100, 1, 1))
    for e in catalog.exemplars:
        unit = catalog.units[e.unit].name
        (docs / "dien-hinh" / f"{e.id}.md").write_text(
            f"# {e.title}\n\n**{e.name}** – {e.position or ''} – {unit} – năm học {e.school_year}\n\n"
            f"{e.summary}\n\n{e.story}\n", encoding="utf-8")
    config = tmp / "bare.yml"
    config.write_text(f"site_name: Bare\ndocs_dir: {docs}\ntheme:\n  name: material\n  language: vi\n"
                      "nav:\n  - Trang chủ: index.md\nvalidation:\n  nav:\n    omitted_files: ignore\n",
                      encoding="utf-8")
    return config


def _median_story(site: Path) -> int:
    sizes = [p.stat().st_size for p in (site / "dien-hinh").glob("*/index.html")]
    return int(statistics.median(sizes)) if sizes else 0


def _best(runs: list[dict]) -> dict:
    """Fastest wall time of the runs (as timeit reports: the others only add outside noise), and
    the highest peak memory."""
    return {"wall": min(r["wall"] for r in runs), "peak_kb": max(r["peak_kb"] for r in runs)}


def bench(n: int, repeat: int = 1) -> dict:
    from conftest import mkdocs_config
    from synthetic import write_corpus

    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp_name:
        tmp = Path(tmp_name)
        content = tmp / "content"
        write_corpus(content, n)
        ours_site, bare_site = tmp / "site-ours", tmp / "site-bare"
        our_config = mkdocs_config(tmp, content, ours_site, today=None)  # the clock, as `make site`
        bare_config = _bare_project(tmp, content)
        runs: dict[str, list[dict]] = {"ours": [], "bare": []}
        for _ in range(repeat):  # alternate, so both see the same spells of a noisy machine
            for site in (ours_site, bare_site):  # each build starts with no output (untimed)
                shutil.rmtree(site, ignore_errors=True)
            runs["ours"].append(_run_build(our_config, ours_site, ours=True))
            runs["bare"].append(_run_build(bare_config, bare_site, ours=False))
        ours, bare = (_best(runs[name]) for name in ("ours", "bare"))
        pages = sum(1 for _ in ours_site.rglob("index.html"))
        bare_pages = sum(1 for _ in bare_site.rglob("index.html"))
        search_ours = _size(ours_site / "pagefind") if (ours_site / "pagefind").exists() else 0
        search_bare = _size(bare_site / "search")
        return {
            "n": n,
            "ours": {**ours, "pages": pages, "size": _size(ours_site), "search": search_ours,
                     "story": _median_story(ours_site)},
            "bare": {**bare, "pages": bare_pages, "size": _size(bare_site), "search": search_bare,
                     "story": _median_story(bare_site)},
        }


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", "3")),
                        help="builds of each kind per N; the fastest counts (default 3, env REPEAT)")
    args = parser.parse_args(argv)
    sizes = args.sizes
    rows = []
    print(f"machine: {os.cpu_count()} cores ({platform.machine()}), {platform.system()}, "
          f"Python {sys.version.split()[0]}; best of {args.repeat} builds each")
    header = ("N", "build", "wall s", "pages", "pages/s", "peak MB", "output", "search index", "median story")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for n in sizes:
        r = bench(n, args.repeat)
        rows.append(r)
        for name in ("ours", "bare"):
            m = r[name]
            print(f"| {n} | {name} | {m['wall']:.1f} | {m['pages']} | {m['pages'] / m['wall']:.0f} | "
                  f"{m['peak_kb'] / 1024:.0f} | {_mb(m['size'])} | {_mb(m['search'])} | {m['story'] / 1000:.1f} KB |",
                  flush=True)
        print(f"| {n} | ours/bare | {r['ours']['wall'] / r['bare']['wall']:.2f}× | | | | | | |", flush=True)
    by_n = {r["n"]: r for r in rows}
    if 5000 in by_n and 10000 in by_n:
        print(f"\nlinearity: wall(10000)/wall(5000) = "
              f"{by_n[10000]['ours']['wall'] / by_n[5000]['ours']['wall']:.2f} (goal ≤ 2.2)")
    if 10000 in by_n:
        r = by_n[10000]
        print(f"ours/bare at 10000: {r['ours']['wall'] / r['bare']['wall']:.2f} (goal ≤ 1.3); "
              f"peak memory {r['ours']['peak_kb'] / 1024:.0f} MB (goal ≤ 1024)")


if __name__ == "__main__":
    main(sys.argv[1:])
