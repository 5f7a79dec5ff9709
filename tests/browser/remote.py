"""Playwright's sync API on a thread of its own, driven from the test thread through proxies.

Playwright's sync API keeps an asyncio event loop running in the thread that starts it. In
the test thread that loop would stay "running" for the rest of the worker's session: Django
then refuses ORM calls (SynchronousOnlyOperation), and ``asyncio.run`` -- which pyHanko uses
to sign decrees -- refuses to start. So Playwright lives on its own thread, and every call
the tests make on a browser, page or locator is carried over to that thread and its result
(or exception) carried back. Playwright objects come back wrapped, so the tests read like
ordinary Playwright code.
"""

from __future__ import annotations

import queue
import threading
from typing import Any


class PlaywrightThread:
    """One Playwright instance on a dedicated thread; ``call`` runs a function there."""

    def __init__(self):
        self._calls: queue.Queue = queue.Queue()
        started: queue.Queue = queue.Queue(maxsize=1)
        self._thread = threading.Thread(target=self._serve, args=(started,), name="playwright", daemon=True)
        self._thread.start()
        error = started.get()
        if error is not None:
            raise error
        self.playwright = Remote(self, self._playwright)

    def _serve(self, started: queue.Queue) -> None:
        from playwright.sync_api import sync_playwright

        try:
            self._playwright = sync_playwright().start()
        except BaseException as error:  # noqa: BLE001 - handed to the starting thread
            started.put(error)
            return
        started.put(None)
        while True:
            item = self._calls.get()
            if item is None:
                break
            function, args, kwargs, reply = item
            try:
                reply.put((True, function(*args, **kwargs)))
            except BaseException as error:  # noqa: BLE001 - re-raised in the calling thread
                reply.put((False, error))
        self._playwright.stop()

    def call(self, function, *args, **kwargs):
        if threading.current_thread() is self._thread:  # a callback, already on our thread
            return function(*args, **kwargs)
        reply: queue.Queue = queue.Queue(maxsize=1)
        self._calls.put((function, args, kwargs, reply))
        ok, value = reply.get()
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        self._calls.put(None)
        self._thread.join()

    def wrap(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return type(value)(self.wrap(item) for item in value)
        if type(value).__module__.startswith("playwright."):
            return Remote(self, value)
        return value

    def unwrap(self, value: Any) -> Any:
        if isinstance(value, Remote):
            return object.__getattribute__(value, "_target")
        if isinstance(value, (list, tuple)):
            return type(value)(self.unwrap(item) for item in value)
        if isinstance(value, dict):
            return {key: self.unwrap(item) for key, item in value.items()}
        return value


class Remote:
    """A Playwright object living on the Playwright thread."""

    __slots__ = ("_runner", "_target")

    def __init__(self, runner: PlaywrightThread, target: Any):
        object.__setattr__(self, "_runner", runner)
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name: str) -> Any:
        runner, target = self._runner, self._target
        value = runner.call(getattr, target, name)
        if callable(value) and not isinstance(value, type):

            def method(*args, **kwargs):
                result = runner.call(value, *runner.unwrap(args), **runner.unwrap(kwargs))
                return runner.wrap(result)

            method.__name__ = name
            return method
        return runner.wrap(value)

    def __enter__(self):
        return self._runner.wrap(self._runner.call(self._target.__enter__))

    def __exit__(self, *exc_info):
        return self._runner.call(self._target.__exit__, *exc_info)

    def __repr__(self) -> str:
        return f"Remote({self._target!r})"
