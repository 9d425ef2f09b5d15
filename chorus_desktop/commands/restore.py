"""`chorus-desktop restore [--from FICHIER] [--yes] [--list]` and `chorus-desktop check-documents`.

Restores the database from its newest intact automatic copy (data folder, backups/) or from a given
file; the database replaced is kept in backups/, never deleted. Then reports the PDFs of documents/
that no invoice of the restored base claims, and the invoices whose PDF is missing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from chorus_desktop.commands.output import confirm
from chorus_desktop.core.domain.names import escape_text
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.usecases.restore import RestoreReport
from chorus_desktop.wiring import open_restore

SHOWN_PATHS = 20




def _print_report(report: RestoreReport) -> None:
    print(f"{report.invoices} facture(s) dans la base ; contrôle d'intégrité : "
          f"{'correct' if report.integrity_ok else 'ÉCHEC'}.")
    if report.unclaimed_documents:
        print(f"{len(report.unclaimed_documents)} PDF du dossier documents n'ont pas de facture dans la base "
              "(importés après cette sauvegarde) : importez-les de nouveau avec « chorus-desktop import ».")
        for path in report.unclaimed_documents[:SHOWN_PATHS]:
            print(f"  {escape_text(path)}")
    if report.invoices_without_pdf:
        ids = ", ".join(str(i) for i in report.invoices_without_pdf[:SHOWN_PATHS])
        print(f"{len(report.invoices_without_pdf)} facture(s) sans leur PDF dans le dossier documents (n° {ids}) : "
              "importez de nouveau le même fichier pour le remettre en place.")


def _cmd_restore(args: argparse.Namespace) -> int:
    restore = open_restore(resolve_paths(args.data_dir))
    if args.list:
        backups = restore.backups()
        if not backups:
            print("Aucune sauvegarde automatique.")
        for backup in backups:
            print(f"{backup.made_at.astimezone():%d/%m/%Y %H:%M:%S}\t{backup.size // 1024} Ko\t"
                  f"{escape_text(backup.path)}")
        return 0
    source = restore.choose(Path(args.source) if args.source else None)
    print(f"Sauvegarde choisie : {escape_text(source)}")
    if not args.yes and not confirm("Remplacer la base actuelle par cette sauvegarde (la base actuelle est "
                                     "gardée dans le dossier backups) ?", "restaurer"):
        print("Rien n'a été restauré.")
        return 1
    report = restore.restore(source)
    print(f"Base restaurée depuis « {escape_text(report.source)} ».")
    if report.kept_aside is not None:
        print(f"L'ancienne base est gardée dans « {escape_text(report.kept_aside)} ».")
    _print_report(report)
    return 0 if report.integrity_ok else 1


def _cmd_check_documents(args: argparse.Namespace) -> int:
    report = open_restore(resolve_paths(args.data_dir)).check_documents()
    _print_report(report)
    return 1 if report.invoices_without_pdf or not report.integrity_ok else 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    parser = subparsers.add_parser("restore", help="restaurer la base depuis une sauvegarde automatique")
    parser.add_argument("--from", dest="source", metavar="FICHIER", help="une copie de la base à restaurer")
    parser.add_argument("--yes", action="store_true", help="restaurer sans demander de confirmation")
    parser.add_argument("--list", action="store_true", help="lister les sauvegardes automatiques")
    parser.set_defaults(handler=_cmd_restore)
    parser = subparsers.add_parser("check-documents",
                                   help="vérifier la base et les PDF du dossier documents (code 1 si un PDF manque)")
    parser.set_defaults(handler=_cmd_check_documents)
