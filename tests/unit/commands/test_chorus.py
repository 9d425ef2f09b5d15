"""`chorus-desktop login | check | deposit | sync | sandbox`, and no secret left anywhere after a full run."""

from __future__ import annotations

import base64
import json
import datetime as dt
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from chorus_fixtures import sim, sleeps  # noqa: F401 - fixtures
from storekit import FakeExtractor

from chorus_desktop.cli import run
from chorus_desktop.commands import chorus as chorus_cmd
from chorus_desktop.core import credentials as creds
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.sandbox import LABEL, Simulator
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN, SUPPLIER_SIRET
from chorus_desktop.wiring import build_context
from chorus_desktop.core.store import Store


@pytest.fixture
def profile(monkeypatch: pytest.MonkeyPatch, sim: Simulator) -> Iterator[int]:
    """A profile whose addresses point at the simulator (the URL variables), credentials from `login`."""
    for name in [*creds.ENV_VARS.values()]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(creds.TOKEN_URL_ENV, sim.token_url)
    monkeypatch.setenv(creds.API_URL_ENV, sim.api_url)
    with Store.open(resolve_paths()) as store:
        yield build_context(store).profiles.add_profile("Fournisseur Démo", SUPPLIER_SIRET).id
    creds.forget_run_only_credentials()


def answer_prompts(monkeypatch: pytest.MonkeyPatch, texts: list[str], secrets: list[str]) -> None:
    text_answers, secret_answers = iter(texts), iter(secrets)
    monkeypatch.setattr(chorus_cmd, "prompt_text", lambda question="": next(text_answers))
    monkeypatch.setattr(chorus_cmd, "prompt_secret", lambda question="": next(secret_answers))


def login(monkeypatch: pytest.MonkeyPatch, sim: Simulator, password: str | None = None) -> int:
    answer_prompts(monkeypatch, [sim.client_id, sim.tech_login], [sim.client_secret, password or sim.tech_password])
    return run(["login"])


def import_invoice(number: str, **fields: object) -> int:
    folder = resolve_paths().data_dir.parent / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number}.pdf"
    path.write_bytes(b"%PDF-1.4\n% " + number.encode() + b"\n%%EOF\n")
    extractor = FakeExtractor()
    extractor.by_name[path.name] = {"invoice_number": number, "buyer_siret": RECIPIENT_PLAIN,
                                    "supplier_siret": SUPPLIER_SIRET, "date": dt.date.today(), **fields}
    with Store.open(resolve_paths()) as store:
        [outcome] = build_context(store, extractor=extractor).importing.import_files([path])
    assert outcome.invoice_id is not None
    return outcome.invoice_id


