"""The sanitiser: what stays, what goes, and how photos in the body are resolved."""

import re

import pytest

from portal.richtext import photo_key, process_body, sanitise, to_text
from tests.factories import RealPhotoFactory as PhotoFactory
from tests.factories import figure

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="java\tscript:alert(1)">bấm</a>',
    '<a href="&#106;avascript:alert(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    '<a href="vbscript:msgbox(1)">bấm</a>',
    "<svg onload=alert(1)><circle r=5></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<form action="https://evil.example"><input name=x><button>Gửi</button></form>',
    '<p style="background:url(javascript:alert(1))">chữ</p>',
    '<div style="width: expression(alert(1))">chữ</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<body onload=alert(1)>",
    '<p onclick="alert(1)" onmouseover="alert(2)">chữ</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="https://ok.example" target="_blank" onfocus="alert(1)" autofocus>liên kết</a>',
    '<img src="/media/photos/2026/11/0123456789abcdef.jpg" onerror="alert(1)">',
    "<!--<script>alert(1)</script>-->",
    '<video><source onerror="alert(1)"></video>',
    '<details open ontoggle="alert(1)">x</details>',
    "<textarea><script>alert(1)</script></textarea>",
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]

DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed|form|input|style|link|meta|base|svg|math|video|"
    r"textarea|details|body)\b|\son\w+\s*=|javascript:|vbscript:|data:|style\s*=|expression\(",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_VECTORS)
def test_sanitise_removes_script_vectors(payload):
    cleaned = sanitise(payload)
    assert not DANGEROUS.search(cleaned), cleaned


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_VECTORS)
def test_article_body_processing_removes_script_vectors(payload):
    result = process_body(payload, lambda keys: {})
    assert not DANGEROUS.search(result.source), result.source
    assert not DANGEROUS.search(result.rendered), result.rendered


def test_sanitise_keeps_newsroom_markup():
    html = (
        '<h2 class="text-center">Tiêu đề</h2><p class="text-justify">Đoạn <strong>đậm</strong>, '
        '<em>nghiêng</em>, <u>gạch</u>.</p><ul><li>một</li></ul><ol start="3"><li>ba</li></ol>'
        "<blockquote>Trích dẫn</blockquote>"
        '<table><thead><tr><th scope="col">Cột</th></tr></thead><tbody><tr><td colspan="2">Ô</td>'
        "</tr></tbody></table>"
        '<p><a href="https://dichvucong.gov.vn/" title="DVC">Cổng</a> '
        '<a href="mailto:so@example.gov.vn">thư</a> <a href="/tin-tuc/">trong cổng</a></p>'
    )
    cleaned = sanitise(html)
    for fragment in [
        '<h2 class="text-center">', '<p class="text-justify">', "<strong>đậm</strong>",
        "<em>nghiêng</em>", "<u>gạch</u>", "<li>một</li>", 'start="3"', "<blockquote>",
        '<th scope="col">', 'colspan="2"', 'href="https://dichvucong.gov.vn/"',
        'href="mailto:so@example.gov.vn"', 'href="/tin-tuc/"',
    ]:  # fmt: skip
        assert fragment in cleaned, fragment


def test_sanitise_drops_unknown_classes_and_turns_h1_into_h2():
    cleaned = sanitise('<h1>Tựa</h1><p class="evil text-center">chữ</p>')
    assert "<h2>Tựa</h2>" in cleaned
    assert 'class="text-center"' in cleaned
    assert "evil" not in cleaned


def test_vietnamese_is_stored_as_text_in_nfc():
    import unicodedata

    cleaned = sanitise(unicodedata.normalize("NFD", "<p>giảm nghèo</p>"))
    assert cleaned == "<p>giảm nghèo</p>"


def test_to_text_separates_blocks():
    assert to_text("<p>một</p><p>hai&amp;ba</p>") == "một hai&ba"


def test_photo_key_accepts_only_our_media():
    assert photo_key("/media/photos/2026/11/0123456789abcdef-800.jpg") == "0123456789abcdef"
    assert photo_key("/media/photos/2026/11/0123456789abcdef.png") == "0123456789abcdef"
    assert photo_key("https://evil.example/media/photos/2026/11/0123456789abcdef.jpg") is None
    assert photo_key("/media/other/0123456789abcdef.jpg") is None
    assert photo_key("/media/photos/2026/11/../../secret.jpg") is None


