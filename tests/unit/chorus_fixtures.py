"""Shared fixtures for the Chorus Pro tests: a running simulator and a fast client (no real waiting)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.http import RetryPolicy
from chorus_desktop.core.sandbox import Simulator, start_simulator


class SleepRecorder:
    """Injected instead of time.sleep: records the waits, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


FAST_TIMEOUT = httpx.Timeout(1.0, connect=1.0)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = start_simulator()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


def make_client(sim: Simulator, sleeps: SleepRecorder, credentials: object = None, **options: object) -> ChorusClient:
    return ChorusClient(sim.environment(), credentials or sim.credentials, timeout=FAST_TIMEOUT,  # type: ignore[arg-type]
                        retry=RetryPolicy(max_attempts=3, base_delay=0.5, max_delay=4.0, sleep=sleeps), **options)  # type: ignore[arg-type]


@pytest.fixture
def client(sim: Simulator, sleeps: SleepRecorder) -> Iterator[ChorusClient]:
    with make_client(sim, sleeps) as chorus:
        yield chorus
