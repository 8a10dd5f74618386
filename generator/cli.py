"""`exemplars` command: check content, scaffold records, build the site atomically."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .loader import ContentError, Problem
from .validate import load_catalog, today_from


def cmd_check(args: argparse.Namespace) -> int:
    content = Path(args.content)
    today = _today(args)
    if today is None:
        return 2
    try:
        from .parallel import default_workers
        from .recordcache import cache_folder  # a project that builds with its cache checks with it too

        records = cache_folder(content.absolute().parent)
        catalog = load_catalog(content, today=today, shown_from=Path.cwd(),
                               cache_dir=records if records.parent.is_dir() else None,
                               workers=default_workers())  # both cores, as a build
        site_problems(catalog, content)
        problems = []
    except ContentError as exc:
        catalog, problems = None, exc.problems
    if args.format != "text":
        _report(args, problems, catalog.warnings if catalog else [])
    if problems:
        if args.format == "text":
            for problem in problems:
                print(problem)
        count = len(problems)
        print(f"\n{count} lỗi (problem{'s' if count > 1 else ''}) — sửa các dòng trên rồi chạy lại.",
              file=sys.stderr)
        return 1
    if args.format == "text":
        for warning in catalog.warnings:
            print(f"{warning.path}:{warning.line}: cảnh báo (warning): {warning.message}")
    summary = (f"OK: {len(catalog.exemplars)} điển hình được đăng, {len(catalog.units)} đơn vị, "
               f"{len(catalog.campaigns)} kế hoạch, {len(catalog.news)} tin tức.")
    print(summary, file=sys.stderr if args.format == "json" else sys.stdout)
    return 0


def _report(args: argparse.Namespace, problems: list, warnings: list) -> None:
    """--format github|gitlab|json (generator/report_formats.py); warnings only when all is valid."""
    from . import report_formats as fmt

    if args.format == "github":
        sys.stdout.write(fmt.github(problems, warnings))
    elif args.format == "json":
        sys.stdout.write(fmt.dumps(fmt.as_json(problems, warnings)))
    else:
        # GitLab reads the report file; the log keeps the plain lines for whoever opens the job.
        Path(args.output).write_text(fmt.dumps(fmt.gitlab(problems, warnings)), encoding="utf-8")
        for problem in problems:
            print(problem)
        print(f"Đã ghi báo cáo Code Quality: {args.output}", file=sys.stderr)


def _today(args: argparse.Namespace):
    """--today, else $EXEMPLARS_TODAY, else the clock; None (after saying why) when malformed."""
    try:
        return today_from(args.today)
    except ValueError as exc:
        print(f"exemplars: {exc} (--today or EXEMPLARS_TODAY)", file=sys.stderr)
        return None


def site_problems(catalog, content: Path) -> None:
    """What the build would refuse beyond the records: links to pages the site does not have,
    hand-written pages (as `plugin.on_files` checks them); raises `ContentError`."""
    from . import markdown_guard, urls
    from .pages.options import SiteOptions
    from .planning import clashes, planned_items

    clash: list[str] = []

    def known() -> set[str]:
        planned = planned_items(catalog, SiteOptions())
        clash.extend(clashes(planned))
        return ({getattr(item, "src_uri", None) or getattr(item, "path", "") for item in planned}
                | {urls.media(rel) for rel in catalog.photo_files})

    problems = markdown_guard.site_problems(catalog, known, content, Path.cwd())
    problems += [Problem(str(content), 1, message) for message in clash]
    if problems:
        raise ContentError(problems)


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


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create

    today = _today(args)
    if today is None:
        return 2
    try:
        path = create(Path(args.content), args.kind, args.unit, args.name, school_year=args.year,
                      campaign_id=args.campaign, today=today)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Đã tạo {path}\nMở tệp, thay mọi chữ CẦN THAY, rồi chạy: make check")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .jsonschema_export import stale, write

    out = Path(args.out)
    if args.check:
        old = stale(out)
        for name in old:
            print(f"{out / name}: khác với spec.py; chạy exemplars schema rồi commit", file=sys.stderr)
        return 1 if old else 0
    for path in write(out):
        print(f"Đã ghi {path}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .exports.run import KINDS, ExportError, Request, run

    try:
        today = today_from(args.today)
        request = Request(Path(args.content), Path(args.out), today, internal=args.internal,
                          kinds=(args.what,) if args.what else KINDS, unit=args.unit, year=args.year,
                          period=args.period, milestone=args.milestone)
        # Never where the site is built or read from: MkDocs would publish the files.
        written = run(request, forbidden=[Path(args.site_dir), Path(args.content) / "pages", Path(args.content)])
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"\n{len(exc.problems)} lỗi — sửa các dòng trên rồi chạy lại.", file=sys.stderr)
        return 1
    except (ExportError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written:
        print(f"Đã ghi {path}")
    note = " (nội bộ: gồm hồ sơ chưa công bố, không đăng tải)" if args.internal else ""
    print(f"{len(written)} tệp{note}.")
    return 0


def cmd_cms(args: argparse.Namespace) -> int:
    from .cms import ADMIN_DIR, CONFIG, CONTENT_DIR, stale, write

    out = Path(args.out) if args.out else ADMIN_DIR
    content = Path(args.content) if args.content else CONTENT_DIR
    try:  # the criteria and milestones to choose from are read from plan.yml
        if args.check:
            if stale(out, content):
                print(f"{out / CONFIG}: khác với spec.py hoặc {content / 'plan.yml'} (tiêu chí, mốc lộ trình); "
                      "chạy exemplars cms rồi commit", file=sys.stderr)
                return 1
            return 0
        path = write(out, content)
    except ContentError as exc:
        print(f"{exc}\n{content / 'plan.yml'} có lỗi: sửa rồi chạy lại exemplars cms", file=sys.stderr)
        return 1
    print(f"Đã ghi {path}" if path else f"{out / CONFIG} đã khớp với spec.py và plan.yml")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="exemplars", description="Điển hình tiên tiến: công cụ biên tập")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra toàn bộ content/ và liệt kê mọi lỗi (tệp:dòng: lỗi)")
    check.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    check.add_argument("--today", help="ngày xét đăng (YYYY-MM-DD), mặc định hôm nay")
    check.add_argument("--format", choices=("text", "github", "gitlab", "json"), default="text",
                       help="text: tệp:dòng: lỗi; github: chú thích trên pull request; gitlab: báo cáo "
                            "Code Quality (tệp --output); json: cho công cụ khác")
    check.add_argument("--output", default="gl-code-quality-report.json",
                       help="tệp báo cáo của --format gitlab (mặc định: gl-code-quality-report.json)")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="dựng trang (strict) vào site/, chỉ thay trang cũ khi thành công")
    build.add_argument("-f", "--config", default="mkdocs.yml", help="tệp cấu hình (mặc định: mkdocs.yml)")
    build.add_argument("-d", "--site-dir", help="thư mục đích (mặc định: site_dir trong cấu hình)")
    build.set_defaults(func=cmd_build)
    new = sub.add_parser("new", help="tạo tệp điển hình mới, đủ các trường, có giải thích (bản nháp)")
    new.add_argument("kind", help="collective (tập thể), staff (cán bộ, giáo viên), manager (cán bộ quản lý), "
                                  "student (học sinh)")
    new.add_argument("--unit", required=True, help="mã đơn vị trong units.yml, ví dụ th-kim-dong")
    new.add_argument("--name", required=True, help="họ và tên, hoặc tên mô hình với tập thể")
    new.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")
    new.add_argument("--campaign", help="mã kế hoạch trong plan.yml (mặc định: kế hoạch của năm học)")
    new.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    new.add_argument("--today", help=argparse.SUPPRESS)
    new.set_defaults(func=cmd_new)
    schema = sub.add_parser("schema", help="ghi JSON Schema cho trình soạn thảo vào schemas/")
    schema.add_argument("--out", default="schemas", help="thư mục đích (mặc định: schemas)")
    schema.add_argument("--check", action="store_true", help="chỉ kiểm tra các tệp đã commit còn khớp")
    schema.set_defaults(func=cmd_schema)
    cms = sub.add_parser("cms", help="ghi cấu hình trang biên tập /admin/ (theme/admin/config.yml)")
    cms.add_argument("--out", help="thư mục đích (mặc định: theme/admin)")
    cms.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp đã commit còn khớp")
    cms.add_argument("--content", help="thư mục nội dung có plan.yml (mặc định: content của kho)")
    cms.set_defaults(func=cmd_cms)
    export = sub.add_parser("export", help="xuất văn bản Word, Excel (danh sách đăng ký, báo cáo định kỳ, "
                                           "báo cáo sơ kết/tổng kết) vào exports/, không đăng lên trang")
    export.add_argument("what", nargs="?", choices=("registration", "report", "summary"),
                        help="registration (danh sách đăng ký), report (báo cáo định kỳ), summary (sơ kết, "
                             "tổng kết); mặc định: tất cả")
    export.add_argument("--unit", help="chỉ đơn vị này (mã trong units.yml)")
    export.add_argument("--year", help="chỉ năm học này, ví dụ 2018-2019 (danh sách đăng ký)")
    export.add_argument("--period", help="kỳ báo cáo: tháng YYYY-MM (Phòng GD&ĐT) hoặc quý YYYY-Q1…Q4 "
                                         "(đơn vị trực thuộc); mặc định: kỳ vừa kết thúc")
    export.add_argument("--milestone", help="mốc sơ kết/tổng kết trong plan.yml (mặc định: các mốc đã qua)")
    export.add_argument("--internal", action="store_true",
                        help="tài liệu nội bộ: gồm cả bản nháp, hồ sơ chờ ý kiến đồng ý, hẹn ngày đăng (có ghi chú)")
    export.add_argument("--out", default="exports", help="thư mục đích (mặc định: exports, ngoài site/)")
    export.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    export.add_argument("--site-dir", default="site", help=argparse.SUPPRESS)
    export.add_argument("--today", help="ngày xét (YYYY-MM-DD), mặc định hôm nay")
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
