"""Version numbers in the shared cache: a cached thing's key includes its version, and bumping
the version makes every older key unreachable at once, on every worker, deleting nothing."""

from django.core.cache import cache


def current(key: str) -> int:
    version = cache.get(key)
    if version is None:
        version = 1
        cache.add(key, version, None)
    return version


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (evicted or never set)
        cache.set(key, 2, None)
