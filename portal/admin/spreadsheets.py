"""A register's export and import in the admin, for any kind with a layout (portal/imports.py):
the filtered list as CSV or XLSX, and a file imported back all or nothing, with every faulty
row listed by its number."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import imports, spreadsheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp CSV hoặc XLSX"),
        help_text=gettext_lazy("Dùng đúng các cột của tệp xuất; tối đa 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, layout: imports.Layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.rows = self.layout.read(upload)
        except spreadsheets.SpreadsheetError as exc:
            raise ValidationError(str(exc)) from exc
        return upload


class SpreadsheetAdmin:
    """Export (the list as filtered, same query string) and import for a ModelAdmin. A kind
    says: ``layout``, ``export_rows(queryset, excel)``, ``check_import(request, rows)``
    (parsed, errors)
    and ``write_import_row(row, user)`` (True when it created a record); ``import_notes``
    are shown above the import form."""

    import_notes: tuple = ()
    change_list_template = "admin/portal/spreadsheet/change_list.html"

    REQUIRED = ("layout", "export_rows", "check_import", "write_import_row")

    def __init_subclass__(cls, **kwargs):
        """A kind that forgets one of the hooks fails when its admin is imported, not when
        someone first clicks "Xuất" or "Nhập"."""
        super().__init_subclass__(**kwargs)
        missing = [name for name in cls.REQUIRED if not hasattr(cls, name)]
        if missing:
            raise TypeError(f"{cls.__name__} must define {', '.join(missing)}")

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        view = self.admin_site.admin_view
        return [
            path("xuat/<str:fmt>/", view(self.export_view), name="{}_{}_export".format(*info)),
            path("nhap/", view(self.import_view), name="{}_{}_import".format(*info)),
            *super().get_urls(),
        ]

    def export_view(self, request, fmt):
        if not self.has_view_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        if fmt not in ("csv", "xlsx"):
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            queryset = self.get_queryset(request)
        if fmt == "csv":
            body = self.layout.to_csv(self.export_rows(queryset, excel=False))
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        else:
            body = self.layout.to_xlsx(self.export_rows(queryset, excel=True))
            response = HttpResponse(body, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{self.layout.filename(fmt)}"'
        return response

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        form = ImportForm(request.POST or None, request.FILES or None, layout=self.layout)
        errors = []
        if request.method == "POST" and form.is_valid():
            parsed, errors = self.check_import(request, form.rows)
            if not errors:
                created, updated = imports.write_rows(parsed, self.write_import_row, request.user)
                self.message_user(
                    request,
                    _("Đã nhập %(n)d %(kind)s: %(c)d mới, %(u)d được cập nhật.")
                    % {"n": created + updated, "kind": opts.verbose_name, "c": created,
                       "u": updated},
                    messages.SUCCESS,
                )  # fmt: skip
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập %(kinds)s từ tệp") % {"kinds": opts.verbose_name_plural},
            "opts": opts,
            "form": form,
            "row_errors": errors,
            "headers": self.layout.headers,
            "notes": self.import_notes,
        }
        return TemplateResponse(request, "admin/portal/spreadsheet/import.html", context)
