import pytest

from tests.factories import ArticleFactory, PhotoFactory, figure

pytestmark = pytest.mark.django_db


def test_article_page_shows_captioned_photo(client):
    photo = PhotoFactory(credit="Minh Anh")
    article = ArticleFactory(body="<p>Mở đầu.</p>" + figure(photo, "Toàn cảnh hội nghị"))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toàn cảnh hội nghị" in html
    assert "Ảnh: Minh Anh" in html
