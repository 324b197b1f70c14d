"""Photos in modern formats: AVIF (when this Pillow writes it) and WebP beside the JPEG, made
once at upload, offered in <picture> everywhere photos are shown, with sizes that follow the
layout; and manage.py photo_renditions for the photos stored before."""

from __future__ import annotations

import io
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from portal import images, pictures
from portal.models import Banner, Photo, ServiceLink, SiteProfile
from portal.richtext import process_body, sanitise
from tests.factories import ArticleFactory, CategoryFactory, PhotoFactory, figure, image_bytes
from tests.pictures import (
    needed,
    pictures_in,
    scene_bytes,
    slot_width,
    srcset_urls,
    srcset_widths,
)

pytestmark = pytest.mark.django_db

AVIF = images.avif_supported()
MODERN = ["image/avif", "image/webp"] if AVIF else ["image/webp"]
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def upload_scene(size=(900, 600), seed=1, name="anh.jpg") -> Photo:
    return Photo.create_from_upload(
        SimpleUploadedFile(name, scene_bytes(size, seed)), alt_text="Ảnh thử"
    )


def stored_size(name: str) -> tuple[str, tuple[int, int]]:
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        return image.format, image.size


def all_names(photo: Photo) -> list[str]:
    names = [photo.image.name, *photo.renditions.values()]
    for files in photo.variants.values():
        names.extend(files.values())
    return names


# Made once, at upload


def test_upload_makes_every_width_in_every_format(media_root):
    photo = upload_scene()
    assert sorted(photo.renditions, key=int) == ["160", "320", "480", "800"]
    assert sorted(photo.variants) == (["avif", "webp"] if AVIF else ["webp"])
    for modern, files in photo.variants.items():
        assert sorted(files, key=int) == ["160", "320", "480", "800", "900"], modern
        for width, name in files.items():
            assert default_storage.exists(name) and name.endswith(f"-{width}.{modern}")
            fmt, size = stored_size(name)
            assert fmt == modern.upper() and size == (int(width), round(600 * int(width) / 900))
    for width, name in photo.renditions.items():
        assert stored_size(name) == ("JPEG", (int(width), round(600 * int(width) / 900)))


def test_modern_formats_are_much_smaller_than_the_jpeg_at_each_width(media_root):
    photo = upload_scene(seed=2)
    jpeg = {**photo.renditions, "900": photo.image.name}
    for modern, files in photo.variants.items():
        for width, name in files.items():
            ratio = default_storage.size(name) / default_storage.size(jpeg[width])
            assert ratio < 0.6, (modern, width, ratio)


def test_without_avif_in_pillow_only_webp_is_made(media_root, monkeypatch):
    monkeypatch.setattr(images, "avif_supported", lambda: False)
    photo = upload_scene()
    assert list(photo.variants) == ["webp"]
    assert not any(name.endswith(".avif") for name in all_names(photo))
    assert [mime for mime, _ in photo.picture_sources()] == ["image/webp"]


@pytest.mark.skipif(not AVIF, reason="this Pillow writes no AVIF")
def test_avif_is_offered_first_when_pillow_writes_it(media_root):
    photo = upload_scene()
    assert [mime for mime, _ in photo.picture_sources()] == ["image/avif", "image/webp"]


def test_a_modern_format_is_kept_only_when_smaller_than_the_next(media_root):
    # A flat colour: WebP is tiny there, and AVIF (when made) is no smaller than it.
    processed = images.process(io.BytesIO(image_bytes(size=(1000, 667))))
    totals = {
        name: sum(len(d) for d in files.values()) for name, files in processed.variants.items()
    }
    fallback = len(processed.original) + sum(len(d) for d in processed.renditions.values())
    order = [m for m in images.modern_formats("jpg") if processed.variants[m]]
    sizes = [totals[m] for m in order] + [fallback]
    assert sizes == sorted(sizes)
    flat = images.process(io.BytesIO(image_bytes(size=(150, 100))))
    if AVIF:
        assert flat.variants["avif"] == {}  # made, larger than the WebP: dropped
    assert list(flat.variants["webp"]) == [150]


