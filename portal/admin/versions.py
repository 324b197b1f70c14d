"""Versions in the admin (django-reversion): every save keeps one, with who and when; the
history compares any two; an old one can be restored, a deleted record recovered."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import diffs, richtext
from ..dates import short_datetime


class VersionedAdmin(VersionAdmin):
    """VersionAdmin with a comparison of any two versions (or a version and the current
    record) in readable words; kinds override :meth:`snapshot` to say what a reader sees."""

    object_history_template = "admin/portal/object_history.html"
    history_latest_first = True

    def snapshot(self, values: dict) -> list[tuple[str, str]]:
        """(label, text) of the fields worth comparing, from values by attribute name."""
        rows = []
        for field in self.model._meta.concrete_fields:
            if not field.editable or field.primary_key or field.name in ("created", "updated"):
                continue
            value = values.get(field.attname)
            if isinstance(field, models.ForeignKey):
                related = field.related_model._base_manager.filter(pk=value).first()
                text = diffs.Whole(related) if related else ""
            elif field.choices:
                text = diffs.Whole(dict(field.flatchoices).get(value, value or ""))
            elif isinstance(field, models.DateTimeField):
                text = diffs.Whole(short_datetime(value) if hasattr(value, "hour") else value or "")
            elif isinstance(field, models.DateField):
                text = diffs.Whole(f"{value:%d/%m/%Y}" if hasattr(value, "day") else value or "")
            elif hasattr(field, "snapshot_text"):
                text = field.snapshot_text(value)
            elif field.name == "body":
                text = richtext.to_text(value or "")
            else:
                text = "" if value is None else str(value)
            rows.append((str(field.verbose_name).capitalize(), text))
        return rows

    def history_view(self, request, object_id, extra_context=None):
        """The versions, newest first, each with its id (for the comparison form)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions.select_related("revision__user").order_by("-pk")
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def current_values(self, obj) -> dict:
        return {f.attname: getattr(obj, f.attname) for f in self.model._meta.concrete_fields}

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/history/so-sanh/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        """?a=<version id>&b=<version id or "hien-tai">: what changed from a to b."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.model._base_manager, pk=unquote(object_id))
        versions = Version.objects.get_for_object(obj).select_related("revision__user")

        def side(key):
            if key in (None, "", "hien-tai"):
                return _("Bản hiện tại"), self.current_values(obj)
            if not (str(key).isascii() and str(key).isdigit() and len(str(key)) <= 18):
                raise Http404
            version = get_object_or_404(versions, pk=key)
            label = _("Phiên bản %(time)s của %(who)s") % {
                "time": short_datetime(version.revision.date_created),
                "who": version.revision.user or "—",
            }
            return label, version.field_dict

        (old_label, old), (new_label, new) = side(request.GET.get("a")), side(request.GET.get("b"))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("So sánh phiên bản: %(name)s") % {"name": obj},
            "opts": opts,
            "object": obj,
            "old_label": old_label,
            "new_label": new_label,
            "changes": [
                change
                for change in diffs.compare(self.snapshot(old), self.snapshot(new))
                if change.changed
            ],
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/portal/compare.html", context)
