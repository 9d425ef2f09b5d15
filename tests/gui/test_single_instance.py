"""One application per store: a second launch hands its file to the running one, which imports it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chorus_desktop.app import listen_for_launches
from chorus_desktop.gui.single_instance import InstanceServer, hand_over, server_name

from .window_driver import INVOICE


def test_the_socket_name_follows_the_store(tmp_path) -> None:
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_with_no_application_running_nothing_is_handed_over(qapp, tmp_path) -> None:
    assert hand_over(server_name(tmp_path / "nobody"), [tmp_path / "x.pdf"]) is False


def test_two_stores_each_have_their_application(qapp, tmp_path) -> None:
    first, second = InstanceServer(server_name(tmp_path / "a")), InstanceServer(server_name(tmp_path / "b"))
    try:
        assert first.listen() and second.listen()
        assert not InstanceServer(server_name(tmp_path / "a")).listen()  # the same store: already taken
    finally:
        first.close()
        second.close()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")  # offscreen, not us
def test_a_second_launch_with_a_file_hands_it_to_the_running_application_and_exits(
        window, qtbot, isolated_data_dir, corpus_dir) -> None:
    listen_for_launches(window, isolated_data_dir)
    pdf = corpus_dir / "pdfs" / INVOICE
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with qtbot.waitSignal(window.import_finished, timeout=60000) as imported:
        second = subprocess.Popen([sys.executable, "-m", "chorus_desktop", "--data-dir", str(isolated_data_dir),
                                   str(pdf)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = second.communicate(timeout=60)
    assert second.returncode == 0, output.decode()
    report = imported.args[0]
    assert len(report.imported_ids) == 1
    assert Path(report.outcomes[0].path).name == INVOICE
    assert window.isVisible()


def test_a_socket_left_by_a_crashed_application_is_taken_over(qapp, tmp_path) -> None:
    from PySide6.QtNetwork import QLocalServer

    name = server_name(tmp_path / "crashed")
    stale = QLocalServer()
    assert stale.listen(name)
    stale.close()  # a listener that answers nobody any more
    server = InstanceServer(name)
    try:
        assert server.listen()
    finally:
        server.close()
