"""Vendor a pinned Sveltia CMS release into `theme/admin/` (trang biên tập trên trình duyệt).

`make update-cms VERSION=x.y.z` runs this: `npm pack` fetches the release from the npm registry
(npm checks its integrity), and the script writes the IIFE bundle, its licence, the Vietnamese UI
strings and the web fonts next to `admin/index.html`, with a record of versions and checksums
(`theme/admin/vendor.json`).

Why the bundle is rewritten: the published `dist/sveltia-cms.js` loads its UI strings and optional
libraries from unpkg.com and its fonts from cdn.jsdelivr.net at run time. The site may not load
anything from a CDN, so every such address is pointed at a folder beside the bundle
(`https://unpkg.com/…` → `./vendor/…`, each font → `./fonts/<name>.woff2`) and the files our
configuration uses are copied there. A feature whose file is not vendored (maps, code
highlighting, HEIC photos) then fails on our own server instead of calling a CDN. The record keeps
the checksum of the file as published and of the rewritten one; the update refuses a release whose
bundle no longer has the addresses it expects, so a silent change cannot slip through.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.exemplars")

ADMIN_DIR = Path(__file__).resolve().parent.parent / "theme" / "admin"
PACKAGE = "@sveltia/cms"
BUNDLE = "sveltia-cms.js"
SCHEMA = "schema/sveltia-cms.json"
UNPKG = "https://unpkg.com"
FONTS = re.compile(r"https://cdn\.jsdelivr\.net/fontsource/fonts/([a-z0-9-]+)(?::vf)?@[0-9.]+/"
                   r"([a-z0-9-]+)\.woff2")
#: Libraries the bundle imports from unpkg that our configuration uses: `exifr` reads the date of
#: an uploaded photo. Others (leaflet maps, shiki code highlighting, svgo, turndown, HEIC, image
#: encoders, Immutable/React for custom widgets) belong to features the configuration does not use.
MODULES = {"exifr": ("dist/lite.esm.mjs", "LICENSE")}
#: Locale of the editors' interface (the bundle fetches its strings at start-up).
LOCALE = "vi"


class VendorError(Exception):
    """The release cannot be vendored as it is (an expected address is missing)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def npm_pack(spec: str, into: Path) -> tuple[Path, dict]:
    """Download `spec` (name@version) with npm and unpack it; returns the package folder and npm's
    report (version, integrity)."""
    out = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(into)],
                         check=True, capture_output=True, text=True).stdout
    report = json.loads(out)[0]
    tarball = into / report["filename"]
    target = into / report["name"].replace("/", "+")
    with tarfile.open(tarball) as tar:
        # The "data" filter (no links out, no absolute paths) exists from Python 3.10.12/3.11.4.
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(target, **safe)  # noqa: S202 - npm verified the tarball's integrity
    report["tarball_sha256"] = sha256(tarball.read_bytes())
    return target / "package", report


def rewrite(bundle: str) -> tuple[str, dict[str, str]]:
    """The bundle with CDN addresses pointed at local files; returns it and font URL → file name."""
    if bundle.count(f"`{UNPKG}") < 1:
        raise VendorError(f"{BUNDLE}: no `{UNPKG}` address found; check the release by hand")
    fonts = {}
    for match in FONTS.finditer(bundle):
        fonts[match[0]] = f"{match[1]}-{match[2]}.woff2"
    if len(fonts) != 3:
        raise VendorError(f"{BUNDLE}: expected 3 fonts on cdn.jsdelivr.net, found {len(fonts)}")
    for url, name in fonts.items():
        bundle = bundle.replace(url, f"./fonts/{name}")
    bundle = bundle.replace(f"`{UNPKG}", "`./vendor")
    left = [host for host in ("unpkg.com", "cdn.jsdelivr.net", "fonts.googleapis.com")
            if host in bundle]
    if left:
        raise VendorError(f"{BUNDLE}: addresses of {', '.join(left)} remain after rewriting")
    return bundle, fonts


