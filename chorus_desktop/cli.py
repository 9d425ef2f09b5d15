"""Command line: `chorus-desktop <command>` for batches and scripts, no argument for the desktop app.

Each group of subcommands lives in its own module under `chorus_desktop.commands`, exposing
`register(subparsers)`; every subparser sets `handler=<function(args) -> int>`. Handlers call the same
core services as the GUI and turn `ChorusDesktopError` into a French message on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

from chorus_desktop import __version__
from chorus_desktop.commands.french_argparse import FrenchArgumentParser, install
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.logging_setup import setup_logging

log = logging.getLogger(__name__)

# Modules under chorus_desktop.commands, each with a register(subparsers) function.
COMMAND_MODULES = ("extract", "store", "profiles", "supplier", "chorus", "returns", "writing", "directory", "restore",
                   "layouts", "system")


def build_parser() -> argparse.ArgumentParser:
    install()
    parser = FrenchArgumentParser(
        prog="chorus-desktop",
        description="Dépôt et suivi de factures sur Chorus Pro. Sans commande, ouvre l'application.",
    )
    parser.add_argument("--version", action="version", version=f"chorus-desktop {__version__}",
                        help="afficher la version du programme et quitter")
    parser.add_argument("--data-dir", metavar="DOSSIER", help="garder toutes les données dans ce dossier")
    parser.add_argument("--demo", action="store_true",
                        help="mode démonstration : dossier temporaire et simulateur Chorus Pro local")
    parser.add_argument("--log-dir", action="store_true",
                        help="afficher le dossier des journaux (à joindre à une demande d'aide), puis quitter")
    parser.add_argument("--self-check", action="store_true",
                        help="vérifier que l'installation fonctionne, puis quitter")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchArgumentParser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"chorus_desktop.commands.{name}")
        module.register(subparsers)
    return parser


def desktop_opened_files(argv: Sequence[str], commands: Collection[str]) -> list[str]:
    """PDF paths the desktop passes when the user opens files with the app ("Ouvrir avec", `%F`)."""
    if any(arg in commands for arg in argv):
        return []
    return [arg for arg in argv if not arg.startswith("-") and arg.lower().endswith(".pdf")]


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    commands = next(action.choices for action in parser._actions  # noqa: SLF001 - argparse has no public way
                    if isinstance(action, argparse._SubParsersAction))  # noqa: SLF001
    opened = desktop_opened_files(argv, commands)
    args = parser.parse_args([arg for arg in argv if arg not in opened])
    paths = resolve_paths(args.data_dir)
    if args.log_dir:
        print(paths.log_dir)
        return 0
    if args.self_check:
        from chorus_desktop.selfcheck import run_self_check

        return run_self_check()
    if args.command is None:
        from chorus_desktop.app import run_gui

        return run_gui(data_dir=args.data_dir, demo=args.demo, files=[Path(name) for name in opened])
    log_path = setup_logging(paths, front=f"cli {args.command}")
    try:
        return int(args.handler(args))
    except ChorusDesktopError as error:
        log.warning("%s: %s (%s)", args.command, error.code, error.message)
        print(f"Erreur : {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise  # the reader of our output went away: `__main__` ends quietly
    except Exception as error:  # our bug or the world's: never a traceback for the user, all of it in the log
        log.exception("%s failed", args.command)
        where = f" Détails dans le journal : {log_path}" if log_path else ""
        print(f"Erreur interne de Chorus Desktop ({type(error).__name__}) : l'opération n'a pas abouti.{where}",
              file=sys.stderr)
        return 1
