"""The Chorus Pro client against the simulator over real HTTP on loopback."""

from __future__ import annotations

import base64
import logging

import httpx
import pytest
from chorus_fixtures import SleepRecorder, client, make_client, sim, sleeps  # noqa: F401 - fixtures

from chorus_desktop.core.chorus.client import ChorusClient, attachment_name, cpro_account_header, parse_datetime
from chorus_desktop.core.chorus.environments import ChorusEnvironment, InvalidEnvironmentError
from chorus_desktop.core.chorus.errors import (
    ChorusAnswerLostError,
    ChorusAuthError,
    ChorusFunctionalError,
    ChorusUnavailableError,
)
from chorus_desktop.core.chorus.http import RetryPolicy, make_http_client
from chorus_desktop.core.credentials import ChorusCredentials
from chorus_desktop.sandbox import Simulator
from chorus_desktop.sandbox.data import RECIPIENT_SERVICE_REQUIRED, SUPPLIER_ID, UNKNOWN_SIRET


def test_cpro_account_is_base64_of_login_colon_password() -> None:
    assert cpro_account_header("login", "password") == "bG9naW46cGFzc3dvcmQ="  # the spec's own example


def test_structure_lookup_and_parameters(client: ChorusClient) -> None:
    found = client.search_structure(RECIPIENT_SERVICE_REQUIRED)
    assert [s["statut"] for s in found] == ["ACTIVE"]
    details = client.get_structure(found[0]["idStructureCPP"])
    assert details["parametres"]["codeServiceDoitEtreRenseigne"] is True
    codes = {s["codeService"]: s["estActif"] for s in client.search_services(found[0]["idStructureCPP"])}
    assert codes["SE-ANCIEN"] is False and "SE-COMPTA" in codes


def test_no_result_is_an_empty_list_not_an_error(client: ChorusClient) -> None:
    assert client.search_structure(UNKNOWN_SIRET) == []


def test_token_is_cached_between_calls(sim: Simulator, client: ChorusClient) -> None:
    client.search_structure(RECIPIENT_SERVICE_REQUIRED)
    client.my_attachments()
    client.bank_accounts(SUPPLIER_ID)
    assert sim.calls["token"] == 1


def test_expired_token_is_renewed_once_on_401(sim: Simulator, client: ChorusClient) -> None:
    client.my_attachments()
    sim.expire_tokens()
    assert client.my_attachments()[0]["idStructure"] == SUPPLIER_ID
    assert sim.calls["token"] == 2


def test_token_renewed_before_expiry(sim: Simulator, sleeps: SleepRecorder) -> None:
    now = [1000.0]
    with make_client(sim, sleeps, clock=lambda: now[0]) as chorus:
        chorus.my_attachments()
        now[0] += 3600 - 60  # inside the renewal margin
        chorus.my_attachments()
    assert sim.calls["token"] == 2


def test_wrong_client_secret_explains_piste(sim: Simulator, sleeps: SleepRecorder) -> None:
    wrong = ChorusCredentials(sim.client_id, "mauvais-secret", sim.tech_login, sim.tech_password)
    with make_client(sim, sleeps, wrong) as chorus, pytest.raises(ChorusAuthError) as caught:
        chorus.my_attachments()
    assert "client_secret" in caught.value.message and "mauvais-secret" not in caught.value.message


def test_wrong_technical_password_mentions_expiry(sim: Simulator, sleeps: SleepRecorder) -> None:
    wrong = ChorusCredentials(sim.client_id, sim.client_secret, sim.tech_login, "ancien-mot-de-passe")
    with make_client(sim, sleeps, wrong) as chorus, pytest.raises(ChorusAuthError) as caught:
        chorus.my_attachments()
    assert "mot de passe du compte technique a peut-être expiré" in caught.value.message
    assert caught.value.status == 401
    assert sim.calls["token"] == 2  # renewed once, then gave up


def test_403_without_body_explains_subscription(sim: Simulator, client: ChorusClient) -> None:
    sim.inject("403", "factures/v1/rechercher/fournisseur")
    with pytest.raises(ChorusAuthError) as caught:
        client.search_supplier_invoices({"idFournisseur": SUPPLIER_ID})
    assert "n'est pas abonnée à l'API Factures" in caught.value.message


def test_429_honours_retry_after(sim: Simulator, client: ChorusClient, sleeps: SleepRecorder) -> None:
    sim.inject("429", "utilisateurs/v1/monCompte/recuperer/rattachements", retry_after=3)
    assert client.my_attachments()
    assert sleeps.waits == [3.0]


def test_500_retried_with_exponential_backoff(sim: Simulator, client: ChorusClient, sleeps: SleepRecorder) -> None:
    sim.inject("500", "structures/v1/rechercher", times=2)
    assert client.search_structure(RECIPIENT_SERVICE_REQUIRED)
    assert sleeps.waits == [0.5, 1.0]