def vendor(version: str, out: Path = ADMIN_DIR) -> dict:
    """Fetch `version` from npm and write it into `out`; returns the record written to vendor.json."""
    with tempfile.TemporaryDirectory() as tmp:
        pkg, report = npm_pack(f"{PACKAGE}@{version}", Path(tmp))
        meta = json.loads((pkg / "package.json").read_text(encoding="utf-8"))
        upstream = (pkg / "dist" / BUNDLE).read_bytes()
        bundle, fonts = rewrite(upstream.decode("utf-8"))
        for stale in ("vendor", "fonts"):
            shutil.rmtree(out / stale, ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
        files: dict[str, str] = {}

        def put(rel: str, data: bytes) -> None:
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files[rel] = sha256(data)

        put(BUNDLE, bundle.encode("utf-8"))
        put("LICENSE.txt", (pkg / "LICENSE.txt").read_bytes())
        here = f"vendor/{PACKAGE}@{meta['version']}"
        put(f"{here}/locales/{LOCALE}.json", (pkg / "locales" / f"{LOCALE}.json").read_bytes())
        # The CMS's own JSON schema of its configuration: tests validate config.yml against it.
        put(f"vendor/{PACKAGE}/{SCHEMA}", (pkg / SCHEMA).read_bytes())
        # The hourly update check reads the latest package.json: ours names the vendored version.
        put(f"vendor/{PACKAGE}/package.json",
            json.dumps({"name": PACKAGE, "version": meta["version"]}).encode("utf-8"))
        for url, name in fonts.items():
            # The npm build ships the same fonts (Fontsource, OFL) under hashed names.
            family, subset = re.match(r"(.+?)-(latin-.+)\.woff2$", name).groups()
            found = sorted((pkg / "npm" / "assets").glob(f"{family}-{subset}-*.woff2"))
            if len(found) != 1:
                raise VendorError(f"font {name}: not found in the npm build's assets")
            put(f"fonts/{name}", found[0].read_bytes())
            put(f"fonts/{family}.LICENSE.txt", (pkg / "npm" / "assets" / f"{family}.LICENSE.txt").read_bytes())
        modules = {}
        for name, wanted in MODULES.items():
            dep_version = re.sub(r"^\D", "", meta["dependencies"][name])
            dep, dep_report = npm_pack(f"{name}@{dep_version}", Path(tmp))
            for rel in wanted:
                put(f"vendor/{name}@{dep_version}/{rel}", (dep / rel).read_bytes())
            modules[name] = {"version": dep_version, "license": dep_report.get("license") or
                             json.loads((dep / "package.json").read_text())["license"],
                             "integrity": dep_report["integrity"]}
        record = {
            "package": PACKAGE,
            "version": meta["version"],
            "license": meta["license"],
            "npm_integrity": report["integrity"],
            "tarball_sha256": report["tarball_sha256"],
            "upstream_bundle_sha256": sha256(upstream),
            "rewritten": {f"{UNPKG}/…": "./vendor/…", **{u: f"./fonts/{n}" for u, n in fonts.items()}},
            "modules": modules,
            "files": dict(sorted(files.items())),
        }
        (out / "vendor.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        return record


def verify(out: Path = ADMIN_DIR) -> list[str]:
    """Files listed in vendor.json whose checksum differs (or that are missing)."""
    record = json.loads((out / "vendor.json").read_text(encoding="utf-8"))
    bad = []
    for rel, digest in record["files"].items():
        path = out / rel
        if not path.is_file() or sha256(path.read_bytes()) != digest:
            bad.append(rel)
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vendor a Sveltia CMS release into theme/admin/")
    parser.add_argument("version", help="version on npm, e.g. 0.221.1 (npm view @sveltia/cms versions)")
    args = parser.parse_args(argv)
    try:
        record = vendor(args.version)
    except (VendorError, subprocess.CalledProcessError) as exc:
        print(f"update-cms: {exc}", file=sys.stderr)
        return 1
    print(f"Sveltia CMS {record['version']} ({record['license']}) → {ADMIN_DIR}; "
          f"sha256 {record['files'][BUNDLE]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