@pytest.mark.django_db
class TestPhotosInBody:
    def lookup(self, keys):
        from portal.models import Photo

        return {p.key: p for p in Photo.objects.filter(key__in=keys)}

    def test_known_photos_are_kept_in_order_with_captions(self):
        first, second = PhotoFactory(), PhotoFactory()
        html = "<p>a</p>" + figure(second, "Thứ nhất") + "<p>b</p>" + figure(first, "Thứ hai")
        result = process_body(html, self.lookup)
        assert result.photos == [second, first]
        assert [p.caption for p in result.placements] == ["Thứ nhất", "Thứ hai"]
        assert result.removed == []

    def test_external_and_unknown_images_are_removed_and_reported(self):
        photo = PhotoFactory()
        html = (
            '<figure class="image"><img src="https://evil.example/a.jpg" alt="x">'
            "<figcaption>Ảnh lạ</figcaption></figure>"
            '<p>chữ <img src="/media/photos/2026/11/ffffffffffffffff.jpg" alt="y"></p>'
            + figure(photo, "Ảnh của cổng")
        )
        result = process_body(html, self.lookup)
        assert "evil.example" not in result.source
        assert "ffffffffffffffff" not in result.source
        assert "Ảnh lạ" not in result.source  # the caption goes with its photo
        assert "Ảnh của cổng" in result.source
        assert len(result.removed) == 2
        assert result.photos == [photo]

    def test_rendering_adds_responsive_attributes_and_credit(self):
        a, b = PhotoFactory(credit="Minh Anh"), PhotoFactory()
        result = process_body(figure(a, "Một") + figure(b, "Hai"), self.lookup)
        imgs = re.findall(r"<img [^>]+>", result.rendered)
        assert len(imgs) == 2
        assert 'fetchpriority="high"' in imgs[0] and "loading" not in imgs[0]
        assert 'loading="lazy"' in imgs[1]
        for img in imgs:
            for attribute in ("srcset=", "sizes=", 'width="1000"', 'height="667"', "alt="):
                assert attribute in img
        assert '<span class="photo-credit">Ảnh: Minh Anh</span>' in result.rendered
        # The source for the editor stays free of rendering attributes.
        assert "srcset" not in result.source

    def test_alt_falls_back_to_photo_default_and_missing_alt_is_reported(self):
        with_default = PhotoFactory(alt_text="Mô tả mặc định")
        without = PhotoFactory(alt_text="")
        html = figure(with_default, "Một", alt="") + figure(without, "Hai", alt="")
        result = process_body(html, self.lookup)
        assert 'alt="Mô tả mặc định"' in result.rendered
        assert result.missing_alt == [without]

    def test_processing_is_idempotent(self):
        photo = PhotoFactory()
        once = process_body("<p>x</p>" + figure(photo), self.lookup)
        twice = process_body(once.source, self.lookup)
        assert twice.source == once.source
        assert twice.rendered == once.rendered

    def test_image_alone_in_paragraph_becomes_a_figure(self):
        photo = PhotoFactory(credit="Văn Thành")
        result = process_body(f'<p><img src="{photo.url}" alt="a"></p>', self.lookup)
        assert result.rendered.startswith('<figure class="image"><picture><source ')
        assert "Ảnh: Văn Thành" in result.rendered

    def test_caption_markup_is_escaped_not_executed(self):
        photo = PhotoFactory(credit='<b onmouseover="x">tác giả</b>')
        result = process_body(figure(photo, "&lt;script&gt;alert(1)&lt;/script&gt;"), self.lookup)
        assert "<script" not in result.rendered
        assert "&lt;b onmouseover" in result.rendered


@pytest.mark.django_db
def test_editor_placeholder_is_not_kept_as_caption():
    photo = PhotoFactory()
    result = process_body(figure(photo, "Nhãn") + figure(photo, " "), TestPhotosInBody().lookup)
    assert "Nhãn" not in result.source and "<figcaption>" not in result.source
    assert [p.caption for p in result.placements] == ["", ""]


def test_empty_paragraphs_are_dropped():
    cleaned = process_body("<p>Một</p><p>&nbsp;</p><p> </p><p><br></p><p>Hai</p>", lambda k: {})
    assert cleaned.source == "<p>Một</p><p>Hai</p>"
