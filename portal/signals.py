"""Invalidate the cached frame when anything it shows changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from news.models import (
    Article,
    Category,
    EventSpeaker,
    EventTopic,
    ParticipantGroup,
    Photo,
    Programme,
    TrainingEvent,
)

from . import chrome, pagecache
from .models import Banner, Page, ServiceLink, SiteProfile, UnitPortal

CHROME_MODELS = (Category, Photo, SiteProfile, ServiceLink, UnitPortal, Banner, Page)
CONTENT_MODELS = (
    Article, Category, Photo, TrainingEvent, EventSpeaker, EventTopic, ParticipantGroup,
    Programme, Page,
)  # fmt: skip


@receiver(post_save)
@receiver(post_delete)
def chrome_changed(sender, **kwargs):
    if sender in CHROME_MODELS:
        chrome.invalidate()
    if sender in CONTENT_MODELS:
        pagecache.bump_content_version()


@receiver(m2m_changed, sender=TrainingEvent.programmes.through)
def programmes_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        pagecache.bump_content_version()