def test_png_gets_lossless_webp_and_no_avif(media_root):
    source = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    source.paste((11, 74, 139, 255), (50, 50, 550, 250))
    buffer = io.BytesIO()
    source.save(buffer, "PNG")
    photo = Photo.create_from_upload(SimpleUploadedFile("logo.png", buffer.getvalue()))
    assert list(photo.variants) == ["webp"]
    with (
        default_storage.open(photo.variants["webp"]["600"], "rb") as stored,
        Image.open(stored) as webp,
    ):
        assert webp.convert("RGBA").tobytes() == source.tobytes()  # lossless


def test_deleting_a_photo_deletes_its_modern_files(media_root, django_capture_on_commit_callbacks):
    photo = upload_scene()
    names = all_names(photo)
    assert len(names) == 1 + 4 + 5 * len(MODERN)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_upload_and_command_use_only_the_storage_api(settings, media_root):
    """No local path: with Django's in-memory storage nothing reaches MEDIA_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    photo = upload_scene()
    assert default_storage.exists(photo.variants["webp"]["480"])
    call_command("photo_renditions", stdout=StringIO())
    photo.refresh_from_db()
    assert all(default_storage.exists(name) for name in all_names(photo))
    assert not Path(media_root).exists() or not any(Path(media_root).rglob("*.*"))


# The markup


def test_body_photo_is_a_picture_with_sources_then_the_jpeg_fallback(media_root):
    photo = PhotoFactory(credit="Minh Anh")
    rendered = process_body("<p>Chữ.</p>" + figure(photo, "Lễ khai mạc"), _photos).rendered
    sources = len(MODERN)
    assert re.search(
        rf'<figure class="image"><picture>(<source [^>]+>){{{sources}}}<img [^>]+></picture>'
        r"<figcaption>Lễ khai mạc",
        rendered,
    )
    (picture,) = pictures_in(rendered)
    assert picture.types == MODERN
    widths = [160, 320, 480, 800, 1200, 1600]
    for source in picture.sources:
        assert set(source) == {"type", "srcset", "sizes"}
        assert srcset_widths(source["srcset"]) == widths
        extension = source["type"].split("/")[1]
        assert all(u.endswith(f".{extension}") for u in srcset_urls(source["srcset"]))
        assert source["sizes"] == pictures.SIZES["body"]
    img = picture.img
    assert img["src"].endswith("-800.jpg") and img["alt"] == "Mô tả ảnh"
    assert srcset_widths(img["srcset"]) == widths
    assert all(u.endswith(".jpg") for u in srcset_urls(img["srcset"]))
    assert (img["width"], img["height"]) == ("1600", "1067")
    assert img["sizes"] == pictures.SIZES["body"] and img["fetchpriority"] == "high"


def test_photo_without_modern_formats_stays_a_plain_img(media_root):
    photo = PhotoFactory()
    Photo.objects.filter(pk=photo.pk).update(variants={})
    photo.refresh_from_db()
    rendered = process_body(figure(photo), _photos).rendered
    assert "<picture>" not in rendered and "<source" not in rendered
    assert re.search(r'<figure class="image"><img src="[^"]+-800\.jpg" srcset=', rendered)


def test_editors_cannot_paste_picture_or_source(media_root):
    photo = PhotoFactory()
    pasted = (
        '<picture><source type="image/webp" srcset="https://evil.example/x.webp 800w" '
        f'media="all" onerror="x()"><img src="{photo.url}" alt="Ảnh"></picture>'
    )
    assert "picture" not in sanitise(pasted) and "source" not in sanitise(pasted)
    result = process_body(pasted, _photos)
    assert "evil.example" not in result.source + result.rendered
    assert "<picture" not in result.source
    (picture,) = pictures_in(result.rendered)  # the renderer's own, from the photo's record
    assert all(set(source) == {"type", "srcset", "sizes"} for source in picture.sources)


def _photos(keys):
    return {p.key: p for p in Photo.objects.filter(key__in=keys)}


@pytest.fixture
def site(media_root):
    """Every place a photo is shown: a featured article with a body photo, more articles in
    lists, top and sidebar banners, an uploaded service icon, the logo."""
    category = CategoryFactory(name="Chuyển đổi số", slug="chuyen-doi-so")
    articles = [
        ArticleFactory(category=category, body=figure(PhotoFactory(), "Ảnh trong bài"))
        for _ in range(5)
    ]
    Banner.objects.create(title="Trên", image=PhotoFactory(), alt_text="Băng rôn", position="top")
    Banner.objects.create(title="Bên", image=PhotoFactory(), alt_text="Băng rôn bên")
    ServiceLink.objects.create(
        title="Dịch vụ công", url="https://dichvucong.gov.vn/", icon_image=PhotoFactory()
    )
    SiteProfile.objects.update(logo=PhotoFactory(size=(400, 400)))
    return articles


def sizes_of(html: str) -> dict[str, list]:
    """The pictures of a page by the name of their sizes in pictures.SIZES."""
    names = {value: key for key, value in pictures.SIZES.items()}
    found: dict[str, list] = {}
    for picture in pictures_in(html):
        found.setdefault(names[picture.img["sizes"]], []).append(picture)
    return found


def test_every_photo_on_the_pages_is_a_picture_with_a_jpeg_fallback(client, site):
    frame = {"banner_top", "banner_sidebar", "icon"}  # banners, the service icon, the logo
    pages = {
        "/": {"featured", "card_grid", "card", "card_compact"},
        "/tin-tuc/chuyen-doi-so/": {"card"},
        site[0].get_absolute_url(): {"body", "card_compact"},
    }
    for url, expected in pages.items():
        html = client.get(url).content.decode()
        found = sizes_of(html)
        assert set(found) == expected | frame, url
        assert len(found["icon"]) == 2  # the logo and the service link's icon
        # every uploaded photo's <img> sits in a <picture>
        photos = [img for img in re.findall(r"<img [^>]*>", html) if "/media/" in img]
        assert len(photos) == sum(len(group) for group in found.values()), url
        for picture in (p for group in found.values() for p in group):
            assert picture.types == MODERN, url
            assert picture.img["src"].endswith(".jpg")
            assert all(u.endswith(".jpg") for u in srcset_urls(picture.img["srcset"]))
            assert all(s["sizes"] == picture.img["sizes"] for s in picture.sources)
            assert picture.img.get("width") and picture.img.get("height")


def test_thumbnails_carry_no_candidates_no_screen_would_pick(client, site):
    found = sizes_of(client.get("/").content.decode())
    for name, largest in [("card_compact", 480), ("card", 800), ("icon", 160)]:
        for picture in found.get(name, []):
            for srcset in [picture.img["srcset"], *(s["srcset"] for s in picture.sources)]:
                assert max(srcset_widths(srcset)) == largest, name
    (featured,) = found["featured"]
    assert max(srcset_widths(featured.img["srcset"])) == 1600


# Sizes: what a 375 px phone downloads, and the layout they come from


@pytest.mark.parametrize(
    ("sizes", "density", "largest"),
    [
        ("body", 1, 480), ("body", 2, 800), ("body", 3, 1200),
        ("featured", 2, 800), ("card_grid", 2, 800),
        ("card", 2, 320), ("card_compact", 2, 320), ("icon", 3, 160),
        ("banner_top", 2, 800), ("banner_sidebar", 2, 800), ("portrait", 2, 320),
    ],
)  # fmt: skip
def test_a_375px_phone_downloads_no_photo_wider_than_it_needs(sizes, density, largest):
    widths = [160, 320, 480, 800, 1200, 1600, 2400]
    slot = slot_width(pictures.SIZES[sizes], 375)
    assert slot <= 343  # never wider than the phone's column (375 - 2 × 16 px)
    assert needed(widths, slot, density) == largest


def _css_number(pattern: str) -> float:
    match = re.search(pattern, CSS.read_text(), re.S)
    assert match, f"site.css changed: {pattern!r} not found; update portal/pictures.py SIZES"
    return float(match[1])


def test_sizes_follow_the_stylesheets_layout():
    content = _css_number(r"--content: (\d+)px")
    gap = _css_number(r"--gap: (\d+)px")
    sidebar = _css_number(
        r"@media \(min-width: 960px\) \{\s*\.layout \{ grid-template-columns: "
        r"minmax\(0, 1fr\) (\d+)px"
    )
    column_gap = _css_number(r"\.layout \{ display: grid; gap: (\d+)px")
    featured_gap = _css_number(r"\.featured \{ display: grid; gap: (\d+)px")
    card_min = _css_number(r"\.card-grid \{[^}]*minmax\((\d+)px, 1fr\)")
    card_gap = _css_number(r"\.card-grid \{ display: grid; gap: (\d+)px")

    def main(v):
        inner = min(v, content) - 2 * gap
        return inner - sidebar - column_gap if v >= 960 else inner

    def grid_card(v):
        columns = max(1, int((main(v) + card_gap) // (card_min + card_gap)))
        return (main(v) - card_gap * (columns - 1)) / columns

    expected = {
        "body": main,
        "featured": lambda v: (main(v) - featured_gap) * 3 / 5 if v >= 768 else main(v),
        "card_grid": grid_card,
        "card": lambda v: 200 if v >= 600 else 120,
        "card_compact": lambda v: 120,
        "banner_top": lambda v: min(v, content) - 2 * gap,
        "banner_sidebar": lambda v: sidebar if v >= 960 else main(v),
    }
    for name, width in expected.items():
        for viewport in range(320, 1700, 3):
            slot = slot_width(pictures.SIZES[name], viewport)
            # never smaller than the photo shows (blurred), at most a pixel larger
            assert 0 <= slot - width(viewport) <= 1, (name, viewport, slot, width(viewport))


# manage.py photo_renditions


def make_old(photo: Photo) -> None:
    """The photo as the pipeline left it before modern formats: JPEG at 480/800/1200 only."""
    for files in photo.variants.values():
        for name in files.values():
            default_storage.delete(name)
    for width in [w for w in photo.renditions if w not in ("480", "800", "1200")]:
        default_storage.delete(photo.renditions.pop(width))
    Photo.objects.filter(pk=photo.pk).update(variants={}, renditions=photo.renditions)
    photo.refresh_from_db()


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("photo_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def listing() -> dict[str, bytes]:
    found = {}

    def walk(folder):
        directories, files = default_storage.listdir(folder)
        for name in files:
            path = f"{folder}/{name}" if folder else name
            with default_storage.open(path, "rb") as stored:
                found[path] = stored.read()
        for directory in directories:
            walk(f"{folder}/{directory}" if folder else directory)

    walk("photos")
    return found


def test_command_makes_old_photos_modern_and_renders_their_bodies_again(media_root):
    photo = upload_scene(size=(1300, 867))
    make_old(photo)
    article = ArticleFactory(body=figure(photo))
    assert "<picture>" not in article.body_html
    out, err = run()
    assert err == ""
    assert "Photos [" in out and "1/1 100%" in out and "Bodies [" in out
    assert "Photos: 1 made again, 0 already complete, 0 failed. Bodies rendered again: 1." in out
    photo.refresh_from_db()
    assert sorted(photo.renditions, key=int) == ["160", "320", "480", "800", "1200"]
    assert all(sorted(f, key=int) == ["160", "320", "480", "800", "1200", "1300"]
               for f in photo.variants.values())  # fmt: skip
    article.refresh_from_db()
    (picture,) = pictures_in(article.body_html)
    assert picture.types == MODERN


def test_command_twice_changes_nothing_the_second_time(media_root):
    upload_scene(seed=1)
    make_old(upload_scene(seed=2))
    ArticleFactory(body=figure(Photo.objects.last()))
    run()
    files, records = listing(), list(Photo.objects.values("renditions", "variants"))
    out, _err = run()
    assert listing() == files
    assert list(Photo.objects.values("renditions", "variants")) == records
    assert "Bodies rendered again: 0." in out


def test_missing_only_makes_only_what_is_missing_and_keeps_what_is_there(media_root):
    complete, old = upload_scene(seed=1), upload_scene(seed=2)
    make_old(old)
    kept = old.renditions["800"]
    with default_storage.open(kept, "rb") as stored:
        before = stored.read()
    untouched = {name: default_storage.size(name) for name in all_names(complete)}
    out, _err = run("--missing-only")
    assert "Photos: 1 made again, 1 already complete, 0 failed." in out
    old.refresh_from_db()
    assert old.renditions["800"] == kept and sorted(old.variants) == sorted(complete.variants)
    with default_storage.open(kept, "rb") as stored:
        assert stored.read() == before  # an existing file is left as it is
    assert {n: default_storage.size(n) for n in all_names(complete)} == untouched
    # A file gone from the storage makes the photo incomplete again.
    default_storage.delete(complete.variants["webp"]["320"])
    out, _err = run("--missing-only")
    assert "Photos: 1 made again, 1 already complete" in out
    assert default_storage.exists(complete.variants["webp"]["320"])
    out, _err = run("--missing-only")
    assert "Photos: 0 made again, 2 already complete, 0 failed." in out


def test_dry_run_changes_nothing(media_root):
    make_old(upload_scene())
    files = listing()
    out, _err = run("--dry-run", "--missing-only")
    assert "Photos: 1 would make again, 0 already complete" in out
    assert listing() == files and Photo.objects.get().variants == {}


def test_a_broken_original_is_named_and_the_others_are_still_made(media_root):
    broken, missing, good = upload_scene(seed=1), upload_scene(seed=2), upload_scene(seed=3)
    for photo in (broken, missing, good):
        make_old(photo)
    with default_storage.open(broken.image.name, "rb") as stored:
        half = stored.read()[:2000]
    default_storage.delete(broken.image.name)
    default_storage.save(broken.image.name, ContentFile(half))
    default_storage.delete(missing.image.name)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"2 photo\(s\) could not be read"):
        call_command("photo_renditions", stdout=out, stderr=err)
    errors = err.getvalue()
    assert f"Photo {broken.pk} ({broken.image.name}): the original cannot be used: " in errors
    assert "bị hỏng" in errors  # the pipeline's own reason
    assert f"Photo {missing.pk} ({missing.image.name})" in errors
    assert "Photos: 1 made again, 0 already complete, 2 failed." in out.getvalue()
    good.refresh_from_db()
    assert sorted(good.variants) == sorted(images.modern_formats("jpg"))
    broken.refresh_from_db()
    assert broken.variants == {}  # nothing half-recorded


def test_command_on_a_bucket_replaces_files_under_their_names(settings, monkeypatch):
    """S3 storage (moto in process) keeps a second file beside the first rather than replace
    it (``file_overwrite`` off): rendering again must replace, not add copies."""
    import boto3
    from moto import mock_aws

    from portal import media_storage

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    environment = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "anh",
        "AWS_S3_REGION_NAME": "ap-southeast-1",
    }
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-southeast-1")
        s3.create_bucket(
            Bucket="anh", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
        )
        config = media_storage.configure(environment, memory_bytes=1024)
        settings.STORAGES = {**settings.STORAGES, **config.storages}
        settings.MEDIA_URL = config.media_url
        photo = upload_scene()
        make_old(photo)
        run()
        photo.refresh_from_db()
        stored = {item["Key"] for item in s3.list_objects_v2(Bucket="anh")["Contents"]}
        assert stored == set(all_names(photo))
        run()
        assert {item["Key"] for item in s3.list_objects_v2(Bucket="anh")["Contents"]} == stored
        (picture,) = pictures_in(process_body(figure(photo), _photos).rendered)
        assert picture.img["src"].startswith(config.media_url)
