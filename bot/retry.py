"""PTB's AIORateLimiter (which retries Telegram's 429s), plus a few retries of server errors."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)
UNLIMITED = frozenset({"sendChatAction", "answerCallbackQuery"})  # cheap, and must not wait behind answers


class RetryingRateLimiter(AIORateLimiter):
    """Throttles to Telegram's limits and retries 429s (``AIORateLimiter``); also retries a request
    that failed with a 5xx or a connection error, with a short backoff. A timeout is not retried:
    the request may have been delivered and a retry could send a message twice."""

    def __init__(self, server_retries: int = 2, backoff: float = 0.5, **kwargs: Any):
        kwargs.setdefault("max_retries", 3)
        super().__init__(**kwargs)
        self.server_retries = server_retries
        self.backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[override]
        for attempt in range(self.server_retries + 1):
            try:
                if endpoint in UNLIMITED:
                    return await callback(*args, **kwargs)
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except (BadRequest, TimedOut, RetryAfter):
                raise
            except NetworkError as error:
                if attempt == self.server_retries:
                    raise
                delay = self.backoff * 2**attempt
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, error, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
