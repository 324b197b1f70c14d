"""Page numbers over large archives.

Django's paginator slices the list: ``LIMIT 12 OFFSET 70000`` makes the database read and
throw away 70,000 whole rows (bodies and all) before the page it shows. :class:`ArchivePaginator`
finds the page's ids first, in a subquery the database answers from an index alone (the lists'
covering indexes: news/articles/models.py), and reads only those rows; one query as before.
A page past the middle is counted from the other end (the list's order reversed), so the last
page is as cheap as the first.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class ArchivePaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count // 2 and self.object_list.ordered:
            from_end = self.object_list.reverse().values("pk")
            ids = from_end[self.count - top : self.count - bottom]
        else:
            ids = self.object_list.values("pk")[bottom:top]
        rows = self.object_list.filter(pk__in=ids)
        return self._get_page(rows, number, self)


class CountedPaginator(Paginator):
    """Counts ``counted``, a queryset holding the same rows as the list but cheaper to count
    (without the list's annotations: Django builds and compiles them even for a COUNT)."""

    def __init__(self, object_list, per_page, counted, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted

    @cached_property
    def count(self):
        return self.counted.count()
