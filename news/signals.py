"""Keep derived data in step: an event's search text includes its speakers' names."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import EventSpeaker, TrainingEvent


@receiver(post_save, sender=EventSpeaker)
@receiver(post_delete, sender=EventSpeaker)
def speaker_changed(sender, instance, **kwargs):
    event = TrainingEvent.objects.filter(pk=instance.event_id).first()
    if event is not None:
        event.refresh_search_text()
