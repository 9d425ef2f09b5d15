"""Supplier profiles: last sync, Chorus ids reaching unsent invoices, check digits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from usecasekit import TODAY, S, deposited, import_one, ready  # noqa: F401

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.wiring import AppContext


def test_last_sync_per_profile(services: AppContext) -> None:
    profile = services.profiles.list_profiles()[0]
    assert services.profiles.last_sync(profile.id) is None
    moment = dt.datetime(2024, 6, 1, 7, 0, tzinfo=dt.timezone.utc)
    services.profiles.set_last_sync(profile.id, moment)
    assert services.profiles.last_sync(profile.id) == moment


def test_new_chorus_ids_of_a_profile_reach_its_unsent_invoices(services: AppContext, pdfs: list[Path]) -> None:
    profile = services.profiles.list_profiles()[0]
    draft = import_one(services, pdfs[0])
    edited = import_one(services, pdfs[1])
    services.editing.update_deposit(edited, {"codeCoordonneesBancairesFournisseur": "777"})
    sent = deposited(services, pdfs[2])
    services.profiles.update_profile(profile.id, chorus_supplier_id=30000, chorus_bank_account_id=5000)
    assert (services.queries.get_invoice(draft).deposit.idFournisseur,
            services.queries.get_invoice(draft).deposit.codeCoordonneesBancairesFournisseur) == (30000, 5000)
    assert services.queries.get_invoice(edited).deposit.codeCoordonneesBancairesFournisseur == 777  # the user's choice
    assert services.queries.get_invoice(sent).deposit.idFournisseur == 26123  # what was sent stays as sent


def test_profiles_check_digits(services: AppContext) -> None:
    with pytest.raises(UserFixableError) as caught:
        services.profiles.add_profile("Faux", "73282932000075")
    assert "SIRET" in caught.value.message
    profile = services.profiles.add_profile("Ok", "552 100 554 00013", iban="FR76 3000 6000 0112 3456 7890 189",
                                   default_payment_mode="cheque")
    assert (profile.siret, profile.iban, profile.default_payment_mode) == (
        "55210055400013", "FR7630006000011234567890189", "CHEQUE")
    with pytest.raises(UserFixableError):
        services.profiles.update_profile(profile.id, iban="FR7630006000011234567890188")
    assert services.profiles.update_profile(profile.id, name="Ok bis").name == "Ok bis"


def test_the_seller_identity_for_written_invoices_is_checked_and_kept(services: AppContext, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "navy").save(logo)
    profile = services.profiles.list_profiles()[0]
    updated = services.profiles.update_profile(
        profile.id, legal_name="ACME Conseil SARL", address="12 rue des Lilas | 69003 Lyon", bic="agri frpp",
        legal_form="SARL", capital="10 000 €", rcs="Lyon B 732 829 320", logo_path=str(logo), vat_regime="franchise",
        number_patterns='{"fa": "FAC-{annee}-{numero:05d}"}')
    again = services.profiles.get_profile(profile.id)
    assert again == updated
    assert (again.address, again.bic, again.capital, again.vat_regime) == (
        "12 rue des Lilas\n69003 Lyon", "AGRIFRPP", "10 000", "FRANCHISE")
    assert again.number_patterns == {"FA": "FAC-{annee}-{numero:05d}"} and again.logo_path == str(logo.resolve())
    for bad, words in (({"bic": "AGRI"}, "BIC invalide"), ({"vat_regime": "micro"}, "Régime de TVA inconnu"),
                       ({"logo_path": str(tmp_path / "absent.png")}, "Logo introuvable"),
                       ({"number_patterns": '{"FA": "FA-{annee}"}'}, "Numérotation « FA » invalide")):
        with pytest.raises(UserFixableError, match=words):
            services.profiles.update_profile(profile.id, **bad)
