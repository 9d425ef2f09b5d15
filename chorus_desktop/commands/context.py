"""The CLI's way into the use cases: one `AppContext` per command, from `--data-dir` (or the default)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from chorus_desktop.core.chorus.clients import ClientFactory, default_client_factory
from chorus_desktop.core.extraction.worker import ProcessExtractor
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.wiring import AppContext, open_context


@contextmanager
def cli_context(args: argparse.Namespace, client_factory: ClientFactory = default_client_factory
                ) -> Iterator[AppContext]:
    # PDFs are read in a bounded worker process, started only when a file needs reading.
    extractor = ProcessExtractor()
    context = open_context(resolve_paths(getattr(args, "data_dir", None)), extractor=extractor,
                           client_factory=client_factory)
    try:
        yield context
    finally:
        context.close()
        extractor.shutdown()
