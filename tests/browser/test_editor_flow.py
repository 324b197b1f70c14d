"""The newsroom's path through the real admin: log in, write in CKEditor 4, upload a captioned
photo, publish, and read the article as a visitor.

The photo goes in through the real image2 dialog: Image button -> "Tải lên" tab -> the file
input inside the dialog's iframe -> "Tải lên máy chủ". CKEditor then posts the file by XHR
(``filebrowserUploadMethod: "xhr"``) to /admin/portal/photo/upload/ with the CSRF header that
static/editor/js/editor-setup.js adds; the test waits for that very response. The non-image
refusal is also checked through a file dropped into the editor (uploadimage plugin), the path
that reports errors with CKEditor's notification.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from news.models import Article
from portal.models import Photo
from tests.factories import CategoryFactory, editor, image_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-thu-nghiem"
UPLOAD_URL = "**/admin/portal/photo/upload/"
DATELINE = re.compile(r"^(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d\d/\d\d/\d{4} \d\d:\d\d$")
ALT_LABEL = re.compile(r"^Mô tả thay thế")
CAPTIONED_LABEL = "Có chú thích dưới ảnh"
NOT_AN_IMAGE = "Tệp này không phải là ảnh JPEG, PNG hoặc WebP hợp lệ."

TITLE = "Hội nghị tổng kết công tác thông tin cơ sở năm 2025"
SAPO = "Sở Thông tin và Truyền thông tổng kết công tác thông tin cơ sở và đề ra nhiệm vụ năm mới."
BODY_TEXT = "Sáng nay, hơn 200 đại biểu đã dự hội nghị tại hội trường UBND tỉnh."
ALT = "Đại biểu ngồi kín hội trường, phía trước là sân khấu có phông đỏ"
CAPTION = "Toàn cảnh hội nghị tổng kết."


@pytest.fixture
def newsroom(transactional_db):
    CategoryFactory(name="Hoạt động của Sở", slug="hoat-dong-cua-so")
    return editor(can_publish=True)


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "hoi-nghi-tong-ket.jpg"
    path.write_bytes(image_bytes(size=(1600, 1067), colour=(40, 110, 70)))
    return path


def log_in(page, username):
    """Through Django's real admin login form."""
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))


def open_new_article(page):
    page.goto("/admin/news/article/add/")
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_function(
        "() => window.CKEDITOR && CKEDITOR.instances.id_body"
        " && CKEDITOR.instances.id_body.status === 'ready'"
    )
    return page.frame_locator("iframe.cke_wysiwyg_frame")


def write_body(page, frame, text):
    # Wait for states, not for time: the keys go nowhere until the editing body has the focus.
    body = frame.locator("body")
    body.click()
    expect(body).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(body).to_contain_text(text)


def upload_in_image_dialog(page, path):
    """Image button -> "Tải lên" tab -> choose the file -> "Tải lên máy chủ"; returns the JSON."""
    page.locator("a.cke_button__image").click()
    dialog = page.locator(".cke_dialog").filter(has=page.get_by_role("tab", name="Tải lên"))
    expect(dialog).to_be_visible()
    dialog.get_by_role("tab", name="Tải lên").click()
    file_input = dialog.frame_locator("iframe.cke_dialog_ui_input_file").locator("input[type=file]")
    file_input.set_input_files(str(path))
    with page.expect_response(UPLOAD_URL) as response_info:
        dialog.get_by_role("button", name="Tải lên máy chủ").click()
    response = response_info.value
    request_headers = response.request.all_headers()
    assert request_headers.get("x-csrftoken"), "the upload was sent without the CSRF header"
    assert response.status == 200, response.text()
    return dialog, response.json()


def publish_button(page):
    return page.locator("input[name=_publish]")


