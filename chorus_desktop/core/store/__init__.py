"""The local SQLite store: `Store.open(paths)` gives the repositories for profiles, recipients, invoices,
history and documents. See `core/services.py` for the use cases built on it."""

from chorus_desktop.core.store.store import Store

__all__ = ["Store"]
