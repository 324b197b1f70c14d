"""The site's visit figures, one row a day: the durable record behind "Thống kê truy cập"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteVisitDay(models.Model):
    """Visits and page views of the whole site on one day (local date), written in batches by
    portal/visits.py: never a row per visitor, nothing about who came. The admin report
    (portal/admin/visits.py) reads these rows; nobody edits them."""

    day = models.DateField(_("ngày"), unique=True)
    visits = models.PositiveIntegerField(
        _("lượt truy cập"),
        default=0,
        help_text=_("Một lượt là một người xem sau ít nhất 30 phút không xem trang nào."),
    )
    page_views = models.PositiveIntegerField(_("lượt xem trang"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("thống kê truy cập")
        verbose_name_plural = _("thống kê truy cập")

    def __str__(self):
        return _("%(visits)s lượt truy cập ngày %(day)s") % {
            "visits": self.visits,
            "day": self.day.strftime("%d/%m/%Y"),
        }
