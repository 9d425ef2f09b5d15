"""End to end against the simulator, from real `python -m chorus_desktop` processes: three deposited invoices
sent back as À recycler, Suspendue and Rejetée, each handled with exactly one call of its endpoint, the right
state at Chorus afterwards and nothing else deposited; a wrong action refused before any call."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from chorus_fixtures import sim, sleeps  # noqa: F401 - fixtures
from storekit import FakeExtractor

from chorus_desktop.core import credentials as creds
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.sandbox import Simulator
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN, RECIPIENT_SERVICE_REQUIRED, SUPPLIER_SIRET
from chorus_desktop.wiring import build_context


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chorus_desktop", *args], capture_output=True, text=True,
                          check=False, env=env, timeout=120)


def cli_json(env: dict[str, str], *args: str) -> Any:
    done = cli(env, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def env(sim: Simulator, isolated_data_dir: Path) -> dict[str, str]:
    values = dict(os.environ)
    values.update({creds.TOKEN_URL_ENV: sim.token_url, creds.API_URL_ENV: sim.api_url,
                   creds.ENV_VARS["client_id"]: sim.client_id, creds.ENV_VARS["client_secret"]: sim.client_secret,
                   creds.ENV_VARS["tech_login"]: sim.tech_login,
                   creds.ENV_VARS["tech_password"]: sim.tech_password})
    return values


def import_invoices(folder: Path, numbers: list[str]) -> list[int]:
    folder.mkdir(parents=True, exist_ok=True)
    extractor = FakeExtractor()
    paths = []
    for number in numbers:
        path = folder / f"{number}.pdf"
        path.write_bytes(b"%PDF-1.4\n% " + number.encode() + b"\n%%EOF\n")
        extractor.by_name[path.name] = {"invoice_number": number, "buyer_siret": RECIPIENT_PLAIN,
                                        "supplier_siret": SUPPLIER_SIRET, "date": dt.date.today()}
        paths.append(path)
    with Store.open(resolve_paths()) as store:
        context = build_context(store, extractor=extractor)
        context.profiles.add_profile("Fournisseur Démo", SUPPLIER_SIRET)
        outcomes = context.importing.import_files(paths)
    ids = [o.invoice_id for o in outcomes]
    assert all(ids)
    return [int(i) for i in ids if i is not None]


def test_three_sent_back_invoices_handled_from_the_cli(sim: Simulator, env: dict[str, str], tmp_path: Path) -> None:
    recycle, complete, reject = import_invoices(tmp_path / "in", ["E2E-R", "E2E-S", "E2E-J"])
    deposit = cli(env, "deposit", str(recycle), str(complete), str(reject), "--yes")
    assert deposit.returncode == 0, deposit.stdout + deposit.stderr
    shown = cli_json(env, "show", str(recycle), "--json")
    assert shown["payment_due_date"] == (dt.date.today() + dt.timedelta(days=30)).isoformat()
    chorus_ids = {i: cli_json(env, "show", str(i), "--json")["chorus"]["identifiantFactureCPP"]
                  for i in (recycle, complete, reject)}
    sim.send_back(chorus_ids[recycle], "A_RECYCLER", "Code service manquant")
    sim.send_back(chorus_ids[complete], "SUSPENDUE", "Joindre le bon de livraison")
    sim.send_back(chorus_ids[reject], "REJETEE", "Montant erroné")
    assert cli(env, "sync").returncode == 0

    desk = cli_json(env, "returns", "--json")
    assert [(row["id"], row["action"]) for row in desk] == [
        (recycle, "recycle"), (complete, "complete"), (reject, "credit-note")]
    assert desk[1]["comment"] == "Joindre le bon de livraison" and desk[1]["meaning"]
    listed = cli(env, "list")
    assert "Échéance" in listed.stdout
    text = cli(env, "returns").stdout
    assert f"Recycler (chorus-desktop recycle {recycle})" in text and "Motif : « Code service manquant »" in text

    sim.reset_counts()
    wrong = cli(env, "complete", str(recycle), "--attach", str(tmp_path / "in" / "E2E-R.pdf"), "--yes")
    assert wrong.returncode == 1 and "chorus-desktop recycle" in wrong.stderr
    wrong_deposit = cli(env, "deposit", str(recycle), "--yes")
    assert wrong_deposit.returncode == 1 and "recycle" in wrong_deposit.stdout
    assert sim.total_calls() == 0

    done = cli(env, "recycle", str(recycle), "--destinataire", RECIPIENT_SERVICE_REQUIRED,
               "--code-service", "SE-COMPTA", "--yes")
    assert done.returncode == 0, done.stderr
    assert sim.calls["factures/v1/recycler"] == 1

    piece = tmp_path / "bon-de-livraison.pdf"
    piece.write_bytes(b"%PDF-1.4 BL signe")
    done = cli(env, "complete", str(complete), "--attach", str(piece), "--comment", "BL joint", "--yes")
    assert done.returncode == 0, done.stderr
    assert sim.calls["factures/v1/completer"] == 1 and sim.calls["transverses/v1/ajouter/fichier"] == 1

    done = cli(env, "credit-note", str(reject), "--yes", "--json")
    assert done.returncode == 0, done.stderr
    written = json.loads(done.stdout)
    assert written["credit_note_writer_available"] is True and written["credit_note_id"] is not None
    assert sim.calls["factures/v1/traiterRejet"] == 1
    # The avoir: written by the app's invoice writer, its own number, the rejected one as origin, booked
    # locally and not deposited; our reader reads it back as an avoir of that invoice.
    rejected = cli_json(env, "show", str(reject), "--json")
    avoir = cli_json(env, "show", str(written["credit_note_id"]), "--json")
    assert avoir["deposit"]["typeFacture"] == "AVOIR"
    assert avoir["deposit"]["numeroFactureOrigine"] == rejected["deposit"]["numeroFactureSaisi"]
    assert avoir["deposit"]["numeroFactureSaisi"].startswith("AV-")
    assert avoir["deposit"]["montantTtcTotal"] == rejected["deposit"]["montantTtcTotal"]
    read_back = json.loads(cli(env, "extract", "--json", avoir["document"]["path"]).stdout)
    assert read_back["document_type"] == "credit_note"  # its origin number is checked by the writer's tests

    assert sim.calls["factures/v1/soumettre"] == 0 and sim.invoice_count() == 3
    at_chorus = {i: sim.backend.invoices[chorus_ids[i]] for i in chorus_ids}
    assert (at_chorus[recycle].number, at_chorus[recycle].recipient.siret, at_chorus[recycle].service_code,
            at_chorus[recycle].status) == ("E2E-R", RECIPIENT_SERVICE_REQUIRED, "SE-COMPTA", "DEPOSEE")
    assert at_chorus[complete].status == "COMPLETEE" and len(at_chorus[complete].attachments) == 1
    assert at_chorus[reject].status == "REJETEE" and at_chorus[reject].rejection_handled
    assert cli_json(env, "returns", "--json") == []
    assert cli_json(env, "show", str(complete), "--json")["state"] == "COMPLETEE"
    again = cli(env, "credit-note", str(reject), "--yes")
    assert again.returncode == 0 and sim.calls["factures/v1/traiterRejet"] == 1  # not twice
    # Asked for: the same avoir (not a second one) deposited on Chorus Pro, exactly once.
    sim.reset_counts()
    deposited = cli(env, "credit-note", str(reject), "--yes", "--deposit", "--json")
    assert deposited.returncode == 0, deposited.stdout + deposited.stderr
    answer = json.loads(deposited.stdout)
    assert answer["credit_note_id"] == written["credit_note_id"] and answer["credit_note_deposit"]["ok"]
    assert sim.calls["factures/v1/soumettre"] == 1 and sim.calls["factures/v1/traiterRejet"] == 0
    at_chorus = sim.backend.invoice_by_number(avoir["deposit"]["numeroFactureSaisi"])
    assert at_chorus is not None and at_chorus.invoice_type == "AVOIR"


def test_claim_interest_payment_terms_and_dashboard_from_the_cli(sim: Simulator, env: dict[str, str],
                                                                   tmp_path: Path) -> None:
    [late] = import_invoices(tmp_path / "in", ["E2E-L"])
    assert cli(env, "deposit", str(late), "--yes").returncode == 0
    # Made available 40 days ago, as a sync would have recorded it then.
    with Store.open(resolve_paths()) as store:
        build_context(store).lifecycle.apply_chorus_status(
            late, "MISE_A_DISPOSITION", at=dt.datetime.now(dt.UTC) - dt.timedelta(days=40))
    shown = cli_json(env, "show", str(late), "--json")
    assert shown["days_late"] == 10 and shown["late_interest"]["indemnity"] == "40.00"
    listed = cli_json(env, "list", "--json")
    assert listed[0]["days_late"] == 10 and listed[0]["payment_due_text"] == "En retard de 10 jours"
    dashboard = cli_json(env, "dashboard", "--json")
    assert dashboard["EN_RETARD_DE_PAIEMENT"] == 1 and dashboard["A_TRAITER"] == 1
    assert cli_json(env, "returns", "--json")[0]["action"] == "claim-interest"
    letter = tmp_path / "reclamation.pdf"
    done = cli(env, "claim-interest", str(late), "--output", str(letter))
    assert done.returncode == 0, done.stderr
    assert letter.read_bytes().startswith(b"%PDF")
    done = cli(env, "payment-terms", RECIPIENT_PLAIN, "--delai", "20")
    assert done.returncode == 0, done.stderr
    assert cli_json(env, "show", str(late), "--json")["days_late"] == 20
    refused = cli(env, "payment-terms", RECIPIENT_PLAIN, "--delai", "45")
    assert refused.returncode == 1 and "entre 1 et 30" in refused.stderr


def test_interest_rates_come_from_the_user_copy_when_there_is_one(env: dict[str, str],
                                                                  isolated_data_dir: Path) -> None:
    shipped = cli_json(env, "interest-rates", "--json")
    assert shipped["origin"] == "taux-bce.json" and shipped["periods"][0]["half_year"] == "2023-S2"
    copy = Path(shipped["user_copy"])
    assert copy.parent == isolated_data_dir.resolve()
    copy.write_text('{"periods": [{"half_year": "2026-S2", "ecb_rate": "1.90", "source": "BCE"}]}', "utf-8")
    edited = cli_json(env, "interest-rates", "--json")
    assert edited["origin"] == str(copy) and edited["periods"] == [
        {"half_year": "2026-S2", "ecb_rate": "1.90", "interest_rate": "9.90", "source": "BCE"}]
