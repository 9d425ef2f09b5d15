"""Fixtures of the use-case tests: a real store in the test's data folder, a stand-in extractor, a wired context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from storekit import SUPPLIER_SIRET, FakeExtractor, unique_pdfs
from usecasekit import TODAY

from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.wiring import AppContext, build_context


@pytest.fixture
def store(isolated_data_dir: Path) -> Iterator[Store]:
    opened = Store.open(resolve_paths(isolated_data_dir))
    yield opened
    opened.close()


@pytest.fixture
def extractor() -> FakeExtractor:
    return FakeExtractor()


@pytest.fixture
def services(store: Store, extractor: FakeExtractor) -> AppContext:
    svc = build_context(store, extractor=extractor, today=lambda: TODAY)
    svc.profiles.add_profile("ACME", SUPPLIER_SIRET, chorus_supplier_id=26123, chorus_bank_account_id=4411)
    return svc


@pytest.fixture
def pdfs(corpus_dir: Path, tmp_path: Path) -> list[Path]:
    return unique_pdfs(corpus_dir, tmp_path / "inbox", 3)