def test_persistent_500_gives_up_with_french_message(sim: Simulator, client: ChorusClient,
                                                     sleeps: SleepRecorder) -> None:
    sim.inject("500", "structures/v1/rechercher", times=5)
    with pytest.raises(ChorusUnavailableError) as caught:
        client.search_structure(RECIPIENT_SERVICE_REQUIRED)
    assert "momentanément indisponible" in caught.value.message
    assert sim.calls["structures/v1/rechercher"] == 3 and len(sleeps.waits) == 2


def test_timeout_is_retried_for_reads(sim: Simulator, sleeps: SleepRecorder) -> None:
    sim.inject("slow", "structures/v1/rechercher", delay=1.0)
    with ChorusClient(sim.environment(), sim.credentials, timeout=httpx.Timeout(0.2),
                      retry=RetryPolicy(max_attempts=3, base_delay=0.1, sleep=sleeps)) as chorus:
        assert chorus.search_structure(RECIPIENT_SERVICE_REQUIRED)
    assert sim.calls["structures/v1/rechercher"] == 2


def test_lost_answer_of_soumettre_is_never_retried(sim: Simulator, client: ChorusClient) -> None:
    sim.inject("drop_after", "factures/v1/soumettre")
    with pytest.raises(ChorusAnswerLostError):
        client.submit_invoice({"modeDepot": "DEPOT_PDF_API"})
    assert sim.calls["factures/v1/soumettre"] == 1


def test_functional_error_carries_libelle(client: ChorusClient) -> None:
    with pytest.raises(ChorusFunctionalError) as caught:
        client.submit_invoice({"modeDepot": "INCONNU"})
    assert caught.value.code_retour != 0
    assert "mode de dépôt" in caught.value.message


def test_pagination_walks_every_page(sim: Simulator, client: ChorusClient) -> None:
    for n in range(23):
        sim.backend.seed_invoice(f"PAG-{n:03}", RECIPIENT_SERVICE_REQUIRED)
    numbers = [f["numeroFacture"] for f in client.iter_supplier_invoices({"idFournisseur": SUPPLIER_ID},
                                                                         page_size=None)]
    assert sorted(numbers) == [f"PAG-{n:03}" for n in range(23)]
    assert sim.calls["factures/v1/rechercher/fournisseur"] == 3  # 10 per page by default


def test_password_expiry_is_read_from_the_supplier_structure(sim: Simulator, client: ChorusClient) -> None:
    expiry = client.technical_password_expiry(SUPPLIER_ID)
    assert expiry == sim.backend.structures[SUPPLIER_ID].password_expiry


def test_headers_sent_and_secrets_not_logged(sim: Simulator, sleeps: SleepRecorder,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = ChorusCredentials(sim.client_id, sim.client_secret, sim.tech_login, "faux-mot-de-passe-123")
    with make_client(sim, sleeps, wrong) as chorus, pytest.raises(ChorusAuthError):
        chorus.my_attachments()
    logging.getLogger("test").info("Authorization: Bearer abcdefgh cpro-account: %s",
                                   base64.b64encode(b"x:y").decode())
    text = caplog.text
    for secret in (sim.client_secret, "faux-mot-de-passe-123", cpro_account_header(sim.tech_login, "faux-mot-de-passe-123")):
        assert secret not in text
    assert "abcdefgh" not in text


def test_plain_http_only_to_loopback() -> None:
    with pytest.raises(InvalidEnvironmentError):
        make_http_client("http://example.org/cpro/")
    with pytest.raises(InvalidEnvironmentError):
        ChorusEnvironment.named("custom", "http://10.0.0.1/token", "https://api.example.org/cpro/")


def test_https_client_verifies_with_os_trust_store() -> None:
    http = make_http_client("https://api.piste.gouv.fr/cpro/")
    try:
        import ssl

        context = http._transport._pool._ssl_context  # type: ignore[attr-defined]
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert type(context).__module__.startswith("truststore")
    finally:
        http.close()


def test_simulator_cannot_be_chosen_as_a_profile_environment() -> None:
    with pytest.raises(InvalidEnvironmentError):
        ChorusEnvironment.named("simulateur")
    with pytest.raises(InvalidEnvironmentError):
        ChorusEnvironment.simulator("https://oauth.piste.gouv.fr/api/oauth/token", "https://api.piste.gouv.fr/cpro/")
    production = ChorusEnvironment.named("production")
    assert production.api_url == "https://api.piste.gouv.fr/cpro/" and not production.is_simulator


def test_lenient_dates_and_attachment_names() -> None:
    assert parse_datetime("2024-03-05 17:42").minute == 42
    assert parse_datetime("2018-02-16T15:10:25.536+01:00").hour == 15
    assert len(attachment_name("x" * 80 + ".pdf")) == 50


def test_redacting_filter_for_handlers() -> None:
    from chorus_desktop.core.chorus.redaction import RedactingFilter, register_secret

    register_secret("un-secret-tres-long")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "cpro-account: %s puis %s", ("abc==", "un-secret-tres-long"),
                               None)
    RedactingFilter().filter(record)
    assert record.getMessage() == "cpro-account: *** puis ***"
