"""The portal's own models in the caches, and photos' files and protection."""

from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from . import images, registry
from .models import Banner, Page, Photo, ServiceLink, SiteProfile, UnitPortal

# Everything the frame shows; a photo's new credit also changes the pages that print it.
registry.watch(SiteProfile, ServiceLink, UnitPortal, Banner, Page, Photo, frame=True)


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
