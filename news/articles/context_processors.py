from django.utils.functional import SimpleLazyObject

from .views_count import most_read as _most_read


def most_read(request):
    """The sidebar's "Tin đọc nhiều", read only when a template shows it."""
    return {"most_read": SimpleLazyObject(_most_read)}
