"""The task runner: lanes, GUI-thread callbacks, errors, inline mode."""

from __future__ import annotations

import threading

from chorus_desktop.gui.tasks import Lane, TaskRunner


def test_task_results_come_back_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    results: list[int] = []

    def on_result(value: int) -> None:
        seen["callback"] = threading.get_ident()
        results.append(value)

    for lane in (Lane.DATABASE, Lane.CHORUS, Lane.WORK):
        runner.submit(work, lane=lane, on_result=on_result)
    qtbot.waitUntil(lambda: len(results) == 3)
    assert results == [42, 42, 42]
    assert seen["worker"] != gui_thread
    assert seen["callback"] == gui_thread
    runner.shutdown()


def test_task_errors_reach_the_error_callback_or_the_unhandled_signal(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("boom")

    runner.submit(boom, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)
    with qtbot.waitSignal(runner.unhandled_error) as blocker:
        runner.submit(boom)
    assert isinstance(blocker.args[0], ValueError)
    runner.shutdown()


def test_the_database_lane_runs_tasks_in_order_on_one_thread(qtbot) -> None:
    runner = TaskRunner()
    order: list[int] = []
    threads: set[int] = set()

    def task(n: int) -> int:
        threads.add(threading.get_ident())
        order.append(n)
        return n

    done: list[int] = []
    for n in range(20):
        runner.submit(lambda n=n: task(n), on_result=done.append)
    qtbot.waitUntil(lambda: len(done) == 20)
    assert order == list(range(20))
    assert done == list(range(20))
    assert len(threads) == 1
    runner.shutdown()


def test_inline_runner_calls_back_synchronously(qapp) -> None:
    runner = TaskRunner(inline=True)
    results: list[int] = []
    errors: list[BaseException] = []
    runner.submit(lambda: 6 * 7, on_result=results.append)
    runner.submit(lambda: 1 / 0, on_error=errors.append)
    assert results == [42]
    assert isinstance(errors[0], ZeroDivisionError)
    assert runner.pending_count == 0
