import unicodedata

import pytest

from portal.text import fold, nfc, slugify_vi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giảm nghèo", "giam ngheo"),
        ("GIẢM NGHÈO", "giam ngheo"),
        ("Đài Phát thanh", "dai phat thanh"),
        ("Hải Dương", "hai duong"),
        ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
    ],
)
def test_fold_removes_case_and_diacritics(text, expected):
    assert fold(text) == expected


def test_fold_treats_nfd_and_nfc_alike():
    composed = "Giảm nghèo ở Đường Hải Dương"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(decomposed) == fold(composed) == "giam ngheo o duong hai duong"


def test_nfc_composes_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "tập huấn")
    assert nfc(decomposed) == "tập huấn"
    assert len(nfc(decomposed)) < len(decomposed)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đường lên Đồng Văn", "duong-len-dong-van"),
        ("Sở TT&TT Hải Dương tập huấn", "so-tttt-hai-duong-tap-huan"),
        ("Giảm nghèo về thông tin: 630 học viên!", "giam-ngheo-ve-thong-tin-630-hoc-vien"),
        ("Kế hoạch 2328/KH-UBND", "ke-hoach-2328-kh-ubnd"),  # a slash parts words
        ("Giai đoạn 2026–2030", "giai-doan-2026-2030"),  # so does a dash
    ],
)
def test_slug_keeps_d_for_dj(title, slug):
    assert slugify_vi(title) == slug


def test_slug_is_cut_without_trailing_hyphen():
    assert not slugify_vi("Tập huấn " * 40, max_length=30).endswith("-")
    assert len(slugify_vi("Tập huấn " * 40, max_length=30)) <= 30
