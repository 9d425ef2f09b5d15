"""What every validation rule shares: Chorus Pro's limits, the context the store provides, problem makers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient
from chorus_desktop.core.model import Problem, format_rate

CENT = Decimal("0.01")
MEGABYTE = 1024 * 1024
MAX_PDF_BYTES = 10 * MEGABYTE
MAX_ATTACHMENT_BYTES = 10 * MEGABYTE
MAX_TOTAL_BYTES = 120 * MEGABYTE
MAX_ATTACHMENT_NAME = 50
MAX_INVOICE_NUMBER = 20
MAX_ENGAGEMENT = 50
FORBIDDEN_SERVICE_CODE = "FACTURES_PUBLIQUES"
#: The warning of a recipient whose Chorus Pro parameters were never read: not blocking (they are read again
#: just before sending), but an invoice is not « Prête » while it stands.
RECIPIENT_UNCHECKED = "parametres_destinataire_inconnus"
INVOICE_NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9\-_/+]+$")
# VAT rates in force in France: metropolitan, Corsica, overseas departments, and 0 for exempt lines.
FRENCH_VAT_RATES = frozenset(Decimal(rate) for rate in
                             ("0", "0.9", "1.05", "1.75", "2.1", "5.5", "8.5", "10", "13", "20"))
# Extensions Chorus Pro accepts for attachments (API-NOTES 5.3).
ALLOWED_EXTENSIONS = frozenset(
    ["BMP", "GIF", "FAX", "ODT", "PPT", "TIFF", "TIF", "XLS", "BZ2", "GZ", "JPEG", "JPG", "P7S", "RTF", "TXT", "XML", "CSV", "GZIP", "PDF", "SVG", "XHTML", "XLSX", "DOC", "HTM", "ODP", "PNG", "TGZ", "XLC", "ZIP", "DOCX", "HTML", "ODS", "PPS", "XLM", "PPTX", "XSD", "XSL"]
)


@dataclass(frozen=True)
class DocumentFacts:
    """What the store knows about the invoice PDF itself."""

    size: int
    is_text_pdf: bool | None  # None: not known
    present: bool = True  # False: the copy in the data folder's documents/ is missing


@dataclass(frozen=True)
class ValidationContext:
    today: dt.date
    profile: Profile | None = None
    recipient: Recipient | None = None
    number_already_used: bool = False
    main_document: DocumentFacts | None = None
    supplier_siret_on_invoice: str | None = None
    supplier_vat_on_invoice: str | None = None
    iban_on_invoice: str | None = None
    supplier_name_on_invoice: str | None = None
    supplier_confirmed: str | None = None  # the printed supplier id the user confirmed as the profile's


def block(code: str, message: str, field: str | None) -> Problem:
    return Problem(code=code, message=message, field=field, blocking=True)


def warn(code: str, message: str, field: str | None) -> Problem:
    return Problem(code=code, message=message, field=field, blocking=False)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def euros(value: Decimal) -> str:
    return f"{cents(value):,.2f} €".replace(",", "\u202f").replace(".", ",")


def rate_text(value: Decimal) -> str:
    return format_rate(value).replace(".", ",")