def test_editor_publishes_captioned_photo_that_visitors_see(new_context, newsroom, photo_file):
    page = new_context().new_page()
    log_in(page, newsroom.username)
    frame = open_new_article(page)

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_sapo").fill(SAPO)
    write_body(page, frame, BODY_TEXT)

    dialog, answer = upload_in_image_dialog(page, photo_file)
    assert answer["uploaded"] == 1, answer
    # After the upload CKEditor returns to the first tab with the address filled in.
    expect(dialog.get_by_label("URL", exact=True)).to_have_value(answer["url"])
    # editor-setup.js renames CKEditor's "Chú thích ảnh" (alt) and starts new images captioned.
    dialog.get_by_label(ALT_LABEL).fill(ALT)
    captioned = dialog.get_by_label(CAPTIONED_LABEL)
    expect(captioned).to_be_checked()
    captioned.check()
    dialog.get_by_role("button", name="Đồng ý").click()
    expect(dialog).to_be_hidden()

    caption = frame.locator("figure.image figcaption")
    expect(caption).to_have_count(1)
    # A new caption holds image2's placeholder text ("Nhãn"): one click selects it
    # (editor-setup.js), so what the editor types replaces it, as README's step 2 says.
    caption.click()
    expect(caption).to_be_focused()
    frame.locator("body").evaluate(
        "body => new Promise((done, fail) => { const t = Date.now(); (function wait() {"
        " if (body.ownerDocument.getSelection().toString() === 'Nhãn') return done();"
        " if (Date.now() - t > 10000) return fail(new Error('placeholder not selected'));"
        " setTimeout(wait, 50) })() })"
    )
    page.keyboard.type(CAPTION)
    expect(caption).to_have_text(CAPTION)
    expect(frame.locator("figure.image img")).to_have_attribute("alt", ALT)

    publish_button(page).click()
    expect(page.locator("ul.messagelist .success")).to_be_visible()

    article = Article.objects.get(title=TITLE)
    photo = Photo.objects.get(key=answer["photoKey"])
    assert article.status == Article.Status.PUBLISHED
    assert [use.photo for use in article.photo_uses.all()] == [photo]
    assert photo.uploaded_by == newsroom

    # A visitor, with a browser of their own.
    visitor = new_context().new_page()
    visitor_errors: list[str] = []
    visitor.on("pageerror", lambda error: visitor_errors.append(str(error)))
    visitor.goto("/")
    visitor.get_by_role("link", name=TITLE).first.click()
    expect(visitor).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))

    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.locator(".article-body figure figcaption")).to_contain_text(CAPTION)
    image = visitor.locator(".article-body figure img")
    expect(image).to_have_count(1)
    expect(image).to_have_attribute("alt", ALT)
    expect(image).to_have_attribute("srcset", re.compile(r"\S+ 480w, .+ 1600w$"))
    expect(image).to_have_attribute("width", "1600")
    expect(image).to_have_attribute("height", "1067")
    image.scroll_into_view_if_needed()
    visitor.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    dateline = visitor.locator(".dateline").inner_text().strip()
    assert DATELINE.match(dateline), dateline
    assert not visitor_errors, visitor_errors


def test_non_image_upload_shows_the_servers_message(new_context, newsroom, tmp_path):
    fake = tmp_path / "khong-phai-anh.png"
    fake.write_text("Đây là văn bản, không phải ảnh.\n", encoding="utf-8")
    page = new_context().new_page()
    alerts: list[str] = []

    def on_dialog(native_dialog):
        # Accepted at once: an open alert blocks the page (and Playwright's calls into it).
        alerts.append(native_dialog.message)
        native_dialog.accept()

    page.on("dialog", on_dialog)
    log_in(page, newsroom.username)
    frame = open_new_article(page)

    # 1. The image dialog's upload tab: CKEditor shows the server's message in an alert.
    dialog, answer = upload_in_image_dialog(page, fake)
    assert answer == {"uploaded": 0, "error": {"message": NOT_AN_IMAGE}}
    for _ in range(100):  # the alert comes just after the response is read: wait for it
        if alerts:
            break
        page.wait_for_timeout(100)
    assert alerts == [NOT_AN_IMAGE]
    dialog.get_by_role("button", name="Bỏ qua").click()  # a "discard changes?" confirm is accepted
    expect(dialog).to_be_hidden()

    # 2. A file dropped into the editor (uploadimage plugin): CKEditor's warning notification.
    frame.locator("body").click()
    expect(frame.locator("body")).to_be_focused()
    # The DataTransfer must belong to the editing iframe's document, where the drop happens.
    editing = page.locator("iframe.cke_wysiwyg_frame").element_handle().content_frame()
    data_transfer = editing.evaluate_handle(
        """text => {
            const transfer = new DataTransfer()
            transfer.items.add(new File([text], "khong-phai-anh.png", {type: "image/png"}))
            return transfer
        }""",
        "Đây là văn bản, không phải ảnh.",
    )
    with page.expect_response(UPLOAD_URL) as response_info:
        editing.dispatch_event("body", "drop", {"dataTransfer": data_transfer})
    assert response_info.value.json()["error"]["message"] == NOT_AN_IMAGE
    notification = page.locator(".cke_notification_warning")
    expect(notification).to_be_visible()
    expect(notification).to_contain_text(NOT_AN_IMAGE)
    assert not Photo.objects.exists()


