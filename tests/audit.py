"""Lighthouse audit (`make audit`): home, a story, a list and the quota dashboard, mobile profile.

Builds content/ into a temporary folder, serves it on localhost with gzip (as a web server
would), runs the pinned Lighthouse (package.json; `make audit` installs it) in Debian's headless
Chromium and prints each page's four scores. Goals (issue 12): accessibility, best practices and
SEO ≥ 95, performance ≥ 90; the script prints them beside the scores and exits 1 when one is
missed, so a CI job may run it. Not part of `make test`: a Lighthouse run takes ~15 s a page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "",
    "story": "dien-hinh/nguyen-thi-hoa-th-kim-dong/",
    "list": "danh-muc/tat-ca/",
    "quota dashboard": "chi-tieu/2018-2019/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 90, "accessibility": 95, "best-practices": 95, "seo": 95}


def lighthouse(url: str) -> dict:
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    out = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking"],
        env=env, capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build content/)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make audit` (npm ci)", file=sys.stderr)
        return 2
    from browser import serve

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from generator.build import build_site

            site = Path(tmp) / "site"
            build_site(str(ROOT / "mkdocs.yml"), site_dir=str(site))
        version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
        print(f"Lighthouse {version}, mobile profile (simulated slow 4G, 4x CPU slowdown), headless Chromium; "
              f"{platform.machine()}, {os.cpu_count()} cores, {date.today():%d/%m/%Y}")
        print(f"| page | {' | '.join(CATEGORIES)} |")
        print("|---|" + "---|" * len(CATEGORIES))
        missed = []
        with serve(site, compress=True) as base:
            for name, path in PAGES.items():
                report = lighthouse(base + path)
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                print(f"| {name} (`{path or '/'}`) | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |",
                      flush=True)
                for c in CATEGORIES:
                    if scores[c] < GOALS[c]:
                        failing = [a["title"] for a in report["audits"].values()
                                   if a.get("score") is not None and a["score"] < 0.9
                                   and a["id"] in {r["id"] for r in report["categories"][c]["auditRefs"]
                                                   if r.get("weight")}]
                        missed.append(f"{name}: {c} {scores[c]} < {GOALS[c]} ({'; '.join(failing[:5])})")
        print("Goals: " + ", ".join(f"{c} ≥ {g}" for c, g in GOALS.items()))
        for line in missed:
            print("missed:", line)
        return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
