"""Keep derived data in step: an event's search text includes its speakers' names; a photo in
use is never deleted, and a deleted photo takes its files with it."""

from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from . import images
from .models import EventSpeaker, Photo, TrainingEvent


@receiver(post_save, sender=EventSpeaker)
@receiver(post_delete, sender=EventSpeaker)
def speaker_changed(sender, instance, **kwargs):
    event = TrainingEvent.objects.filter(pk=instance.event_id).first()
    if event is not None:
        event.refresh_search_text()


@receiver(pre_delete, sender=Photo)
def refuse_photo_in_use(sender, instance, **kwargs):
    """The last guard (the admin explains it first): shell, bulk delete and code alike."""
    users = instance.usages()
    if users:
        names = ", ".join(f"{u._meta.verbose_name} “{u}”" for u in users[:5])
        raise ProtectedError(f"Photo {instance.key} is in use: {names}", set(users))


@receiver(post_delete, sender=Photo)
def delete_photo_files(sender, instance, **kwargs):
    """Single and bulk deletes alike; the files go once the deletion is committed."""
    name, renditions = instance.image.name, dict(instance.renditions or {})
    transaction.on_commit(lambda: images.delete_files(name, renditions))
