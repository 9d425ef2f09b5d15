"""One application per store: a second launch hands its files to the running one and quits.

The running application listens on a local socket whose name is derived from its data folder (two stores
never collide; the same store always meets itself). A second launch (« Ouvrir avec », double-click, Dock)
first tries that socket: when an application answers, it sends the files' paths, waits for the answer and
exits 0; the first application imports the files and brings its window forward.

The message is one line of JSON, `{"files": [...]}`; the answer is the line `ok`.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 500
ANSWER_MS = 3000


def server_name(data_dir: Path) -> str:
    """The socket name of the application running on `data_dir` (per user, per store)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name (containers): the folder alone still separates stores
        user = ""
    digest = hashlib.sha256(f"{user}\0{Path(data_dir).resolve()}".encode()).hexdigest()[:24]
    return f"chorus-desktop-{digest}"


def hand_over(name: str, files: Sequence[Path], *, connect_ms: int = CONNECT_MS, answer_ms: int = ANSWER_MS) -> bool:
    """Give `files` to the application listening on `name`; False when none answers (start one).

    Called at launch, before any window exists (it waits a little for the answer)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(connect_ms):
        return False
    message = json.dumps({"files": [str(Path(f).resolve()) for f in files]}) + "\n"
    socket.write(message.encode("utf-8"))
    socket.flush()
    answered = b""
    while b"\n" not in answered and socket.waitForReadyRead(answer_ms):
        answered += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answered.strip() == b"ok"


class InstanceServer(QObject):
    """Listens for later launches on the same store; `files_received(list[Path])` on the GUI thread."""

    files_received = Signal(list)  # list[Path], possibly empty (a bare second launch: come forward)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening, unless an application already listens on this store; a socket left by a crashed
        application (nobody answers) is replaced."""
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_MS):
            probe.disconnectFromServer()
            log.warning("another application already listens on %s", self.name)
            return False
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_ready(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            files = [Path(name) for name in json.loads(line.decode("utf-8")).get("files", [])]
        except (ValueError, AttributeError, TypeError):
            log.warning("unreadable message from a second launch")
            socket.write(b"error\n")
            return
        socket.write(b"ok\n")
        socket.flush()
        self.files_received.emit(files)
