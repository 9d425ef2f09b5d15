"""The log file a user can send: one place, used by the CLI (`cli.run`) and the app (`app.run_gui`).

`chorus-desktop.log` in the platform's user log folder (platformdirs), or `<data folder>/logs` when the
data folder is overridden (`--data-dir`, CHORUS_DESKTOP_DATA_DIR: tests, demo, portable use). It rotates
(5 files of 1 MB), starts each session with the app version, the OS and Python, and keeps warnings and
errors with their tracebacks. Every line goes through the redaction of `core/chorus/redaction.py`: no
secret, token or password reaches the file. A folder that cannot be written (read-only disk, full disk)
leaves the app without a log file, never without the app.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
from pathlib import Path

from chorus_desktop import __version__
from chorus_desktop.core.chorus.redaction import RedactingFilter, install_log_redaction, redact
from chorus_desktop.core.paths import AppPaths

LOG_NAME = "chorus-desktop.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_HANDLER_NAME = "chorus-desktop-file"


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written (full or read-only disk) is given up silently: logging's default
    prints a traceback on stderr, which the user must never see."""

    def handleError(self, record: logging.LogRecord) -> None:
        logging.getLogger().removeHandler(self)


# Credentials written outside a header (e.g. in an exception message): "Bearer <token>", "Basic <b64>".
_LOOSE_CREDENTIALS = re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}")


class RedactingFormatter(logging.Formatter):
    """Redacts the whole formatted record, traceback and exception messages included."""

    def format(self, record: logging.LogRecord) -> str:
        return _LOOSE_CREDENTIALS.sub(r"\1\2***", redact(super().format(record)))


def log_file(paths: AppPaths) -> Path:
    return paths.log_dir / LOG_NAME


def setup_logging(paths: AppPaths, *, level: int = logging.INFO, front: str = "cli") -> Path | None:
    """Send the application's log records to its rotating, redacted log file; returns the file, or None
    when it cannot be written. Calling it again (another data folder) moves the file handler."""
    install_log_redaction()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    path = log_file(paths)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = QuietRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                                       encoding="utf-8", errors="backslashreplace")
    except OSError:
        null = logging.NullHandler()  # no log file: nothing on stderr either (logging's last resort)
        null.set_name(_HANDLER_NAME)
        root.addHandler(null)
        return None
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(level)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(RedactingFormatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    for noisy in ("httpx", "httpcore", "pdfminer", "pypdf", "factur-x", "PIL"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger(noisy).level))
    logging.getLogger(__name__).info(
        "Chorus Desktop %s (%s) on %s, Python %s", __version__, front, platform.platform(),
        sys.version.split()[0])
    return path


def last_errors(paths: AppPaths, count: int = 20) -> list[str]:
    """The last ERROR/WARNING lines of the log (for a support message or an « À propos » box)."""
    try:
        lines = log_file(paths).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [line for line in lines if " ERROR " in line or " WARNING " in line][-count:]
