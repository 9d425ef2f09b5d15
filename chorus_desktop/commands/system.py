"""Subcommands of `chorus-desktop`: placeholder module, filled in by the issue that owns it."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
