"""The rules on the files sent with the invoice: sizes, names, types (API-NOTES 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from chorus_desktop.core.domain.deposit import Deposit, DepositAttachment
from chorus_desktop.core.model import Problem
from chorus_desktop.core.validation.common import (
    ALLOWED_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENT_NAME,
    MAX_PDF_BYTES,
    MAX_TOTAL_BYTES,
    DocumentFacts,
    ValidationContext,
    block,
)

# --- pièces jointes ---

def _attachment_name(attachment: DepositAttachment, field: str) -> list[Problem]:
    problems = []
    name = attachment.designation
    if len(name) > MAX_ATTACHMENT_NAME:
        problems.append(block("nom_piece_trop_long",
                               f"Le nom de la pièce jointe « {name} » dépasse {MAX_ATTACHMENT_NAME} caractères.", field))
    extension = PurePath(name).suffix.lstrip(".").upper()
    if not extension or extension not in ALLOWED_EXTENSIONS:
        problems.append(block("extension_piece",
                               f"La pièce jointe « {name} » doit avoir une extension admise par Chorus Pro "
                               "(PDF, JPG, PNG, XML, ZIP, DOCX, XLSX...).", field))
    return problems


def _attachments(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    main = deposit.pieceJointePrincipale
    if main is None:
        return [block("pdf_manquant", "La facture n'a pas de PDF à déposer.", "pieceJointePrincipale")]
    problems.extend(_attachment_name(main, "pieceJointePrincipale"))
    facts = context.main_document
    if facts is not None and not facts.present:
        problems.append(block("pdf_absent_dossier",
                               "Le PDF de cette facture est absent du dossier de l'application (documents) : "
                               "importez de nouveau le même fichier PDF pour le remettre en place.",
                               "pieceJointePrincipale"))
    size = facts.size if facts is not None else main.size
    if size > MAX_PDF_BYTES:
        problems.append(block("pdf_trop_gros", "Le PDF de la facture dépasse 10 Mo : Chorus Pro le refuse.",
                               "pieceJointePrincipale"))
    if facts is not None and facts.is_text_pdf is False:
        problems.append(block("pdf_image",
                               "Le PDF est une image (scan) sans texte : déposez le PDF produit par le logiciel "
                               "de facturation.", "pieceJointePrincipale"))
    total = size
    for attachment in deposit.pieceJointeComplementaire:
        problems.extend(_attachment_name(attachment, "pieceJointeComplementaire"))
        if attachment.size > MAX_ATTACHMENT_BYTES:
            problems.append(block("piece_trop_grosse",
                                   f"La pièce jointe « {attachment.designation} » dépasse 10 Mo.",
                                   "pieceJointeComplementaire"))
        total += attachment.size
    if total > MAX_TOTAL_BYTES:
        problems.append(block("pieces_trop_grosses",
                               "La facture et ses pièces jointes dépassent 120 Mo au total.",
                               "pieceJointeComplementaire"))
    return problems


def attachment_problems(deposit: Deposit, main_document: DocumentFacts | None = None) -> list[Problem]:
    """The file rules alone (names, extensions, sizes), e.g. for the files added to a suspended invoice."""
    return _attachments(deposit, ValidationContext(today=dt.date.today(), main_document=main_document))
