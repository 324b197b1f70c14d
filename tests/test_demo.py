import pytest
from django.core.management import call_command

from news.models import Article, Category
from portal.models import Photo, ServiceLink

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_complete(client):
    call_command("load_demo", verbosity=0)
    counts = (Article.objects.count(), Photo.objects.count(), Category.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Article.objects.count(), Photo.objects.count(), Category.objects.count()) == counts

    assert Article.objects.published().count() >= 13
    assert Category.objects.filter(articles__isnull=False).distinct().count() >= 4
    training = Article.objects.get(slug__startswith="so-tttt-hai-duong-tap-huan")
    assert "tập huấn" in training.title
    assert "giảm nghèo" in training.title
    assert training.byline == "Phạm Hương"
    assert "630" in training.sapo
    assert training.photo_uses.count() == 3
    captions = list(training.photo_uses.values_list("caption", flat=True))
    assert "Nguyễn Cao Thắng" in captions[0]
    assert "Nguyễn Ngọc Hải" in captions[1]
    assert "Toàn cảnh" in captions[2]

    html = client.get(training.get_absolute_url()).content.decode()
    assert "Thứ sáu, 29/09/2017 10:02" in html
    assert html.count("<figcaption>") == 3
    assert "Cổng dịch vụ công Quốc gia" in html
    assert list(ServiceLink.objects.values_list("button_label", flat=True)) == ["Xem chi tiết"] * 3


def test_load_demo_creates_no_user():
    from django.contrib.auth import get_user_model

    call_command("load_demo", verbosity=0)
    assert get_user_model().objects.count() == 0


def test_dry_run_changes_nothing():
    call_command("load_demo", "--dry-run", verbosity=0)
    assert Article.objects.count() == 0
