"""The photo pipeline: only real, reasonable images get in; renditions made once at upload."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal import images
from portal.models import Photo
from tests.factories import image_bytes, upload

pytestmark = pytest.mark.django_db


def refused(data, name="anh.jpg"):
    with pytest.raises(ValidationError) as info:
        Photo.create_from_upload(SimpleUploadedFile(name, data))
    assert Photo.objects.count() == 0
    return " ".join(info.value.messages)


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_jpeg_is_stored_with_renditions(media_root):
    photo = Photo.create_from_upload(upload(data=image_bytes(size=(1600, 1000))))
    assert (photo.width, photo.height) == (1600, 1000)
    assert sorted(photo.renditions, key=int) == ["160", "320", "480", "800", "1200"]
    for name in [photo.image.name, *photo.renditions.values()]:
        with Image.open(media_root / name) as stored:
            assert stored.format == "JPEG"
    with Image.open(media_root / photo.renditions["480"]) as small:
        assert small.size == (480, 300)
    assert photo.srcset.endswith("1600w")


def test_png_and_webp_are_accepted_in_their_format(media_root):
    png = Photo.create_from_upload(upload("a.png", image_bytes("PNG", alpha=True)))
    webp = Photo.create_from_upload(upload("a.webp", image_bytes("WEBP")))
    assert png.image.name.endswith(".png") and webp.image.name.endswith(".webp")
    with Image.open(media_root / png.image.name) as stored:
        assert stored.mode == "RGBA"


def test_small_photo_has_no_upscaled_renditions():
    photo = Photo.create_from_upload(upload(data=image_bytes(size=(400, 300))))
    assert sorted(photo.renditions, key=int) == ["160", "320"]
    assert photo.display_url == photo.url
    tiny = Photo.create_from_upload(upload(data=image_bytes(size=(150, 100))))
    assert tiny.renditions == {}
    assert list(tiny.variants["webp"]) == ["150"]  # the modern formats at its own width only


def test_large_original_is_stored_downscaled(media_root):
    photo = Photo.create_from_upload(upload(data=image_bytes(size=(6000, 4000))))
    assert (photo.width, photo.height) == (2400, 1600)
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.size == (2400, 1600)


def test_orientation_applied_and_metadata_dropped_icc_kept(media_root):
    source = Image.new("RGB", (1200, 800), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Camera maker"
    gps = {1: "N", 2: (21.0, 0.0, 0.0), 3: "E", 4: (106.0, 0.0, 0.0)}
    exif[0x8825] = gps
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", exif=exif, icc_profile=icc, comment=b"secret comment")
    photo = Photo.create_from_upload(upload(data=buffer.getvalue()))
    assert (photo.width, photo.height) == (800, 1200)  # rotated upright
    for name in [photo.image.name, *photo.renditions.values()]:
        with Image.open(media_root / name) as stored:
            assert not stored.getexif(), "EXIF must be gone (GPS included)"
            assert "exif" not in stored.info and "comment" not in stored.info
            assert "xmp" not in stored.info
            assert stored.info.get("icc_profile") == icc


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"<html><body>not an image</body></html>", "anh.jpg", "không phải là ảnh"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "anh.svg",
            "không phải là ảnh",
        ),
        (b"Day chi la van ban, doi ten thanh .png", "anh.png", "không phải là ảnh"),
        (b"", "rong.jpg", "rỗng"),
    ],
)
def test_non_images_are_refused(data, name, expected, media_root):
    assert expected in refused(data, name)
    assert stored_files(media_root) == []


def test_truncated_jpeg_is_refused(media_root):
    data = image_bytes(size=(1200, 800))
    message = refused(data[: len(data) // 2])
    assert "hỏng" in message
    assert stored_files(media_root) == []


def test_gif_is_refused_with_export_advice():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    assert "JPEG" in refused(buffer.getvalue(), "a.gif") and "GIF" in refused(buffer.getvalue())


def test_heic_is_refused_with_export_advice():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
    message = refused(heic, "IMG_0001.HEIC")
    assert "HEIC" in message and "JPEG" in message


def test_pixel_bomb_is_refused_before_decoding(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    # A PNG that declares 4000 × 4000 pixels; compressed it is tiny.
    data = image_bytes("PNG", size=(4000, 4000), colour=(0, 0, 0))
    assert len(data) < 200_000
    assert "megapixel" in refused(data, "bom.png")


def test_file_over_the_size_limit_is_refused(settings):
    settings.PHOTO_MAX_BYTES = 10_000
    data = image_bytes(size=(1500, 1000), quality=100)
    assert len(data) > 10_000
    assert "tối đa" in refused(data)


def test_animated_webp_is_refused():
    frames = [Image.new("RGB", (50, 50), c) for c in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:])
    assert "động" in refused(buffer.getvalue(), "a.webp")


def test_cmyk_jpeg_is_converted_to_rgb(media_root):
    buffer = io.BytesIO()
    Image.new("CMYK", (900, 600), (0, 100, 100, 0)).save(buffer, "JPEG")
    photo = Photo.create_from_upload(upload(data=buffer.getvalue()))
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.mode == "RGB"


def test_deleting_a_photo_removes_its_files(media_root, django_capture_on_commit_callbacks):
    photo = Photo.create_from_upload(upload(data=image_bytes(size=(1300, 800))))
    # the original, 5 renditions, and WebP (and AVIF) at those 6 widths
    assert len(stored_files(media_root)) == 6 + 6 * len(images.modern_formats("jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_files(media_root) == []


def test_process_reads_size_of_plain_file_objects():
    processed = images.process(io.BytesIO(image_bytes(size=(500, 400))))
    assert processed.width == 500
