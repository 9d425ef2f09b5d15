"""Keep secrets out of every log record, whoever logs it (our code, httpx, a future library).

`install_log_redaction()` wraps the logging record factory once: each record's final message has the
`Authorization` / `cpro-account` header values, form-encoded secrets and any registered secret value
replaced by "***". Secrets are registered by the client as soon as it receives them.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

_SECRETS: set[str] = set()
_LOCK = threading.Lock()
_INSTALLED = False

_PATTERNS = (
    re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?\s*(?:bearer|basic)?\s*)[^\s'\",}]+"),
    re.compile(r"(?i)(cpro-account['\"]?\s*[:=]\s*['\"]?\s*)[^\s'\",}]+"),
    re.compile(r"(?i)((?:client_secret|access_token|password|tech_password)['\"]?\s*[:=]\s*['\"]?)[^\s&'\",}]+"),
)


def register_secret(value: str | None) -> None:
    """Remember a value to blank out of logs (ignores trivially short values)."""
    if value and len(value) >= 4:
        with _LOCK:
            _SECRETS.add(value)


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(r"\1***", text)
    with _LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


def install_log_redaction() -> None:
    global _INSTALLED
    with _LOCK:
        if _INSTALLED:
            return
        _INSTALLED = True
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logging's problem, not ours
            return record
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return record

    logging.setLogRecordFactory(factory)


class RedactingFilter(logging.Filter):
    """For a handler (e.g. the app's log file): blanks secrets out of records made before the factory was
    installed or by code that formats its own messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
