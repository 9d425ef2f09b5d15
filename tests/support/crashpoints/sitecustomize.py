"""Crash points for the kill -9 tests of invoice writing (tests only; never on the app's own path).

A test starts `python -m chorus_desktop new-invoice ...` with this folder on PYTHONPATH and
CHORUS_TEST_CRASH_AT set; Python imports this module at start-up, and it makes the process kill itself
(SIGKILL, as `kill -9`) at that point of the creation:
- `after_stage`: the PDF is written into the documents folder, nothing committed;
- `after_number`: inside the transaction, right after the series counter moved;
- `before_commit`: inside the transaction, the invoice and its written document inserted.
"""

from __future__ import annotations

import os

_POINT = os.environ.get("CHORUS_TEST_CRASH_AT")

if _POINT:
    import signal
    from typing import Any

    from chorus_desktop.core.store import documents, written

    def _die(*_args: Any, **_kwargs: Any) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def _then_die(original: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            original(*args, **kwargs)
            _die()

        return wrapper

    if _POINT == "after_stage":
        documents.DocumentRepository.register = _die  # type: ignore[method-assign]
    elif _POINT == "after_number":
        written.WrittenRepository.take_number = _then_die(written.WrittenRepository.take_number)  # type: ignore[method-assign]
    elif _POINT == "before_commit":
        written.WrittenRepository.add = _then_die(written.WrittenRepository.add)  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown crash point {_POINT}")
