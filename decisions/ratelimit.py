"""Rate limits of the public pages, per client address, counted in Django's cache.

With ``REDIS_URL`` the cache is Redis (settings.CACHES): ``add`` is SET NX and ``incr`` is
INCRBY, both atomic, so every app server counts in the same window. Without it (a single
development process) the counts are that process's own.
"""

from __future__ import annotations

import re
import time

from django.core.cache import cache

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(text: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60); "100/5m" -> (100, 300)."""
    match = _RATE.match(text or "")
    if not match:
        raise ValueError(f"rate {text!r} is not like '30/m'")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _PERIODS[unit]


def client_address(request) -> str:
    # REMOTE_ADDR only: a header such as X-Forwarded-For is whatever the client wrote unless
    # a trusted proxy sets it, and a rate limit keyed on it could be dodged at will.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request, *, scope: str, rate: str) -> bool:
    """Count this request against its address in ``scope``; True when over ``rate``."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    key = f"sahih:{scope}-rate:{client_address(request)}:{period}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        hits = 1
    return hits > limit


def retry_after(rate: str) -> int:
    """Seconds until the current window of the rate limit ends."""
    _limit, period = parse_rate(rate)
    return max(1, int(period - time.time() % period))
