"""The portal's own models in the caches, photos' and files' storage and protection, and a
version of everything deleted."""

import reversion
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from . import files, images, registry
from .models import Attachment, Banner, Page, Photo, ServiceLink, SiteProfile, UnitPortal

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
    variants = dict(instance.variants or {})
    transaction.on_commit(lambda: images.delete_files(name, renditions, variants))


@receiver(post_delete, sender=Attachment)
def delete_attachment_file(sender, instance, **kwargs):
    """A deleted file's bytes go once the deletion is committed (files in use are protected)."""
    name = instance.file.name
    transaction.on_commit(lambda: files.delete_file(name))


@receiver(pre_delete)
def keep_a_version_before_deleting(sender, instance, **kwargs):
    """Whatever is deleted, however (the admin, a bulk action, the shell), its last state is
    kept as a version, so it can be recovered even if it was never saved through the admin."""
    if not reversion.is_registered(sender):
        return
    with reversion.create_revision():
        reversion.add_to_revision(instance)
        reversion.set_comment(_("Phiên bản cuối, lưu lại lúc xoá."))
