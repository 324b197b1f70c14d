"""Invalidate the cached frame when anything it shows changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from news.models import Category, Photo

from . import chrome
from .models import Banner, Page, ServiceLink, SiteProfile, UnitPortal

CHROME_MODELS = (Category, Photo, SiteProfile, ServiceLink, UnitPortal, Banner, Page)


@receiver(post_save)
@receiver(post_delete)
def chrome_changed(sender, **kwargs):
    if sender in CHROME_MODELS:
        chrome.invalidate()
