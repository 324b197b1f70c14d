"""What the page cache and the frame cache keep in the database."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheVersion(models.Model):
    """The current version token of something cached (portal/versions.py): the source of truth
    that the shared cache only copies, so that no cull or eviction can restart it."""

    name = models.CharField(max_length=60, unique=True)
    token = models.CharField(max_length=32)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiên bản bộ nhớ đệm")
        verbose_name_plural = _("phiên bản bộ nhớ đệm")

    def __str__(self):
        return f"{self.name}: {self.token}"
