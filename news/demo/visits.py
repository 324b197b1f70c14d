"""Demo visit figures (Thống kê truy cập): sixty days before today, as a provincial department's
portal sees them (fewer readers at the weekend, more on the days news comes out), and the
articles' daily views that make "Tin đọc nhiều" and the admin report worth looking at.

Written only into an empty history: a site that has counted real visits keeps its own.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from news.models import Article, ArticleViewDay
from portal.models import SiteVisitDay

DAYS = 60


def load_visits(note) -> None:
    if SiteVisitDay.objects.exists():
        return
    chance = random.Random(2017)  # the same figures on every machine
    today = timezone.localdate()
    articles = list(Article.objects.published().order_by("-publish_at")[:12])
    article_days = []
    totals = dict.fromkeys((a.pk for a in articles), 0)
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        weekend = day.weekday() >= 5
        visits = round((420 if weekend else 780) * chance.uniform(0.85, 1.2))
        page_views = round(visits * chance.uniform(2.3, 2.9))
        note(SiteVisitDay.objects.create(day=day, visits=visits, page_views=page_views), True)
        for rank, article in enumerate(articles):
            count = round(page_views * 0.35 / (rank + 2) * chance.uniform(0.5, 1.5))
            if count:
                article_days.append(ArticleViewDay(article=article, day=day, count=count))
                totals[article.pk] += count
    ArticleViewDay.objects.bulk_create(article_days, ignore_conflicts=True)
    for pk, count in totals.items():
        Article.objects.filter(pk=pk).update(view_count=F("view_count") + count)
