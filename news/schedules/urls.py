"""The schedules' public addresses: this week, any ISO week, its print view, the iCalendar feed;
the same for each schedule under its own path (lich-cong-tac, lich-tiep-cong-dan)."""

from django.urls import path, re_path

from portal.pagecache import cache_public_page as cached

from . import views
from .models import PATH, URL_PREFIX, Kind

# Four digits for the year, the week's number with any leading zeros (tuan-07, tuan-0053: a
# redirect to tuan-7, tuan-53): anything else (letters, 999) is a 404 from the resolver; a week
# that does not exist (week 60, week 53 of a 52-week year) is a 404 from the view.
WEEK = r"(?P<year>[0-9]{4})/tuan-(?P<week>0*[0-9]{1,2})"

urlpatterns = []
for kind in Kind:
    prefix, base = URL_PREFIX[kind], PATH[kind]
    urlpatterns += [
        path(f"{base}/", cached(views.this_week), {"kind": kind}, name=prefix),
        path(f"{base}/lich.ics", cached(views.calendar), {"kind": kind}, name=f"{prefix}_ical"),
        re_path(rf"^{base}/{WEEK}/$", cached(views.week_page), {"kind": kind},
                name=f"{prefix}_week"),
        re_path(rf"^{base}/{WEEK}/in/$", cached(views.print_page), {"kind": kind},
                name=f"{prefix}_print"),
    ]  # fmt: skip
