"""The visit report in the admin (*Thống kê truy cập*): visits and page views by day over a
range of days (the last 30 by default), with an SVG chart drawn on the server, the tables the
content kinds add (views by category and by article: ``registry.add_report``), and the same as
an XLSX workbook. Only for staff who may view ``SiteVisitDay`` (approvers and administrators,
portal/roles.py); the rows themselves are never edited."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import registry, spreadsheets
from ..charts import bar_chart, column_chart
from ..models import SiteVisitDay
from .mixins import ReadOnlyAdmin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_DAYS = 30
MAX_DAYS = 366
TOP_CHOICES = (10, 20, 50, 100)
DEFAULT_TOP = 20
CHART_ROWS = 20  # bars drawn at most; the table lists every row


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ (dạng ngày/tháng/năm).")},
    )


class ReportForm(forms.Form):
    tu = _date_field(gettext_lazy("Từ ngày"))
    den = _date_field(gettext_lazy("Đến ngày"))
    so_bai = forms.TypedChoiceField(
        label=gettext_lazy("Số bài đứng đầu"),
        choices=[(n, str(n)) for n in TOP_CHOICES],
        coerce=int,
        required=False,
        empty_value=DEFAULT_TOP,
    )

    def clean(self):
        data = super().clean()
        end = data.get("den") or timezone.localdate()
        start = data.get("tu") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Chọn tối đa %(days)s ngày một lần.") % {"days": MAX_DAYS}
            )
        data["tu"], data["den"] = start, end
        return data


def _range(request) -> tuple[ReportForm, date, date, int]:
    """The form as sent, and the days and number of rows the report covers (the default ones
    when the form is wrong: the page says why, and never fails)."""
    end = timezone.localdate()
    start = end - timedelta(days=DEFAULT_DAYS - 1)
    initial = {"tu": start, "den": end, "so_bai": DEFAULT_TOP}
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("so_bai", str(DEFAULT_TOP))  # the select shows what the report uses
    form = ReportForm(data, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, data["tu"], data["den"], data["so_bai"] or DEFAULT_TOP
    return form, start, end, DEFAULT_TOP


def days_of(start: date, end: date) -> list[dict]:
    """Every day from ``start`` to ``end``, with its visits and page views (0 for a day without
    a row). One query."""
    stored = {row.day: row for row in SiteVisitDay.objects.filter(day__gte=start, day__lte=end)}
    days = []
    day = start
    while day <= end:
        row = stored.get(day)
        days.append(
            {
                "day": day,
                "label": day.strftime("%d/%m"),
                "visits": row.visits if row else 0,
                "page_views": row.page_views if row else 0,
            }
        )
        day += timedelta(days=1)
    return days


@admin.register(SiteVisitDay)
class VisitReportAdmin(ReadOnlyAdmin):
    """Not a list of rows: the report. Only its page and its export have addresses."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("", view(self.changelist_view), name="{}_{}_changelist".format(*info)),
            path("xuat.xlsx", view(self.export_view), name="{}_{}_export".format(*info)),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, start, end, top = _range(request)
        days = days_of(start, end)
        tables = registry.report(start, end, top)
        visits = sum(d["visits"] for d in days)
        page_views = sum(d["page_views"] for d in days)
        busiest = max(days, key=lambda d: d["visits"]) if visits else None
        query = urlencode({"tu": start.isoformat(), "den": end.isoformat(), "so_bai": top})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Thống kê truy cập"),
            "form": form,
            "start": start,
            "end": end,
            "top": top,
            "days": days,
            "visits": visits,
            "page_views": page_views,
            "average": round(visits / len(days)) if days else 0,
            "busiest": busiest,
            "day_chart": column_chart(days, "visits", "label"),
            "tables": [
                {
                    "table": table,
                    "rows": list(
                        zip(
                            [_cells(row) for row in table.rows],
                            table.links or [""] * len(table.rows),
                            strict=True,
                        )
                    ),
                    "chart": _table_chart(table),
                }
                for table in tables
            ],
            "export_url": reverse("admin:portal_sitevisitday_export") + "?" + query,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/portal/visit_report.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, start, end, top = _range(request)
        if form.is_bound and not form.is_valid():
            # The report page says what is wrong with the range; nothing half-exported.
            url = reverse("admin:portal_sitevisitday_changelist")
            return redirect(f"{url}?{request.GET.urlencode()}")
        response = HttpResponse(workbook(start, end, top), content_type=XLSX)
        name = f"thong-ke-truy-cap-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


def _cells(row: tuple) -> list[tuple[str, bool]]:
    """A table row as shown: (text, whether it is a number or a date, set right)."""
    cells = []
    for value in row:
        if isinstance(value, date):
            cells.append((date_format(value, "SHORT_DATE_FORMAT"), True))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            cells.append((intcomma(value), True))
        else:
            cells.append((str(value), False))
    return cells


def _table_chart(table: registry.ReportTable) -> dict | None:
    if table.chart is None or not table.rows:
        return None
    rows = [{"label": row[0], "value": row[table.chart]} for row in table.rows[:CHART_ROWS]]
    if not any(row["value"] for row in rows):
        return None
    return bar_chart(rows, "value", "label")


def workbook(start: date, end: date, top: int) -> bytes:
    """The report as a workbook: a sheet of days, then one per table the kinds add."""
    Column = spreadsheets.Column
    day_columns = [
        Column(_("Ngày"), 14, "dd/mm/yyyy"),
        Column(_("Lượt truy cập"), 16),
        Column(_("Lượt xem trang"), 16),
    ]
    day_rows = [(d["day"], d["visits"], d["page_views"]) for d in days_of(start, end)]
    sheets = [(_("Theo ngày"), day_columns, day_rows)]
    for table in registry.report(start, end, top):
        columns = [Column(header, 60 if i == 0 else 18) for i, header in enumerate(table.headers)]
        for column, value in zip(columns, table.rows[0] if table.rows else (), strict=False):
            if isinstance(value, date):
                column.number_format = "dd/mm/yyyy"
        sheets.append((table.sheet, columns, table.rows))
    return spreadsheets.to_xlsx_sheets(sheets)
