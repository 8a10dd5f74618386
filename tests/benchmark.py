"""Build benchmark (`make bench`, or `python tests/benchmark.py 1000 5000 10000`).

For each N: writes N synthetic records (tests/synthetic.py) into a temporary content folder and
builds, side by side: the same text as plain Markdown pages with a bare mkdocs-material (short
nav, its default search plugin); ours in one process (`workers: 1`, no build cache); ours on every
core (forked workers, no build cache); ours after one record was edited, with the build cache
of the previous build (`.cache/exemplars/`), twice: "1 edit (CI)" into an empty output folder (a
fresh checkout with the cache restored), "1 edit" with the previous build's site/ kept (the delta
build of generator/delta.py, as on an editor's machine or a CI that keeps site/ in its cache).
Each build runs in a fresh process, from an empty output folder but for "1 edit", so peak memory
is its own; the kinds alternate `--repeat` times (default 3) and
the table shows the fastest and the slowest run of each, and the CPU seconds of all its
processes (the part of a build a busy machine cannot take away). Prints a table; asserts nothing (goals
are read, not enforced).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
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
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({{"wall": wall, "cpu": cpu, "peak_kb": max(me.ru_maxrss, kids.ru_maxrss)}}))
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


def _spread(runs: list[dict]) -> dict:
    """Fastest wall time of the runs (as timeit reports: the others only add outside noise), the
    slowest (the spread on a shared machine), and the highest peak memory."""
    return {"wall": min(r["wall"] for r in runs), "slowest": max(r["wall"] for r in runs),
            "cpu": min(r["cpu"] for r in runs), "peak_kb": max(r["peak_kb"] for r in runs)}


#: Our builds: plugin options, and whether the build cache is warm (one record edited before each run).
VARIANTS = {
    "ours serial": ("workers: 1", "build_cache: false"),
    "ours parallel": ("build_cache: false",),
    "ours 1 edit (CI)": (),
    "ours 1 edit": (),
}
#: After one edit, with the build cache: "CI" has no site/ (a fresh checkout with the cache
#: restored: cached pages are written into a new folder); the other keeps site/ from the build
#: before (delta build: only what changed is written, generator/delta.py).
INCREMENTAL = ("ours 1 edit (CI)", "ours 1 edit")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name)


def _variant(config: Path, name: str, options: tuple[str, ...]) -> Path:
    """Each kind in its own folder: its own `.cache/exemplars/` beside its mkdocs.yml."""
    text = config.read_text(encoding="utf-8")
    extra = "".join(f"      {o}\n" for o in options)
    target = config.parent / _slug(name) / "mkdocs.yml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text.replace("      content_dir:", extra + "      content_dir:"), encoding="utf-8")
    return target


def _edit_one(content: Path, run: int) -> None:
    """Change one published record's summary (a different text each run)."""
    records = sorted((content / "exemplars").rglob("*.yml"))
    record = records[len(records) // 2]
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"summary: (Sửa \d+\. )?", f"summary: Sửa {run}. ", text, count=1)
    record.write_text(text, encoding="utf-8")


def bench(n: int, repeat: int = 1, kinds: tuple[str, ...] = ("bare", *VARIANTS)) -> dict:
    from conftest import mkdocs_config
    from synthetic import write_corpus

    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp_name:
        tmp = Path(tmp_name)
        content = tmp / "content"
        write_corpus(content, n)
        base = mkdocs_config(tmp, content, tmp / "site", today=None)  # the clock, as `make site`
        configs = {name: _variant(base, name, options) for name, options in VARIANTS.items()}
        sites = {name: tmp / f"site-{_slug(name)}" for name in [*VARIANTS, "bare"]}
        configs["bare"] = _bare_project(tmp, content)
        sites = {name: site for name, site in sites.items() if name in kinds}
        for name in INCREMENTAL:
            if name in kinds:
                _run_build(configs[name], sites[name], ours=True)  # warms the cache (untimed)
        runs: dict[str, list[dict]] = {name: [] for name in sites}
        for run in range(repeat):  # alternate, so every kind sees the same spells of a noisy machine
            for name in [k for k in ("bare", "ours serial", "ours parallel", *INCREMENTAL) if k in kinds]:
                if name != "ours 1 edit":  # each build starts with no output (untimed)
                    shutil.rmtree(sites[name], ignore_errors=True)
                if name == next((k for k in INCREMENTAL if k in kinds), None):
                    _edit_one(content, run)  # one edit, then both incremental kinds build it
                runs[name].append(_run_build(configs[name], sites[name], ours=name != "bare"))
        result = {"n": n}
        for name, site in sites.items():
            search_dir = site / ("search" if name == "bare" else "pagefind")
            result[name] = {**_spread(runs[name]), "pages": sum(1 for _ in site.rglob("index.html")),
                            "size": _size(site), "search": _size(search_dir) if search_dir.exists() else 0,
                            "story": _median_story(site)}
        return result


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", "3")),
                        help="builds of each kind per N; the fastest counts (default 3, env REPEAT)")
    parser.add_argument("--kinds", default=",".join(("bare", *VARIANTS)),
                        help="comma-separated kinds of build to run (default: all; env KINDS)")
    args = parser.parse_args(argv)
    kinds = tuple(k.strip() for k in (os.environ.get("KINDS") or args.kinds).split(","))
    # Bytecode of our package, as an installed one has (pip compiles it; an editable install
    # writes it on first use unless PYTHONDONTWRITEBYTECODE is set): the builds time the build,
    # not compiling 70 modules (0.1 s of each one-edit build).
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    print(f"machine: {os.cpu_count()} cores ({platform.machine()}), {platform.system()}, "
          f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}; "
          f"{args.repeat} builds of each kind, fastest (slowest)")
    header = ("N", "build", "wall s (slowest)", "/ bare", "CPU s", "pages", "pages/s", "peak MB", "output",
              "search index", "median story")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for n in args.sizes:
        r = bench(n, args.repeat, kinds)
        for name in [k for k in ("bare", *VARIANTS) if k in r]:
            m = r[name]
            print(f"| {n:,} | {name} | {m['wall']:.1f} ({m['slowest']:.1f}) | {m['wall'] / r['bare']['wall'] if 'bare' in r else float('nan'):.2f} | "
                  f"{m['cpu']:.1f} | {m['pages']:,} | {m['pages'] / m['wall']:.0f} | {m['peak_kb'] / 1024:.0f} | {_mb(m['size'])} | "
                  f"{_mb(m['search'])} | {m['story'] / 1000:.1f} KB |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
