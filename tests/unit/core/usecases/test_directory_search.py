"""The public-buyer directory: by name, town, postcode or SIRET, with requirements and active services."""

from __future__ import annotations

from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures

from chorus_desktop.core.usecases.directory_search import search_criteria
from chorus_desktop.sandbox.data import (
    RECIPIENT_EJ_REQUIRED,
    RECIPIENT_PLAIN,
    RECIPIENT_SERVICE_REQUIRED,
    UNKNOWN_SIRET,
)


def test_what_is_asked_for_a_siret_a_postcode_and_a_name() -> None:
    assert search_criteria("200 000 016 00010")[0]["identifiantStructure"] == RECIPIENT_SERVICE_REQUIRED
    assert search_criteria("45000") == [{"typeStructure": "PUBLIQUE", "adresseCodePostal": "45000"}]
    assert [sorted(c) for c in search_criteria("  hôpital  Démoville ")] == [
        ["raisonSocialeStructure", "typeStructure"], ["adresseVille", "typeStructure"]]


def test_search_by_name_gives_requirements_services_and_address(world: World) -> None:
    context = world.chorus()
    found = {s.siret: s for s in context.directory_search.search("hospitalier", world.profile_id)}
    assert list(found) == [RECIPIENT_EJ_REQUIRED]
    hospital = found[RECIPIENT_EJ_REQUIRED]
    assert (hospital.name, hospital.town, hospital.postcode) == ("CENTRE HOSPITALIER DE DÉMOVILLE", "DÉMOVILLE", "45100")
    assert hospital.engagement_required and not hospital.service_required
    assert [s.code for s in hospital.services] == ["PHARMACIE"]
    # Kept like any recipient's parameters: validation and the form know them without asking again.
    assert context.directory.get_recipient(RECIPIENT_EJ_REQUIRED).engagement_required is True


def test_search_by_town_postcode_or_siret_and_nothing_found_is_empty(world: World) -> None:
    context = world.chorus()
    by_town = {s.siret for s in context.directory_search.search("démoville", world.profile_id)}
    assert RECIPIENT_PLAIN in by_town and RECIPIENT_EJ_REQUIRED in by_town
    assert [s.siret for s in context.directory_search.search("75007", world.profile_id)] == [
        RECIPIENT_SERVICE_REQUIRED]
    [ministry] = context.directory_search.search(RECIPIENT_SERVICE_REQUIRED, world.profile_id)
    assert ministry.service_required and "FACTURES_PUBLIQUES" not in [s.code for s in ministry.services]
    assert context.directory_search.search("Mairie de Nullepart", world.profile_id) == []


def test_the_same_search_again_costs_no_call(world: World) -> None:
    context = world.chorus()
    context.directory_search.search("démonstration", world.profile_id)
    world.sim.reset_counts()
    again = context.directory_search.search("  DÉMONSTRATION ", world.profile_id)
    assert again and world.sim.total_calls() == 0


def test_a_siret_chorus_pro_does_not_know_is_asked_again_next_time(world: World) -> None:
    context = world.chorus()
    profile = context.profiles.get_profile(world.profile_id)
    client = context.clients.client_for(profile)
    first = context.directory.refresh_recipient(UNKNOWN_SIRET, client)
    assert first is not None and first.chorus_structure_id is None
    world.sim.reset_counts()
    context.directory.refresh_recipient(UNKNOWN_SIRET, client)
    assert world.sim.calls["structures/v1/rechercher"] == 1  # not kept as a fact