def test_photo_without_alt_text_is_refused_and_nothing_is_lost(new_context, newsroom, photo_file):
    page = new_context().new_page()
    log_in(page, newsroom.username)
    frame = open_new_article(page)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_sapo").fill(SAPO)
    write_body(page, frame, BODY_TEXT)

    dialog, answer = upload_in_image_dialog(page, photo_file)
    assert answer["uploaded"] == 1, answer
    # The image dialog itself refuses an empty alternative text (editor-setup.js)...
    alerts = []
    page.once("dialog", lambda alert: (alerts.append(alert.message), alert.accept()))
    dialog.get_by_role("button", name="Đồng ý").click()
    expect(dialog).to_be_visible()
    assert alerts and "Hãy điền mô tả thay thế" in alerts[0]
    page.once("dialog", lambda confirm: confirm.accept())  # "discard the changes?"
    dialog.locator(".cke_dialog_ui_button_cancel").click()
    expect(dialog).to_be_hidden()
    # ...but an image can still arrive without one (pasted, dropped, typed in source mode):
    # the server is the guard.
    page.evaluate(
        "url => CKEDITOR.instances.id_body.insertHtml('<p><img src=\"' + url + '\"></p>')",
        answer["url"],
    )
    publish_button(page).click()

    error = page.locator(".errornote, .errorlist").filter(has_text="chưa có mô tả thay thế")
    expect(error.first).to_be_visible()
    expect(page.locator(".errorlist")).to_contain_text(
        "Ảnh “hoi-nghi-tong-ket.jpg” chưa có mô tả thay thế."
    )
    assert not Article.objects.exists()
    # Everything typed is still there.
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_sapo")).to_have_value(SAPO)
    frame = editor_frame(page)
    expect(frame.locator("body")).to_contain_text(BODY_TEXT)
    expect(frame.locator(f'img[src="{answer["url"]}"]')).to_have_count(1)


def editor_frame(page):
    page.wait_for_function(
        "() => window.CKEDITOR && CKEDITOR.instances.id_body"
        " && CKEDITOR.instances.id_body.status === 'ready'"
    )
    return page.frame_locator("iframe.cke_wysiwyg_frame")


def test_the_editor_works_under_the_admins_content_security_policy(new_context, newsroom):
    """The admin's policy (portal/headers.py): CKEditor's toolbar, menus and editing frame work,
    nothing is refused, and pages without the editor allow no inline script at all."""
    page = new_context().new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(page, newsroom.username)
    with page.expect_response("**/admin/news/article/add/") as response_info:
        frame = open_new_article(page)
    policy = response_info.value.header_value("content-security-policy") or ""
    assert "script-src 'self' 'unsafe-inline'" in policy and "frame-ancestors 'none'" in policy
    page.locator("a.cke_button__bold").click()  # an inline onclick handler
    write_body(page, frame, "Chữ đậm")
    expect(frame.locator("body strong").first).to_contain_text("Chữ đậm")
    page.locator("a.cke_button__table").click()  # a dialog
    expect(page.locator(".cke_dialog")).to_be_visible()
    page.keyboard.press("Escape")
    assert refused == [], refused
    listing = page.goto("/admin/news/article/")
    policy = listing.header_value("content-security-policy") or ""
    assert "script-src 'self';" in policy and "unsafe-inline' ;" not in policy
    assert refused == [], refused
