"""What every simulated endpoint shares: the answer envelope, errors, paging, money and date formats."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    PARIS: dt.tzinfo = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # no time zone database (some Windows installs): winter time
    PARIS = dt.timezone(dt.timedelta(hours=1))

OK = {"codeRetour": 0, "libelle": "TRA_MSG_00.000"}
NO_RESULT = {"codeRetour": 20000, "libelle": "TRA_MSG_00.015"}
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 10000
SUBMIT_MODES = ("SAISIE_API", "DEPOT_PDF_API", "DEPOT_PDF_SIGNE_API")
SUBMIT_FRAMES = ("A1_FACTURE_FOURNISSEUR", "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE", "A9_FACTURE_SOUSTRAITANT",
                 "A12_FACTURE_COTRAITANT")
MAX_FILE_BYTES = 10 * 1024 * 1024
# The usual life of an invoice, used by `advance()`.
NEXT_STATUS = {
    "DEPOSEE": "MISE_A_DISPOSITION",
    "MISE_A_DISPOSITION": "PRISE_EN_COMPTE_DESTINATAIRE",
    "PRISE_EN_COMPTE_DESTINATAIRE": "SERVICE_FAIT",
    "SERVICE_FAIT": "MANDATEE",
    "MANDATEE": "MISE_EN_PAIEMENT",
    "COMPLETEE": "MISE_A_DISPOSITION",
}


class FunctionalError(Exception):
    def __init__(self, code: int, libelle: str) -> None:
        super().__init__(libelle)
        self.code = code
        self.libelle = libelle


class HttpFailure(Exception):
    """An answer that is not a JSON envelope (e.g. the 500 Chorus gives for a date with a time)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _error(code: int, libelle: str) -> FunctionalError:
    return FunctionalError(code, libelle)


def paris_wall_clock() -> dt.datetime:
    """Chorus Pro's clock: French local time. Kept with its zone here (every time the simulator holds is
    aware); written without an offset on the wire, as Chorus Pro does (API-NOTES)."""
    return dt.datetime.now(PARIS)


def as_paris_wall(moment: dt.datetime) -> dt.datetime:
    """A time given by a test or the demo (naive = this machine's local time, or aware) on Chorus's clock."""
    return moment.astimezone(PARIS)


def _fmt_dt(value: dt.datetime) -> str:
    """Chorus Pro's way of writing a time: Paris wall clock, no offset."""
    return as_paris_wall(value).strftime("%Y-%m-%d %H:%M")


def _parse_period(value: Any) -> dt.datetime | None:
    """A period bound sent by the client: Paris wall clock without offset (as Chorus Pro reads it)."""
    if not value:
        return None
    text = str(value).replace("T", " ")
    for size, fmt in ((19, "%Y-%m-%d %H:%M:%S"), (16, "%Y-%m-%d %H:%M"), (10, "%Y-%m-%d")):
        try:
            return dt.datetime.strptime(text[:size], fmt).replace(tzinfo=PARIS)
        except ValueError:
            continue
    raise HttpFailure(400)


def _money(value: Any, name: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _error(20305, f"Le montant {name} est invalide.") from None
    if not amount.is_finite():
        raise _error(20305, f"Le montant {name} est invalide.")
    return amount


def _paging(params: dict[str, Any] | None) -> tuple[int, int]:
    params = params or {}
    size = int(params.get("nbResultatsParPage") or DEFAULT_PAGE_SIZE)
    page = int(params.get("pageResultatDemandee") or 1)
    return max(1, min(size, MAX_PAGE_SIZE)), max(1, page)


def _page(items: list[Any], size: int, page: int) -> tuple[list[Any], dict[str, int]]:
    pages = max(1, math.ceil(len(items) / size))
    chosen = items[(page - 1) * size: page * size]
    return chosen, {"pageCourante": page, "pages": pages, "nbResultatsParPage": size, "total": len(items)}
