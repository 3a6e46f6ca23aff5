"""Shared by the Python tests: the server under test (TICKWORK_ADDRESS, started by the vitest file next
to these), unique names, and waiting for conditions without sleeping blindly."""

from __future__ import annotations

import os
import threading
import time
import unittest
import uuid
from typing import Any, Callable, Optional, TypeVar

from tickwork_client import Client

T = TypeVar("T")

ADDRESS = os.environ.get("TICKWORK_ADDRESS", "127.0.0.1:7420")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def wait_for(what: str, probe: Callable[[], Optional[T]], timeout: float = 20.0, every: float = 0.05) -> T:
    """Polls `probe` until it returns something truthy; fails after `timeout` naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


class Collector:
    """Drains a generator (a watch or a subscription) on a thread, keeping what it yields."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.items: list[Any] = []
        self.error: Optional[BaseException] = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for item in self.stream:
                self.items.append(item)
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            self.done.set()

    def close(self) -> None:
        try:
            self.stream.close()
        except ValueError:
            pass  # "generator already executing": the thread holds it; cancelling the call ends it


class ServerTestCase(unittest.TestCase):
    client: Client

    @classmethod
    def setUpClass(cls) -> None:
        cls.client = Client(ADDRESS)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.client.close()

    def assert_serving(self) -> None:
        """The server is up and answers after whatever the test sent it."""
        self.assertEqual(self.client.admin.health(), "serving")
