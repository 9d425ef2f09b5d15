"""Teaching the app a layout and a routing as a user would (issue 12): a real corpus invoice of a hotel's
layout imported under the demo profile, its issuer confirmed, its number and routing corrected, validated."""

from __future__ import annotations

import shutil
from pathlib import Path

from chorus_desktop.wiring import AppContext

PACANO = ("x-pacano-2023-6013.pdf", "x-pacano-2023-6026.pdf")  # one layout, number missed by the page reader
ROUTE = {"codeDestinataire": "11000201100044", "codeServiceExecutant": "SE-APPRIS"}


def pacano_copies(corpus_dir: Path, folder: Path) -> tuple[Path, Path]:
    extra = corpus_dir.parent / "corpus-extra" / "pdfs"
    if not (extra / PACANO[0]).is_file():
        raise AssertionError(f"le corpus supplémentaire est introuvable : {extra}")
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(extra / PACANO[0], folder)), Path(shutil.copy(extra / PACANO[1], folder))


def import_under_profile(context: AppContext, path: Path) -> int:
    [profile] = context.profiles.list_profiles()
    [outcome] = context.importing.import_files([path], profile_id=profile.id)
    assert outcome.invoice_id is not None, outcome.message
    return outcome.invoice_id


def teach(context: AppContext, path: Path, number: str) -> int:
    invoice_id = import_under_profile(context, path)
    context.editing.update_deposit(invoice_id, {**ROUTE, "numeroFactureSaisi": number})
    context.supplier.confirm_supplier(invoice_id)  # printed by another company than the demo's (issue 14)
    blocking = [p.message for p in context.lifecycle.validate(invoice_id) if p.blocking]
    assert blocking == [], blocking
    return invoice_id
