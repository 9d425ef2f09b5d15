"""`chorus-desktop extract FILE.pdf ... [--json] [--no-embedded-xml]`: read invoice PDFs, print the fields.

Exit status: 0 when every file was read (even with problems), 1 when a file could not be read at all,
2 on usage errors (argparse).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, TextIO

from chorus_desktop.core.model import ExtractionResult

# Labels of the summary, in the portal's words, in the order an accountant checks them.
SUMMARY_LABELS = (
    ("document_type", "Type"),
    ("invoice_number", "Numéro de facture"),
    ("date", "Date de facture"),
    ("original_invoice_number", "Facture d'origine"),
    ("supplier_name", "Fournisseur"),
    ("supplier_siret", "SIRET fournisseur"),
    ("supplier_vat", "N° TVA fournisseur"),
    ("buyer", "Destinataire"),
    ("buyer_siret", "SIRET destinataire"),
    ("service_code", "Code service"),
    ("po_number", "Numéro d'engagement"),
    ("contract_number", "Numéro de marché"),
    ("total_ht", "Montant HT"),
    ("total_tva", "Montant TVA"),
    ("total_ttc", "Montant TTC"),
    ("amount_due", "Net à payer"),
    ("currency", "Devise"),
    ("vat_rates", "Taux de TVA"),
    ("vat_breakdown", "TVA par taux"),
    ("vat_regime", "Régime de TVA"),
    ("payment_means", "Mode de paiement"),
    ("iban", "IBAN"),
    ("already_paid", "Déjà payée"),
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `extract` subcommand."""
    parser = subparsers.add_parser(
        "extract",
        help="lire des factures PDF et afficher les valeurs reconnues",
        description="Lit chaque facture PDF et affiche les valeurs reconnues, leur fiabilité et les "
        "problèmes trouvés.",
    )
    parser.add_argument("files", nargs="+", metavar="FICHIER.pdf", help="factures PDF à lire")
    parser.add_argument("--json", action="store_true", help="une ligne JSON par fichier (pour les scripts)")
    parser.add_argument(
        "--no-embedded-xml",
        action="store_true",
        help="ignorer les données Factur-X jointes et ne lire que la page",
    )
    parser.set_defaults(handler=run_extract)


def run_extract(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from chorus_desktop.core.extraction.worker import ProcessExtractor

    out = out or sys.stdout
    # pdfminer and pypdf log every oddity of real-world PDFs, and the engine logs for developers; the
    # user sees our French problems instead.
    for noisy in ("pdfminer", "pypdf", "factur-x", "chorus_desktop.core.extraction"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    status = 0
    # Each file is read in a worker process with a memory ceiling and a time limit: a hostile file costs
    # a few seconds at most and never the memory of the next ones.
    extractor = ProcessExtractor(use_embedded_xml=not args.no_embedded_xml)
    try:
        for index, name in enumerate(args.files):
            result = extractor(Path(name))
            if not result.readable:
                status = 1
            if args.json:
                out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            else:
                if index:
                    out.write("\n")
                out.write(summary(result))
            out.flush()
    finally:
        extractor.shutdown()
    return status


def summary(result: ExtractionResult) -> str:
    """A readable French summary of one file; `(à vérifier)` marks values that are not sure."""
    lines = [f"== {result.file}"]
    if not result.readable:
        lines.append("Fichier illisible.")
    else:
        origin = "données Factur-X jointes et page" if result.has_embedded_xml else "page"
        lines.append(f"{result.page_count} page(s), lu depuis : {origin}")
    for name, label in SUMMARY_LABELS:
        found = result.fields.get(name)
        if found is None:
            continue
        doubt = "" if found.confidence == "high" else "  (à vérifier)"
        lines.append(f"  {label} : {_shown(found.value)}{doubt}")
    if result.problems:
        lines.append("Problèmes :")
        for problem in result.problems:
            marker = "[bloquant] " if problem.blocking else ""
            lines.append(f"  - {marker}{problem.message}")
    return "\n".join(lines) + "\n"


# Chorus Pro codes, as the portal's forms word them.
CODE_LABELS = {
    "TVA_SUR_DEBIT": "TVA sur les débits",
    "TVA_SUR_ENCAISSEMENT": "TVA sur les encaissements",
    "EXONERATION": "exonération",
    "SANS_TVA": "sans TVA",
    "VIREMENT": "virement",
    "CHEQUE": "chèque",
    "PRELEVEMENT": "prélèvement",
    "ESPECE": "espèces",
    "AUTRE": "autre",
    "REPORT": "report",
}


def _shown(value: Any) -> str:
    """Values as a French accountant writes them: 1 234,56 ; 15/03/2026 ; 5,5 %."""
    from chorus_desktop.core.extraction.merge import display

    if isinstance(value, str) and value in CODE_LABELS:
        return f"{CODE_LABELS[value]} ({value})"
    return display(value)
