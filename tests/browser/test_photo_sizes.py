"""Chromium's own layout against the photos' ``sizes`` (portal/pictures.py), and the files it
downloads: at phone, tablet and desktop widths every photo is shown exactly as wide as its
``sizes`` says, and the browser fetches a modern format, never a file wider than the widest
place the photo has on the page needs at the screen's density."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import images, pictures
from portal.models import Banner, Photo, ServiceLink, SiteProfile
from tests.factories import ArticleFactory, CategoryFactory, figure
from tests.pictures import needed, scene_bytes, slot_width

pytestmark = pytest.mark.django_db(transaction=True)

# (viewport width, device pixel ratio)
SCREENS = [(375, 1), (375, 2), (375, 3), (600, 1), (800, 1), (1000, 1), (1100, 1), (1280, 1),
           (1280, 2)]  # fmt: skip

# Every photo scrolled into view and loaded; its key, its sizes and its width on the screen.
MEASURE = """async () => {
    const found = [];
    for (const img of document.querySelectorAll("picture > img")) {
        img.scrollIntoView({block: "center"});
        if (!img.complete) {
            await new Promise(done => { img.addEventListener("load", done, {once: true});
                                        img.addEventListener("error", done, {once: true}); });
        }
        found.push({sizes: img.sizes, width: img.getBoundingClientRect().width,
                    srcset: img.srcset, src: img.currentSrc});
    }
    window.scrollTo(0, 0);
    return found;
}"""
KEY = re.compile(r"/photos/\d{4}/\d{2}/([0-9a-f]+)(?:-(\d+))?\.(\w+)$")


def upload(size, seed):
    return Photo.create_from_upload(
        SimpleUploadedFile("anh.jpg", scene_bytes(size, seed)), alt_text="Ảnh thử"
    )


@pytest.fixture
def site(media_root):
    """A photo of its own for each place, so that one shown large cannot justify a file
    fetched for a thumbnail: the featured article's (in its body too), four more articles',
    the banners', the service icon's and the logo's."""
    category = CategoryFactory(name="Chuyển đổi số", slug="chuyen-doi-so")
    articles = [
        ArticleFactory(category=category, body=figure(upload((1000, 667), seed), "Hội nghị"))
        for seed in range(1, 5)
    ]
    articles.append(
        ArticleFactory(category=category, body=figure(upload((1600, 1067), 5), "Khai mạc"))
    )
    Banner.objects.create(
        title="Trên", image=upload((1600, 400), 6), alt_text="Băng rôn", position="top"
    )
    Banner.objects.create(title="Bên", image=upload((960, 360), 7), alt_text="Băng rôn bên")
    ServiceLink.objects.create(title="Dịch vụ công", url="https://dichvucong.gov.vn/",
                               icon_image=upload((200, 200), 8))  # fmt: skip
    SiteProfile.objects.update(logo=upload((300, 300), 9))
    return ["/", "/tin-tuc/chuyen-doi-so/", articles[-1].get_absolute_url()]


def test_photos_are_as_wide_as_their_sizes_and_no_wider_file_is_fetched(new_context, site):
    photos = {photo.key: photo for photo in Photo.objects.all()}
    names = {value: key for key, value in pictures.SIZES.items()}
    modern = "avif" if images.avif_supported() else "webp"
    seen = set()
    for (viewport, density), url in itertools.product(SCREENS, site):
        # A context of its own (an empty cache): every file it shows, it fetches for this page.
        page = new_context(
            viewport={"width": viewport, "height": 900}, device_scale_factor=density
        ).new_page()
        fetched: list[str] = []
        page.on("request", lambda r, f=fetched: f.append(r.url) if "/media/" in r.url else None)
        page.goto(url)
        widest: dict[str, int] = {}  # what each photo needs at most on this page
        for found in page.evaluate(MEASURE):
            name = names[found["sizes"]]
            seen.add(name)
            where = (url, viewport, density, name)
            slot = slot_width(found["sizes"], viewport)
            assert abs(found["width"] - slot) <= 1, (*where, found["width"], slot)
            photo = photos[KEY.search(found["srcset"].split(" ", 1)[0])[1]]
            need = needed(images.variant_widths(photo.width), slot, density)
            widest[photo.key] = max(widest.get(photo.key, 0), need)
            assert found["src"].endswith(f".{modern}"), (*where, found["src"])
        for address in fetched:
            key, width, extension = KEY.search(address).groups()
            width = int(width) if width else photos[key].width
            assert extension == modern, (url, viewport, density, address)
            assert width <= widest[key], (url, viewport, density, address, widest[key])
    assert set(pictures.SIZES) - {"portrait"} <= seen
