"""`exemplars` command: check content, scaffold records, build the site atomically."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path

from .loader import ContentError
from .validate import load_catalog


def _today(value: str | None) -> date:
    value = value or os.environ.get("EXEMPLARS_TODAY")
    return date.fromisoformat(value) if value else date.today()


def cmd_check(args: argparse.Namespace) -> int:
    content = Path(args.content)
    try:
        catalog = load_catalog(content, today=_today(args.today), shown_from=Path.cwd())
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        count = len(exc.problems)
        print(f"\n{count} lỗi (problem{'s' if count > 1 else ''}) — sửa các dòng trên rồi chạy lại.",
              file=sys.stderr)
        return 1
    print(f"OK: {len(catalog.exemplars)} điển hình được đăng, {len(catalog.units)} đơn vị, "
          f"{len(catalog.campaigns)} kế hoạch.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildFailed, build_site

    try:
        target = build_site(args.config, site_dir=args.site_dir)
    except BuildFailed:
        # The reasons were logged above, as MkDocs reported them.
        print("Dựng trang thất bại (build failed); trang cũ giữ nguyên.", file=sys.stderr)
        return 1
    print(f"Đã dựng trang vào {target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="exemplars", description="Điển hình tiên tiến: công cụ biên tập")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra toàn bộ content/ và liệt kê mọi lỗi (tệp:dòng: lỗi)")
    check.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    check.add_argument("--today", help="ngày xét đăng (YYYY-MM-DD), mặc định hôm nay")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="dựng trang (strict) vào site/, chỉ thay trang cũ khi thành công")
    build.add_argument("-f", "--config", default="mkdocs.yml", help="tệp cấu hình (mặc định: mkdocs.yml)")
    build.add_argument("-d", "--site-dir", help="thư mục đích (mặc định: site_dir trong cấu hình)")
    build.set_defaults(func=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
