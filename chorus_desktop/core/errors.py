"""Typed errors: what the user can fix, what the world broke, and our own bugs.

Every error a user may see carries a whole French sentence in `message`; the GUI and the CLI show
that text and nothing else (never a traceback, never a secret).
"""

from __future__ import annotations

from collections.abc import Mapping

from chorus_desktop.core.texts import render


class ChorusDesktopError(Exception):
    """Base class. `code` says what happened, `params` its values; `message` is the French text shown
    to the user: given as is by the lower layers (HTTP, keyring, parsing), or rendered from
    `core/texts.py` (`text_id`, the code by default) when only the code and parameters are given."""

    def __init__(self, message: str | None = None, *, code: str = "erreur",
                 params: Mapping[str, object] | None = None, text_id: str | None = None) -> None:
        self.code = code
        self.params = dict(params or {})
        if message is None:
            message = render(text_id or code, self.params)
        super().__init__(message)
        self.message = message


class UserFixableError(ChorusDesktopError):
    """The user can fix this: bad file, invalid value, functional error returned by Chorus Pro."""


class UnreadableDocumentError(UserFixableError):
    """The file cannot be read as an invoice PDF at all (not a PDF, corrupt, encrypted...)."""


class EnvironmentFailure(ChorusDesktopError):
    """The world failed: network, disk, keyring, remote server. Retrying later may work."""


class NotFoundError(UserFixableError):
    """A record asked for by id does not exist."""


class AlreadyStoredError(ChorusDesktopError):
    """The store already holds this document (imported meanwhile by another process)."""

    def __init__(self, sha256: str) -> None:
        super().__init__("Document déjà enregistré.", code="document_deja_enregistre")
        self.sha256 = sha256


class DiskFullError(EnvironmentFailure):
    """No space left where the store writes: the current write was rolled back."""


class ReadOnlyStoreError(EnvironmentFailure):
    """The data folder (or its disk) is read-only: the store can be read, not written."""
