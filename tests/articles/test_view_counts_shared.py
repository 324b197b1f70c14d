"""Article views with several workers or servers: who was counted and each address's limits
live in the shared ``stats`` cache (Redis in production), so two workers count a reader once
and an address's limits hold for the whole site. Two ViewBuffers in one test process share the
test's ``stats`` cache exactly as two gunicorn workers share Redis."""

import pytest

from news.articles import views_count
from news.articles.views_count import ViewBuffer

ADDRESS = "198.51.100.7"


def test_a_reader_counted_by_one_worker_is_not_counted_again_by_another():
    one, other = ViewBuffer(), ViewBuffer()
    assert one.first_time("reader-1", ADDRESS, 7)
    assert not other.first_time("reader-1", ADDRESS, 7)
    assert not one.first_time("reader-1", ADDRESS, 7)
    assert other.first_time("reader-2", ADDRESS, 7)


def test_an_addresss_limits_hold_across_workers():
    workers = [ViewBuffer(), ViewBuffer(), ViewBuffer()]
    counted = sum(
        workers[n % 3].first_time(f"made-up-{n}", ADDRESS, 7) for n in range(30)
    )  # fmt: skip
    assert counted == views_count.MAX_PER_ADDRESS_AND_ARTICLE
    # In all, over many articles: at most MAX_PER_ADDRESS, whichever worker answers.
    counted += sum(
        workers[n % 3].first_time(f"other-{n}", ADDRESS, 100 + n) for n in range(200)
    )  # fmt: skip
    assert counted == views_count.MAX_PER_ADDRESS
    assert workers[0].first_time("someone", "203.0.113.5", 7)  # another address is not held


@pytest.mark.django_db
def test_when_the_shared_cache_is_down_each_worker_still_counts_within_limits(monkeypatch):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr(views_count, "caches", {"stats": Down()})
    buffer = ViewBuffer()
    assert buffer.first_time("reader-1", ADDRESS, 7)
    assert not buffer.first_time("reader-1", ADDRESS, 7)
    counted = sum(buffer.first_time(f"r{n}", ADDRESS, 7) for n in range(20))
    assert counted == views_count.MAX_PER_ADDRESS_AND_ARTICLE - 1
