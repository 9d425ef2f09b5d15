"""`chorus-desktop new-invoice | duplicate | avoir` run as real subprocesses, and a real kill -9 in the middle
of a creation: numbers stay gap-free and the store consistent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from writingkit import DEFRAIEMENT, SELLER_IBAN, SELLER_SIRET, SELLER_VAT, spec

from chorus_desktop.core.extraction import extract_invoice
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of

CRASHPOINTS = Path(__file__).resolve().parents[2] / "support" / "crashpoints"


class Cli:
    def __init__(self, data_dir: Path, folder: Path) -> None:
        self.data_dir = data_dir
        self.folder = folder

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(self.data_dir), *args],
                              check=False, capture_output=True, text=True, timeout=120, env=env)

    def __call__(self, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        done = self.run(*args)
        assert done.returncode == expect, (args, done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def spec_file(self, data: Any, name: str = "facture.json") -> str:
        path = self.folder / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return str(path)

    def new_invoice(self, data: Any, *extra: str) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self("new-invoice", self.spec_file(data), "--json", *extra).stdout)
        return result


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "donnees", tmp_path)
    made("profile", "add", "ACME Conseil", "--siret", SELLER_SIRET, "--tva", SELLER_VAT, "--iban", SELLER_IBAN)
    made("profile", "set", "ACME Conseil", "legal_form=SARL", "capital=10 000", "rcs=Lyon B 732 829 320",
         "address=12 rue des Lilas|69003 Lyon", "bic=AGRIFRPP")
    return made


def numbers(data_dir: Path) -> list[str]:
    with Store.open(resolve_paths(data_dir)) as store:
        return store.written.numbers(store.profiles.list()[0].id, "FA")


def test_new_invoice_prints_id_number_and_pdf_path(cli: Cli) -> None:
    text = cli("new-invoice", cli.spec_file(spec())).stdout
    assert "FA-2026-0001" in text and "facture n° 1" in text and ".pdf" in text
    created = cli.new_invoice(spec(), "--profile", "ACME Conseil")
    assert (created["id"], created["number"], created["total_ttc"]) == (2, "FA-2026-0002", "2366.05")
    pdf = Path(created["pdf"])
    read = extract_invoice(pdf, use_embedded_xml=False)
    assert read.value("invoice_number") == "FA-2026-0002" and read.fields["invoice_number"].confidence == "high"
    assert "SARL au capital de 10 000 €" in " ".join(PdfReader(pdf).pages[0].extract_text().split())
    shown = json.loads(cli("show", "2", "--json").stdout)
    assert shown["deposit"]["numeroFactureSaisi"] == "FA-2026-0002"


@pytest.mark.parametrize(("change", "field"), [
    ({"customer": None}, "customer"),
    ({"lines": [{"description": "A", "quantity": -3, "unit_price": "10", "vat_rate": 20}]}, "lines[0].quantity"),
    ({"lines": [{"description": "A", "quantity": 1, "unit_price": "10", "vat_rate": 19.6}]}, "lines[0].vat_rate"),
    ({"lines": [{"description": "A", "quantity": 1, "unit_price": "12,3,4", "vat_rate": 20}]}, "lines[0].unit_price"),
])
def test_a_bad_spec_is_refused_in_french_and_uses_no_number(cli: Cli, change: dict[str, Any], field: str) -> None:
    done = cli("new-invoice", cli.spec_file(spec(**change)), expect=1)
    assert done.stderr.startswith("Erreur : Modèle de facture") and f"« {field} »" in done.stderr, done.stderr
    assert done.stdout == ""
    assert cli.new_invoice(spec())["number"] == "FA-2026-0001"


def test_unreadable_json_is_refused(cli: Cli) -> None:
    path = cli.folder / "casse.json"
    path.write_text('{"customer": ', encoding="utf-8")
    done = cli("new-invoice", str(path), expect=1)
    assert "JSON invalide ligne 1" in done.stderr


def test_defraiement_duplicate_and_avoir(cli: Cli) -> None:
    template = {key: value for key, value in DEFRAIEMENT.items() if key != "template"}
    made = cli.new_invoice(template, "--defraiement")
    assert made["number"] == "DEF-2026-0001" and made["total_ttc"] == "17.88"
    read = extract_invoice(Path(made["pdf"]), use_embedded_xml=False)
    assert str(read.value("total_ht")) == "14.90" and read.fields["total_ht"].confidence == "high"
    again = json.loads(cli("duplicate", str(made["id"]), "--json").stdout)
    assert again["number"] == "DEF-2026-0002" and again["total_ttc"] == "17.88"
    avoir = json.loads(cli("avoir", str(made["id"]), "--motif", "Erreur de période", "--json").stdout)
    assert avoir["kind"] == "AVOIR" and avoir["number"].startswith("AV-") and avoir["number"].endswith("-0001")
    extracted = json.loads(cli("extract", avoir["pdf"], "--json").stdout)
    assert extracted["document_type"] == "credit_note" and extracted["original_invoice_number"] == "DEF-2026-0001"


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is POSIX")
@pytest.mark.parametrize("point", ["after_stage", "after_number", "before_commit"])
def test_kill_9_in_the_middle_of_a_creation_uses_no_number(cli: Cli, point: str) -> None:
    assert cli.new_invoice(spec())["number"] == "FA-2026-0001"
    env = {**os.environ, "CHORUS_TEST_CRASH_AT": point,
           "PYTHONPATH": os.pathsep.join([str(CRASHPOINTS), os.environ.get("PYTHONPATH", "")])}
    crashed = cli.run("new-invoice", cli.spec_file(spec()), env=env)
    assert crashed.returncode == -signal.SIGKILL, (crashed.stdout, crashed.stderr)
    assert numbers(cli.data_dir) == ["FA-2026-0001"]
    assert cli.new_invoice(spec())["number"] == "FA-2026-0002"
    assert numbers(cli.data_dir) == ["FA-2026-0001", "FA-2026-0002"]
    with Store.open(resolve_paths(cli.data_dir)) as store:  # opening sweeps what the dead process left
        conn = store.db.conn
        assert store.integrity_ok() and conn.execute("SELECT count(*) FROM pending_documents").fetchone()[0] == 0
        claimed = {store.documents.path_of(r[0]) for r in conn.execute("SELECT relative_path FROM documents")}
        assert {p for p in store.documents.root.rglob("*") if p.is_file()} == claimed
        for row in conn.execute("SELECT d.relative_path, d.sha256 FROM written_documents w "
                                "JOIN documents d ON d.sha256 = w.pdf_sha256"):
            assert sha256_of(store.documents.path_of(row[0])) == row[1]
        assert conn.execute("SELECT last_number FROM number_counters WHERE series = 'FA'").fetchone()[0] == 2


def test_two_processes_writing_at_once_share_one_gap_free_series(cli: Cli) -> None:
    path = cli.spec_file(spec())
    script = ("import sys\nfrom chorus_desktop.cli import run\n"
              "for _ in range(4):\n"
              f"    assert run(['--data-dir', {str(cli.data_dir)!r}, 'new-invoice', {path!r}, '--json']) == 0\n")
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _out, err in outputs]
    assert numbers(cli.data_dir) == [f"FA-2026-{n:04d}" for n in range(1, 9)]
