"""core/texts.py: the core's French sentences, rendered from a text id and named parameters."""

from __future__ import annotations

import string

import pytest

from chorus_desktop.core import texts
from chorus_desktop.core.errors import NotFoundError, UserFixableError


def test_an_error_given_only_its_code_and_parameters_says_it_in_french() -> None:
    error = UserFixableError(code="modification_interdite", params={"state": "Déposée"})
    assert error.message == "La facture est à l'état « Déposée » : elle ne peut plus être modifiée."
    assert (error.code, error.params) == ("modification_interdite", {"state": "Déposée"})
    assert str(error) == error.message


def test_a_text_id_other_than_the_code_picks_the_wording_and_keeps_the_code() -> None:
    error = NotFoundError(code="profil_introuvable", text_id="profil_introuvable_numero", params={"profile_id": 7})
    assert (error.code, error.message) == ("profil_introuvable", "Aucun profil fournisseur n° 7.")


def test_a_lower_layer_may_still_give_its_own_sentence() -> None:
    assert UserFixableError("Phrase donnée.", code="x").message == "Phrase donnée."


def test_every_text_has_named_placeholders_only() -> None:
    for text_id, template in texts.TEXTS.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
        assert all(name.isidentifier() for name in fields), (text_id, fields)  # no positional {} or {0}


def test_an_unknown_text_id_is_a_bug_not_an_empty_message() -> None:
    with pytest.raises(KeyError):
        texts.render("pas_de_tel_texte")
