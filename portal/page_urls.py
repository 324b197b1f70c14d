from django.urls import path

from . import views
from .pagecache import cache_public_page

app_name = "portal"

urlpatterns = [
    path("trang/<slug:slug>/", cache_public_page(views.page_detail), name="page"),
]
