"""Typed errors: what the user can fix, what the world broke, and our own bugs.

Every error a user may see carries a whole French sentence in `message`; the GUI and the CLI show
that text and nothing else (never a traceback, never a secret).
"""

from __future__ import annotations


class ChorusDesktopError(Exception):
    """Base class; `message` is the French text shown to the user."""

    def __init__(self, message: str, *, code: str = "erreur") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UserFixableError(ChorusDesktopError):
    """The user can fix this: bad file, invalid value, functional error returned by Chorus Pro."""


class UnreadableDocumentError(UserFixableError):
    """The file cannot be read as an invoice PDF at all (not a PDF, corrupt, encrypted...)."""


class EnvironmentFailure(ChorusDesktopError):
    """The world failed: network, disk, keyring, remote server. Retrying later may work."""


class NotFoundError(UserFixableError):
    """A record asked for by id does not exist."""
