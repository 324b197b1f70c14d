import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.models import Article, Category
from portal.models import Photo, PhotoUse
from tests.factories import ArticleFactory, CategoryFactory, PhotoFactory, figure

pytestmark = pytest.mark.django_db


def test_fresh_install_has_a_default_category():
    assert Category.objects.filter(slug="tin-tuc-su-kien").exists()
    article = Article(title="Bài đầu tiên", sapo="Sapo.")
    article.save()
    assert article.category.slug == "tin-tuc-su-kien"


def test_slug_made_from_title_keeps_d():
    article = ArticleFactory(title="Đài Phát thanh huyện Đông Triều", slug="")
    assert article.slug == "dai-phat-thanh-huyen-dong-trieu"
    assert article.get_absolute_url().endswith(f"/dai-phat-thanh-huyen-dong-trieu-{article.pk}/")


def test_published_excludes_drafts_review_and_future():
    now = timezone.now()
    visible = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.REVIEW)
    ArticleFactory(publish_at=now + timezone.timedelta(minutes=5))
    assert list(Article.objects.published()) == [visible]


def test_publish_time_defaults_to_the_moment_of_publishing():
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    assert article.publish_at is None
    before = timezone.now().replace(microsecond=0)  # shown and compared to the second
    article.status = Article.Status.PUBLISHED
    article.save()
    assert before <= article.publish_at <= timezone.now()
    assert article.publish_at.microsecond == 0


def test_body_is_sanitised_on_save_from_any_path():
    article = ArticleFactory(body='<p onclick="x()">chữ</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert article.body == "<p>chữ</p>"
    assert "script" not in article.body_html


def test_text_is_stored_in_nfc():
    import unicodedata

    article = ArticleFactory(title=unicodedata.normalize("NFD", "Tập huấn giảm nghèo"))
    article.refresh_from_db()
    assert article.title == unicodedata.normalize("NFC", "Tập huấn giảm nghèo")


def test_search_text_is_folded():
    article = ArticleFactory(title="Giảm nghèo về thông tin", body="<p>Đài Phát thanh</p>")
    assert "giam ngheo ve thong tin" in article.search_text
    assert "dai phat thanh" in article.search_text


def test_photos_used_are_recorded_in_order_and_cover_falls_back_to_first():
    a, b, c = PhotoFactory(), PhotoFactory(), PhotoFactory()
    article = ArticleFactory(body=figure(b, "B") + "<p>x</p>" + figure(a, "A") + figure(c, "C"))
    uses = list(article.photo_uses.values_list("photo_id", "position", "caption"))
    assert uses == [(b.pk, 0, "B"), (a.pk, 1, "A"), (c.pk, 2, "C")]
    assert article.cover == b
    article.cover_photo = c
    article.save()
    assert article.cover == c
    article.body = figure(a, "Chỉ còn A")
    article.cover_photo = None
    article.save()
    assert list(article.photo_uses.values_list("photo_id", flat=True)) == [a.pk]
    assert article.cover == a


def test_photo_without_any_alt_text_is_refused_naming_it():
    photo = PhotoFactory(alt_text="")
    photo.original_name = "hoi-truong.jpg"
    photo.save()
    article = ArticleFactory.build(
        category=CategoryFactory(), body=figure(photo, "Hội trường", alt="")
    )
    with pytest.raises(ValidationError) as info:
        article.full_clean()
    assert "hoi-truong.jpg" in str(info.value.message_dict["body"])


def test_photo_default_alt_satisfies_the_check():
    photo = PhotoFactory(alt_text="Hội trường tập huấn")
    article = ArticleFactory.build(category=CategoryFactory(), body=figure(photo, "x", alt=""))
    article.full_clean()


def test_editing_photo_credit_updates_articles_using_it():
    photo = PhotoFactory(credit="Cũ")
    article = ArticleFactory(body=figure(photo))
    photo.credit = "Mới"
    photo.save()
    article.refresh_from_db()
    assert "Ảnh: Mới" in article.body_html
    assert "Ảnh: Cũ" not in article.body_html


def test_a_photo_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    photo = PhotoFactory()
    ArticleFactory(body=figure(photo))
    with pytest.raises(ProtectedError):
        photo.delete()
    assert PhotoUse.objects.count() == 1


def test_str_and_ordering():
    category = CategoryFactory(name="Chuyển đổi số")
    assert str(category) == "Chuyển đổi số"
    old = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=2))
    new = ArticleFactory()
    assert list(Article.objects.published()) == [new, old]
    assert str(new) == new.title


def test_unused_photos_are_found_and_pruned(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from portal.models import Banner, Page

    in_article = PhotoFactory()
    ArticleFactory(body=figure(in_article))
    in_page = PhotoFactory()
    Page.objects.create(title="Trang", body=figure(in_page))
    banner = PhotoFactory()
    Banner.objects.create(title="b", image=banner, alt_text="b")
    orphan = PhotoFactory()
    assert list(Photo.objects.unused()) == [orphan]
    call_command("prune_photos", "--days", "0", "--dry-run", verbosity=0)
    assert Photo.objects.filter(pk=orphan.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_photos", "--days", "0", verbosity=0)
    assert not Photo.objects.filter(pk=orphan.pk).exists()
    assert Photo.objects.count() == 3
