"""`chorus-desktop import|set|validate|list|show|dashboard|payload|profile` run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from storekit import RECIPIENT_SIRET, SUPPLIER_SIRET, unique_pdfs


class Cli:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __call__(self, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(self.data_dir), *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == expect, (args, done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def json(self, *args: str, expect: int = 0) -> Any:
        return json.loads(self(*args, "--json", expect=expect).stdout)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "donnees")


@pytest.fixture
def pdfs(corpus_dir: Path, tmp_path: Path) -> list[Path]:
    return unique_pdfs(corpus_dir, tmp_path / "inbox", 2)


VALID_FIELDS = [
    f"codeDestinataire={RECIPIENT_SIRET}", "numeroFactureSaisi=CLI-0001", "dateFacture=15/01/2024",
    "montantHtTotal=100", "montantTVA=20", "montantTtcTotal=120,00", "montantAPayer=120",
    'ligneTva=[{"taux": 20, "base": "100", "tva": "20"}]', "codeServiceExecutant=SE01",
]


def test_profiles(cli: Cli) -> None:
    done = cli("profile", "add", "ACME", "--siret", "732 829 320 00074", "--id-fournisseur", "26123",
               "--mode-paiement", "VIREMENT")
    assert "ACME" in done.stdout
    bad = cli("profile", "add", "Faux", "--siret", "73282932000075", expect=1)
    assert bad.stderr.startswith("Erreur : ") and "SIRET" in bad.stderr
    cli("profile", "set", "ACME", "chorus_bank_account_id=4411", "default_vat_type=TVA_SUR_ENCAISSEMENT")
    [profile] = cli.json("profile", "list")
    assert (profile["siret"], profile["chorus_supplier_id"], profile["chorus_bank_account_id"],
            profile["default_vat_type"]) == (SUPPLIER_SIRET, 26123, 4411, "TVA_SUR_ENCAISSEMENT")
    cli("profile", "set", "ACME", "couleur=bleu", expect=1)
    assert (cli.data_dir / "chorus-desktop.sqlite3").is_file()


def test_import_with_options_then_edit_validate_and_payload(cli: Cli, pdfs: list[Path]) -> None:
    cli("profile", "add", "ACME", "--siret", SUPPLIER_SIRET, "--id-fournisseur", "26123",
        "--id-coordonnees-bancaires", "4411")
    outcomes = cli.json("import", str(pdfs[0]), "--profile", "ACME", "--destinataire", RECIPIENT_SIRET,
                        "--code-service", "SE01", "--engagement", "EJ-77", "--marche", "M-1", "--cadre", "A1")
    assert [o["status"] for o in outcomes] == ["imported"]
    invoice_id = outcomes[0]["id"]
    shown = cli.json("show", str(invoice_id))
    deposit = shown["deposit"]
    assert (deposit["codeDestinataire"], deposit["codeServiceExecutant"], deposit["numeroBonCommande"],
            deposit["numeroMarche"], deposit["codeCadreFacturation"]) == (
        RECIPIENT_SIRET, "SE01", "EJ-77", "M-1", "A1_FACTURE_FOURNISSEUR")
    assert shown["state"] == "BROUILLON" and shown["history"][0]["source"] == "local"
    assert Path(shown["document"]["path"]).read_bytes() == pdfs[0].read_bytes()

    cli("set", str(invoice_id), *VALID_FIELDS)
    # The corpus PDF is printed by another company than the ACME profile: the supplier guard blocks it
    # until the issuer is confirmed (issue 14).
    assert "fournisseur_different" in {p["code"] for p in cli.json("validate", str(invoice_id), expect=1)["problems"]}
    cli("confirm-supplier", str(invoice_id))
    result = cli.json("validate", str(invoice_id))
    # No Chorus Pro access in this test: nothing blocks, but « Prête » waits for the recipient's check
    # (tests/unit/commands/test_chorus.py checks it against the simulator).
    assert result["valid"] and result["state"] == "BROUILLON" and not result["recipient_checked"]
    # Named as the user knows the profile, with the command to run.
    assert "Identifiants Chorus Pro incomplets pour le profil « ACME »" in result["chorus_unavailable"]
    assert "chorus-desktop login --profile ACME »" in result["chorus_unavailable"]
    assert not [p for p in result["problems"] if p["blocking"]]
    assert "Destinataire non vérifié auprès de Chorus Pro" in cli("validate", str(invoice_id)).stdout

    cli("set", str(invoice_id), "montantTtcTotal=121")
    result = cli.json("validate", str(invoice_id), expect=1)
    assert {p["field"] for p in result["problems"] if p["blocking"]} == {"montantTtcTotal"}
    assert "net_a_payer_acompte" in {p["code"] for p in result["problems"] if not p["blocking"]}
    text = cli("validate", str(invoice_id), expect=1).stdout
    assert "BLOQUANT [montantTtcTotal]" in text

    cli("set", str(invoice_id), "montantTtcTotal=120")
    cli("validate", str(invoice_id))
    body = json.loads(cli("payload", str(invoice_id)).stdout)
    assert body["modeDepot"] == "DEPOT_PDF_API"
    assert body["numeroFactureSaisi"] == "CLI-0001" and body["dateFacture"] == "2024-01-15"
    assert body["pieceJointePrincipale"][0]["pieceJointePrincipaleDesignation"] == pdfs[0].name
    assert body["montantTotal"]["montantTtcTotal"] == 120.0
    assert body["fournisseur"] == {"idFournisseur": 26123, "codeCoordonneesBancairesFournisseur": 4411}

    states = [line["state"] for line in cli.json("show", str(invoice_id))["history"]]
    # The second: issuer confirmed. Never « Prête » without the recipient's check (the use-case tests
    # follow Prête -> Brouillon -> Prête once it was).
    assert states == ["BROUILLON", "BROUILLON"]


def test_list_dashboard_and_reimport(cli: Cli, pdfs: list[Path]) -> None:
    first = cli("import", str(pdfs[0].parent))
    lines = first.stdout.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["1", "2"]
    again = cli("import", str(pdfs[0].parent))
    assert all("Déjà importée" in line for line in again.stdout.strip().splitlines())
    cli("set", "1", *VALID_FIELDS)
    cli("profile", "add", "ACME", "--siret", SUPPLIER_SIRET, "--id-fournisseur", "1")
    assert [row["id"] for row in cli.json("list", "--state", "BROUILLON")] and cli.json("list", "--state", "PRETE") == []
    dashboard = cli.json("dashboard")
    assert dashboard["BROUILLON"] == 2 and dashboard["PRETE"] == 0 and dashboard["MISE_EN_PAIEMENT"] == 0
    table = cli("dashboard").stdout
    assert "Tableau de bord" in table and "Brouillon : 2" in table and "Mise en paiement : 0" in table
    listing = cli("list", "--state", "Brouillon").stdout
    assert "Brouillon" in listing and pdfs[0].name in listing
    assert [row["numeroFactureSaisi"] for row in cli.json("list", "--search", "CLI-0001")] == ["CLI-0001"]
    cli("list", "--state", "PAS_UN_ETAT", expect=1)


def test_errors_are_french_with_status_1(cli: Cli, tmp_path: Path) -> None:
    missing = cli("show", "42", expect=1)
    assert missing.stderr == "Erreur : Aucune facture n° 42.\n"
    cli("validate", "42", expect=1)
    cli("set", "42", "pasdegal", expect=1)
    broken = tmp_path / "faux.pdf"
    broken.write_bytes(b"ceci n'est pas un PDF")
    done = cli("import", str(broken), expect=1)
    assert "-\tfaux.pdf\t" in done.stdout
    absent = cli("import", str(tmp_path / "absente.pdf"), expect=1)
    assert "Fichier introuvable" in absent.stdout
    assert cli.json("list") == []


def test_list_pages_and_streams_json(cli: Cli, corpus_dir: Path, tmp_path: Path) -> None:
    pdfs = unique_pdfs(corpus_dir, tmp_path / "lot", 5, prefix="page")
    cli("import", *map(str, pdfs))
    everything = cli.json("list")
    assert len(everything) == 5
    page = cli.json("list", "--limit", "2", "--offset", "1")
    assert [row["id"] for row in page] == [row["id"] for row in everything[1:3]]
    lines = cli("list", "--json-lines", "--offset", "3").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [row["id"] for row in everything[3:]]
    assert cli.json("list", "--offset", "9") == []
def test_list_as_csv_for_a_french_spreadsheet(cli: Cli, pdfs: list[Path]) -> None:
    import csv
    import io

    cli("import", str(pdfs[0].parent))
    cli("set", "1", *VALID_FIELDS)
    done = subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(cli.data_dir), "list", "--csv",
                           "--search", "CLI-0001"], capture_output=True, check=True)
    assert done.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Statut", "Destinataire", "Numéro", "Date"]
    assert len(rows) == 2 and rows[1][2] == "CLI-0001"
    assert rows[1][6] == pdfs[0].name
