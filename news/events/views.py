"""Public pages of the training-event registry: list, detail and statistics."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import pagecache
from portal.charts import bar_chart
from portal.seo import page_meta
from portal.widgets import QuickSelect

from .jsonld import event_jsonld
from .models import Programme, TrainingEvent

EVENTS_PER_PAGE = 10


class EventFilterForm(forms.Form):
    nam = forms.TypedChoiceField(
        label=gettext_lazy("Năm"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    chuong_trinh = forms.ChoiceField(
        label=gettext_lazy("Chương trình"), required=False, widget=QuickSelect
    )

    def __init__(self, *args, years=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [("", _("Tất cả các năm"))] + [(y, y) for y in years]
        self.fields["chuong_trinh"].choices = [("", _("Tất cả chương trình"))] + [
            (str(pk), name) for pk, name in programmes
        ]


def event_list(request):
    events = TrainingEvent.objects.public()
    choices = pagecache.per_content("events:choices", lambda: {
        "years": [d.year for d in events.dates("start", "year", order="DESC")],
        "programmes": [(p.pk, p.short_name) for p in Programme.objects.all()],
    })  # fmt: skip
    form = EventFilterForm(request.GET or None, **choices)
    invalid_filter = False
    if form.is_bound and form.is_valid():
        if form.cleaned_data["nam"]:
            events = events.filter(start__year=form.cleaned_data["nam"])
        if form.cleaned_data["chuong_trinh"]:
            events = events.filter(programmes__pk=form.cleaned_data["chuong_trinh"])
    elif form.is_bound:
        invalid_filter = True  # a stale or hand-typed filter: show everything, say so

    past = Paginator(events.past().prefetch_related("programmes"), EVENTS_PER_PAGE)
    page = past.get_page(request.GET.get("page"))
    upcoming = list(events.upcoming().prefetch_related("programmes")) if page.number == 1 else []
    filters = {k: v for k, v in request.GET.items() if k in ("nam", "chuong_trinh") and v}
    if invalid_filter:
        filters = {}
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "invalid_filter": invalid_filter,
            "upcoming": upcoming,
            "page_obj": page,
            "past": page.object_list,
            "page_query": (urlencode(filters) + "&") if filters else "",
            "meta": page_meta(
                request,
                _("Tập huấn"),
                _("Các lớp tập huấn Sở đã tổ chức và sắp tổ chức: thời gian, địa điểm, nội dung."),
                page_number=page.number,
                noindex=bool(filters),
            ),
        },
    )


def event_detail(request, slug):
    event = get_object_or_404(
        TrainingEvent.objects.public().prefetch_related(
            "programmes", "speakers", "topics", "groups"
        ),
        slug=slug,
    )
    articles = event.articles.published().for_lists()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "articles": articles,
            "jsonld": event_jsonld(event),
            "meta": event.page_meta(request),
        },
    )


def event_statistics(request):
    held = TrainingEvent.objects.held()
    by_year = list(
        held.annotate(year=ExtractYear("start"))
        .values("year")
        .annotate(events=Count("pk"), participants=Sum("participants_total"))
        .order_by("year")
    )
    held_filter = Q(events__status=TrainingEvent.Status.HELD, events__is_public=True)
    by_programme = list(
        Programme.objects.annotate(
            event_count=Count("events", filter=held_filter),
            participants=Sum("events__participants_total", filter=held_filter),
        ).values("pk", "short_name", "name", "period", "event_count", "participants")
    )
    totals = held.aggregate(events=Count("pk"), participants=Sum("participants_total"))
    for row in by_year:
        row["label"] = str(row["year"])
    for row in by_programme:
        period = row["period"]
        row["full_name"] = (
            f"{row['name']} ({period})" if period and period not in row["name"] else row["name"]
        )
    return render(
        request,
        "events/event_statistics.html",
        {
            "by_year": by_year,
            "by_programme": by_programme,
            "totals": totals,
            "year_participants_chart": bar_chart(by_year, "participants", "label"),
            "programme_chart": bar_chart(by_programme, "participants", "short_name"),
            "meta": page_meta(
                request,
                _("Thống kê tập huấn"),
                _("Số lớp tập huấn đã tổ chức và số học viên theo năm, theo chương trình."),
            ),
        },
    )
