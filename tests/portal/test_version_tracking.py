"""With Redis, a worker keeps the version tokens between requests while Redis tracks them for
it (portal/versions.py): a hit on the worker's copy of a page asks Redis nothing, and a change
made anywhere (another server's bump, a deleted token, a flush, the tracking connection lost)
is seen by the very next request."""

from __future__ import annotations

import pickle

import pytest
import redis
from django.core.cache import cache

from portal import pagecache, versions
from tests.factories import ArticleFactory
from tests.redis_server import free_port, start_redis, use_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked_redis(tmp_path, settings):
    port = free_port()
    process = start_redis(port, tmp_path)
    url = f"redis://127.0.0.1:{port}/0"
    use_redis(settings, url, f"test{port}")
    settings.REDIS_URL = url
    settings.VERSION_TRACKING = True
    versions.tracked.forget()
    pagecache.forget()
    yield redis.Redis.from_url(url)  # another server's view of the same Redis
    versions.tracked.forget()
    pagecache.forget()
    process.kill()
    process.wait(10)


def commands_during(raw, action) -> int:
    before = raw.info("stats")["total_commands_processed"]
    action()
    after = raw.info("stats")["total_commands_processed"]
    return after - before - 1  # the second INFO counts itself


def token_key(name: str) -> str:
    return cache.make_key(versions.PREFIX + name)


def another_server_bumps(raw, name=pagecache.CONTENT_VERSION_KEY) -> None:
    """What _bump_now does on another server: a new token in Redis (pickled, as Django's cache
    stores strings); nothing in this process is told but through Redis."""
    raw.set(token_key(name), pickle.dumps("from-another-server"))


def cached_page(client):
    article = ArticleFactory(title="Bài viết theo dõi phiên bản")
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    return url


def test_a_hit_on_the_workers_copy_asks_redis_nothing(client, tracked_redis):
    url = cached_page(client)
    responses = []
    assert commands_during(tracked_redis, lambda: responses.append(client.get(url))) == 0
    assert responses[0]["X-Page-Cache"] == "hit"


def test_without_tracking_every_hit_reads_the_tokens(client, tracked_redis, settings):
    settings.VERSION_TRACKING = False
    url = cached_page(client)
    assert commands_during(tracked_redis, lambda: client.get(url)) == 1  # one MGET


def test_another_servers_change_is_seen_by_the_next_request(client, tracked_redis):
    url = cached_page(client)
    another_server_bumps(tracked_redis)
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert versions.current(pagecache.CONTENT_VERSION_KEY) == "from-another-server"


@pytest.mark.parametrize("how", ["delete", "flush"])
def test_a_token_lost_in_redis_is_read_again(client, tracked_redis, how):
    url = cached_page(client)
    (tracked_redis.delete(token_key("content")) if how == "delete" else tracked_redis.flushall())
    known, _epoch = versions.tracked.get([pagecache.CONTENT_VERSION_KEY])
    assert known is None
    assert client.get(url).status_code == 200


def test_a_lost_tracking_connection_keeps_nothing(client, tracked_redis):
    url = cached_page(client)
    tracked_redis.client_kill_filter(_type="pubsub")
    another_server_bumps(tracked_redis)  # nobody tells this worker any more
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"  # tracking again, on a new connection
    assert commands_during(tracked_redis, lambda: client.get(url)) == 0


def test_nothing_is_kept_longer_than_the_safety_net(client, tracked_redis, settings):
    settings.VERSION_MEMO_SECONDS = 0
    url = cached_page(client)
    assert commands_during(tracked_redis, lambda: client.get(url)) == 1


def test_without_redis_tracking_is_off_and_pages_still_work(client, tracked_redis, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    versions.tracked.forget()
    settings.VERSION_TRACKING = True
    url = cached_page(client)
    assert commands_during(tracked_redis, lambda: client.get(url)) == 1
