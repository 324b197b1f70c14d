"""What anonymous visitors sent recently: the record the rate limits count (portal/guard.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """One accepted anonymous write (a question, a comment, a status lookup): its kind, a keyed
    hash of the sender's address (never the address itself) and when. Counted by the rate limits
    on every server alike; kept only a few days (``manage.py personal_data erase``)."""

    kind = models.CharField(_("loại"), max_length=30)
    address = models.CharField(_("địa chỉ (băm)"), max_length=64)
    created = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("lượt gửi")
        indexes = [models.Index(fields=["kind", "address", "created"], name="submission_recent")]

    def __str__(self):
        return f"{self.kind} {self.created:%Y-%m-%d %H:%M}"