def test_login_stores_in_the_keyring_only(monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert login(monkeypatch, sim) == 0
    assert keyring.get_password(creds.KEYRING_SERVICE, f"profil-{profile}/qualification/tech_password") == \
        sim.tech_password
    assert "chorus-desktop check" in capsys.readouterr().out


def test_login_without_keyring_refuses_to_write_a_file(monkeypatch: pytest.MonkeyPatch, sim: Simulator,
                                                       profile: int, capsys: pytest.CaptureFixture[str]) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert login(monkeypatch, sim) == 1
    assert "trousseau" in capsys.readouterr().err


def test_check_explains_each_step(monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    login(monkeypatch, sim)
    assert run(["check"]) == 0
    out = capsys.readouterr().out
    assert out.count("[OK]") == 7 and "expire le" in out


def test_check_warns_30_days_before_password_expiry(monkeypatch: pytest.MonkeyPatch, sim: Simulator,
                                                    profile: int, capsys: pytest.CaptureFixture[str]) -> None:
    login(monkeypatch, sim)
    supplier = next(s for s in sim.backend.structures.values() if s.siret == SUPPLIER_SIRET)
    supplier.password_expiry = dt.date.today() + dt.timedelta(days=12)
    assert run(["check"]) == 0
    assert "[!] Expiration du mot de passe" in capsys.readouterr().out
    with Store.open(resolve_paths()) as store:
        assert store.profiles.get(profile).settings["technical_password_expiry"] == supplier.password_expiry.isoformat()


def test_check_with_expired_password_says_what_to_do(monkeypatch: pytest.MonkeyPatch, sim: Simulator,
                                                     profile: int, capsys: pytest.CaptureFixture[str]) -> None:
    login(monkeypatch, sim, password="mot-de-passe-perime")
    assert run(["check"]) == 1
    out = capsys.readouterr().out
    assert "[ÉCHEC] Compte technique" in out and "a peut-être expiré" in out and "[–]" in out
    assert "mot-de-passe-perime" not in out


def test_check_without_factures_subscription(monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    login(monkeypatch, sim)
    sim.subscribed.discard("factures")
    assert run(["check"]) == 1
    assert "n'est pas abonnée à l'API Factures" in capsys.readouterr().out


def test_deposit_and_sync(monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int,
                          capsys: pytest.CaptureFixture[str]) -> None:
    login(monkeypatch, sim)
    invoice_id = import_invoice("CLI-001")
    assert run(["deposit", str(invoice_id)]) == 1  # no terminal to confirm, no --yes
    assert "--yes" in capsys.readouterr().err and sim.invoice_count() == 0
    assert run(["deposit", str(invoice_id), "--yes"]) == 0
    assert "1 facture(s) déposée(s) sur 1" in capsys.readouterr().out
    sim.set_status(sim.backend.invoice_by_number("CLI-001").id, "A_RECYCLER", "Mauvais code service")  # type: ignore[union-attr]
    assert run(["sync"]) == 0
    out = capsys.readouterr().out
    assert "À recycler — Mauvais code service" in out and "1 changement(s)" in out


def test_no_secret_in_data_folder_or_logs(monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int,
                                          caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    paths = resolve_paths()
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(paths.log_dir / "chorus-desktop.log", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        login(monkeypatch, sim)
        ids = [import_invoice(n) for n in ("SEC-1", "SEC-2")]
        sim.inject("drop_after", "factures/v1/soumettre")  # exercise the error paths too
        sim.inject("500", "structures/v1/rechercher")
        run(["check"])
        run(["deposit", *map(str, ids), "--yes"])
        sim.expire_tokens()
        run(["sync"])
        login(monkeypatch, sim, password="un-autre-mot-de-passe")
        run(["check"])
    finally:
        root.removeHandler(handler)
        handler.close()
    output = capsys.readouterr()
    secrets = [sim.client_secret, sim.tech_password, "un-autre-mot-de-passe", *sim.tokens,
               base64.b64encode(f"{sim.tech_login}:{sim.tech_password}".encode()).decode()]
    assert len(sim.tokens) >= 2 and (paths.log_dir / "chorus-desktop.log").stat().st_size > 0
    files = [p for p in paths.data_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files)
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, f"secret found in {path.name}"
    for text in (caplog.text, output.out, output.err):
        for secret in secrets:
            assert secret not in text


def test_sandbox_command_runs_a_labelled_simulator(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "chorus_desktop", "sandbox", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == LABEL
        token_url = process.stdout.readline().split(" : ", 1)[1].strip()
        assert token_url.startswith("http://127.0.0.1:")
        lines = [process.stdout.readline() for _ in range(4)]
        client_id = lines[-1].split("=", 1)[1].strip()
        answer = httpx.post(token_url, data={"grant_type": "client_credentials", "client_id": client_id,
                                             "client_secret": "faux"})
        assert answer.status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Simulateur arrêté." in out


class _Terminal:
    """Stands for an interactive stdin (the prompts themselves are answered by `answer_prompts`)."""

    def isatty(self) -> bool:
        return True


def test_without_keyring_secrets_are_asked_for_this_run_only(monkeypatch: pytest.MonkeyPatch, sim: Simulator,
                                                             profile: int, capsys: pytest.CaptureFixture[str]) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr(sys, "stdin", _Terminal())
    answer_prompts(monkeypatch, [sim.client_id, sim.tech_login], [sim.client_secret, sim.tech_password])
    assert run(["check"]) == 0
    out = capsys.readouterr().out
    assert "Aucun trousseau" in out and out.count("[OK]") == 7
    files = [p for p in resolve_paths().data_dir.rglob("*") if p.is_file()]
    assert all(sim.client_secret.encode() not in p.read_bytes() for p in files)


def test_check_and_sync_speak_json_for_scripts(monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    login(monkeypatch, sim)
    capsys.readouterr()
    assert run(["check", "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert [step["name"] for step in checked["steps"]] == [
        "jeton", "compte_technique", "structure", "structures", "factures", "banque", "mot_de_passe"]
    assert all(step["ok"] for step in checked["steps"]) and checked["profile"] == "Fournisseur Démo"
    invoice_id = import_invoice("CLI-JSON")
    assert run(["deposit", str(invoice_id), "--yes"]) == 0
    sim.set_status(sim.backend.invoice_by_number("CLI-JSON").id, "SUSPENDUE", "Bon de livraison manquant")  # type: ignore[union-attr]
    capsys.readouterr()
    assert run(["sync", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["changed"] == [{"id": invoice_id, "numeroFactureSaisi": "CLI-JSON", "state": "SUSPENDUE",
                                  "state_label": "Suspendue", "comment": "Bon de livraison manquant"}]
    assert report["errors"] == [] and report["tracked"] == 1


def test_structures_search_finds_a_buyer_by_name_and_nothing_is_an_empty_answer(
        monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int, capsys: pytest.CaptureFixture[str]) -> None:
    login(monkeypatch, sim)
    capsys.readouterr()
    assert run(["structures", "search", "ministère", "--json"]) == 0
    [found] = json.loads(capsys.readouterr().out)
    assert (found["siret"], found["name"], found["service_required"]) == (
        "20000001600010", "MINISTÈRE DE LA DÉMONSTRATION", True)
    assert {s["code"] for s in found["services"]} == {"SE-COMPTA", "SE-ACHATS"}
    assert run(["structures", "search", "Préfecture de l'Atlantide"]) == 0
    assert "Aucune structure publique trouvée" in capsys.readouterr().out
    assert run(["structures", "search", "Préfecture de l'Atlantide", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_validate_says_pret_only_once_chorus_pro_knows_the_recipient(
        monkeypatch: pytest.MonkeyPatch, sim: Simulator, profile: int, capsys: pytest.CaptureFixture[str]) -> None:
    from decimal import Decimal

    from chorus_desktop.core.model import VatLine
    from chorus_desktop.sandbox.data import UNKNOWN_SIRET

    totals = {"total_ht": Decimal("100.00"), "total_tva": Decimal("20.00"), "total_ttc": Decimal("120.00"),
              "amount_due": Decimal("120.00"),
              "vat_breakdown": [VatLine(Decimal("20"), Decimal("100.00"), Decimal("20.00"))]}
    invoice_id = import_invoice("CLI-VAL-1", **totals)
    # Before `login`: neither the supplier's Chorus id nor the recipient could be asked about.
    assert run(["validate", str(invoice_id), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["state"], result["valid"], result["recipient_checked"]) == ("BROUILLON", False, False)
    assert {p["code"] for p in result["problems"] if p["blocking"]} == {"identifiant_fournisseur_manquant"}
    assert "chorus-desktop login" in result["chorus_unavailable"]
    assert sim.calls["structures/v1/rechercher"] == 0

    login(monkeypatch, sim)
    capsys.readouterr()
    assert run(["validate", str(invoice_id), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["state"], result["recipient_checked"], result["chorus_unavailable"]) == ("PRETE", True, None)
    assert sim.calls["structures/v1/rechercher"] == 1

    # A SIRET with the right check digits that Chorus Pro does not know: blocked, and it says so.
    assert run(["set", str(invoice_id), f"codeDestinataire={UNKNOWN_SIRET}"]) == 0
    capsys.readouterr()
    assert run(["validate", str(invoice_id)]) == 1
    assert "Ce SIRET est introuvable dans Chorus Pro" in capsys.readouterr().out
    assert run(["show", str(invoice_id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "BROUILLON"
    # The change of recipient took « Prête » away at once: the new one was not checked yet.
    assert shown["history"][-1]["comment"] == "Modifiée : destinataire à vérifier auprès de Chorus Pro"
