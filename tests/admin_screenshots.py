"""Screenshots of the editing page for the editors' guide (content/pages/anh/bien-tap/*.png).

Run by hand after a change to the admin page or the CMS version, then look at them and commit:

    .venv/bin/python tests/admin_screenshots.py

It builds the demo site, opens /admin/ in headless Chromium with the GitHub API answered by
`github_stub` (as tests/test_admin_browser.py does) and walks an editor's day: sign in, add an
exemplar, upload a photo, save as draft, ask for review, read an error.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import launch, serve  # noqa: E402
from conftest import ROOT, TODAY, build  # noqa: E402
from test_admin_browser import open_admin, upload_photo  # noqa: E402

OUT = ROOT / "content" / "pages" / "anh" / "bien-tap"
VIEWPORT = {"width": 1000, "height": 620}


def shoot(page, name: str, **clip) -> None:
    page.wait_for_timeout(400)  # let transitions settle
    page.screenshot(path=str(OUT / f"{name}.png"), **clip)
    print(f"{OUT / name}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build(Path(tmp), ROOT / "content", today=TODAY)
        photo = Path(tmp) / "Ảnh lớp 4A.png"
        shutil.copy(ROOT / "content" / "media" / "th-kim-dong-thu-vien.png", photo)
        with serve(site) as base, sync_playwright() as p:
            browser = launch(p)
            context, admin = open_admin(browser, base)
            page = admin.page
            page.set_viewport_size(VIEWPORT)
            page.get_by_role("button", name="Đăng nhập bằng mã truy cập").wait_for()
            shoot(page, "dang-nhap")

            admin.sign_in()
            page.get_by_role("button", name="Tạo bài viết mới").click()
            page.get_by_role("radio", name="Cán bộ, giáo viên, nhân viên").check()
            page.get_by_role("textbox", name="Họ và tên / tên mô hình").fill("Nguyễn Thị Mai")
            page.get_by_role("textbox", name="Tiêu đề").fill("Cô giáo mang thư viện xanh về bản")
            page.get_by_role("combobox", name="Đơn vị").click()
            page.keyboard.type("Kim Đồng")
            page.get_by_role("option", name="Trường Tiểu học Kim Đồng", exact=True).click()
            shoot(page, "them-dien-hinh")

            admin.reveal(page.get_by_role("button", name=re.compile(r"Thêm\W+Ảnh"))).click()
            page.get_by_role("button", name="Duyệt tệp").click()
            with page.expect_file_chooser() as chooser:
                page.get_by_role("dialog").get_by_role("button", name="Tải lên").click()
            chooser.value.set_files(str(photo))
            expect(page.get_by_role("dialog").get_by_role("button", name="Chèn")).to_be_enabled()
            shoot(page, "tai-anh")
            page.get_by_role("dialog").get_by_role("button", name="Hủy").click()
            page.get_by_role("button", name=re.compile(r"Gỡ bỏ")).first.click()
            upload_photo(admin, photo, "Giờ đọc sách ở thư viện xanh", "Học sinh đọc sách dưới mái hiên")

            # A mistake the form catches: the school year written the wrong way.
            page.get_by_role("textbox", name="Năm học").fill("2024/2025")
            page.get_by_role("button", name="Lưu", exact=True).click()
            page.get_by_role("textbox", name="Năm học").scroll_into_view_if_needed()
            shoot(page, "loi")

            page.get_by_role("textbox", name="Năm học").fill("2024-2025")
            page.get_by_role("radio", name="giai đoạn 2021-2025").check()
            page.get_by_role("textbox", name="Tóm tắt").fill("Giáo viên lớp 4A, xây dựng thư viện xanh cho học sinh bán trú.")
            page.get_by_role("textbox", name="Danh hiệu đăng ký").fill("Chiến sĩ thi đua cơ sở")
            admin.reveal(page.get_by_role("radio", name="Đăng ký", exact=True)).check()
            expect(page.get_by_text("trường bị lỗi")).to_have_count(0, timeout=15_000)  # the toast fades
            page.get_by_role("button", name="Lưu", exact=True).click()
            page.get_by_role("button", name="Gửi duyệt", exact=True).wait_for()
            shoot(page, "luu-ban-nhap")
            page.get_by_role("button", name="Gửi duyệt", exact=True).click()
            page.get_by_role("button", name="Tạo bài viết mới").wait_for()

            page.get_by_role("radio", name="Quy trình biên tập").click()
            page.wait_for_timeout(800)
            shoot(page, "quy-trinh")
            browser.close()


if __name__ == "__main__":
    main()
