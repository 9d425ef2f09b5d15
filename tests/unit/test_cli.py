"""The command line speaks French: every help text (argparse's own words included) and usage errors."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from chorus_desktop.cli import build_parser

# Words that only an English sentence would contain (argparse's defaults, or a help left untranslated).
ENGLISH = re.compile(r"\b(the|this|and|exit|usage|positional|message|program's|number|optional|"
                     r"required|invalid|choose|arguments? required|with|from|of|to|for)\b", re.IGNORECASE)


def every_parser(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:  # noqa: SLF001 - argparse has no public way to walk subparsers
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(every_parser(sub))
    return found


def test_every_help_text_is_french() -> None:
    parsers = every_parser(build_parser())
    assert len(parsers) > 15
    # Option names are identifiers, not sentences (`restore --from` is the issue's own contract).
    english = {parser.prog: sorted(set(ENGLISH.findall(re.sub(r"--[\w-]+", "", parser.format_help()))))
               for parser in parsers}
    assert {prog: words for prog, words in english.items() if words} == {}


def test_the_english_detector_would_see_argparse_defaults() -> None:
    english_help = "usage: x [-h] path\n\npositional arguments:\n  -h, --help  show this help message and exit\n"
    assert {word.lower() for word in ENGLISH.findall(english_help)} >= {"usage", "positional", "this", "exit"}


@pytest.mark.parametrize("argv, expected", [
    (["import"], "chorus-desktop : erreur : arguments obligatoires manquants : FICHIER_OU_DOSSIER"),
    (["commande-inconnue"], "chorus-desktop : erreur : argument COMMANDE : choix invalide : 'commande-inconnue'"),
    (["list", "--limite", "3"], "chorus-desktop : erreur : arguments non reconnus : --limite 3"),
])
def test_usage_errors_are_french_with_exit_2(argv: list[str], expected: str) -> None:
    result = subprocess.run([sys.executable, "-m", "chorus_desktop", *argv], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("utilisation : chorus-desktop")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_closed_output_pipe_ends_quietly(corpus_dir) -> None:  # type: ignore[no-untyped-def]
    pdfs = sorted(str(p) for p in (corpus_dir / "pdfs").glob("*.pdf"))
    process = subprocess.Popen([sys.executable, "-m", "chorus_desktop", "extract", "--json", *pdfs],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"{"
    process.stdout.close()  # like `| head -c 1`: the next line written meets a closed pipe
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) in (0, 141)
    assert "Traceback" not in errors and "BrokenPipe" not in errors
