"""`chorus-desktop layouts list|forget|routings` after `import`, `set`, `validate`, as real subprocesses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


class Cli:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __call__(self, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(self.data_dir), *args],
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == expect, (args, done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "donnees")


@pytest.fixture
def pacano(corpus_dir: Path, tmp_path: Path) -> list[Path]:
    extra = corpus_dir.parent / "corpus-extra" / "pdfs"
    (tmp_path / "inbox").mkdir()
    return [Path(shutil.copy(extra / f"x-pacano-2023-{n}.pdf", tmp_path / "inbox")) for n in ("6013", "6026")]


def test_a_layout_learned_through_the_cli_is_listed_used_and_forgotten(cli: Cli, pacano: list[Path]) -> None:
    cli("profile", "add", "Hôtel", "--siret", "732 829 320 00074", "--id-fournisseur", "26123",
        "--id-coordonnees-bancaires", "4411")
    assert "Aucun modèle" in cli("layouts", "list").stdout
    [first] = cli.json("import", str(pacano[0]), "--profile", "Hôtel", "--destinataire", "11000201100044",
                       "--code-service", "SE01")
    cli("set", str(first["id"]), "numeroFactureSaisi=2023-6013")
    cli("confirm-supplier", str(first["id"]))  # the hotel printed it, the test profile is another company
    cli("validate", str(first["id"]))

    [layout] = cli.json("layouts", "list")
    assert layout["taught_invoice_number"] == "2023-6013" and "invoice_number" in layout["fields"]
    assert "2023-6013" in cli("layouts", "list").stdout
    [routing] = cli.json("layouts", "routings")
    assert routing["routing"]["codeServiceExecutant"] == "SE01"

    [second] = cli.json("import", str(pacano[1]), "--profile", "Hôtel")
    shown = cli.json("show", str(second["id"]))
    assert shown["deposit"]["numeroFactureSaisi"] == "2023-6026"
    assert shown["deposit"]["codeDestinataire"] == "11000201100044"
    assert shown["deposit"]["codeServiceExecutant"] == "SE01"
    assert shown["extraction"]["layout_memory"]["taught_invoice_number"] == "2023-6013"
    assert "routage_memorise" in [p["code"] for p in shown["problems"]]

    done = cli("layouts", "forget", str(layout["id"]))
    assert "oublié" in done.stdout
    assert cli.json("layouts", "list") == []
    again = cli("layouts", "forget", str(layout["id"]), expect=1)
    assert again.stderr.startswith("Erreur : ") and "Aucun modèle" in again.stderr
    cli("layouts", "forget-routing", str(routing["id"]))
    assert cli.json("layouts", "routings") == []


def test_the_cadre_chosen_for_a_paid_invoice_is_listed_with_its_layout(cli: Cli, corpus_dir: Path,
                                                                        tmp_path: Path) -> None:
    # oca-gandi says « Statut : payée »: prepared in cadre A2 with a warning; the user deposits it as to be paid.
    cli("profile", "add", "ACME", "--siret", "732 829 320 00074", "--id-fournisseur", "26123",
        "--id-coordonnees-bancaires", "4411")
    paid = shutil.copy(corpus_dir / "pdfs" / "oca-gandi.pdf", tmp_path / "oca-gandi.pdf")
    [imported] = cli.json("import", str(paid), "--profile", "ACME", "--destinataire", "11000201100044",
                          "--code-service", "SE01")
    shown = cli.json("show", str(imported["id"]))
    assert shown["deposit"]["codeCadreFacturation"] == "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE"
    assert "facture_semble_payee" in [p["code"] for p in shown["problems"]]
    ttc = shown["deposit"]["montantTtcTotal"]
    cli("set", str(imported["id"]), "codeCadreFacturation=A1_FACTURE_FOURNISSEUR", f"montantAPayer={ttc}")
    cli("confirm-supplier", str(imported["id"]))
    cli("validate", str(imported["id"]))

    [layout] = cli.json("layouts", "list")
    assert layout["paid_cadre"] == "A1_FACTURE_FOURNISSEUR" and layout["paid_taught_invoice_id"] == imported["id"]
    assert "cadre A1 (facture n° " in cli("layouts", "list").stdout
