"""The plain views the widgets paint: the settings' views never show identifiers or secrets."""

from __future__ import annotations

from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.gui.views import ProfileEntry, ProfileForm


def test_profile_views_never_show_identifiers_or_secrets() -> None:
    form = ProfileForm(3, "Menuiserie Martin", "73282932000074", "production", "mon-application", "TECH_martin",
                       "TVA_SUR_DEBIT", "VIREMENT", client_secret="secret-1", tech_password="motdepasse-1")
    for text in (repr(form), str(form)):
        assert "Menuiserie Martin" in text
        for hidden in ("mon-application", "TECH_martin", "secret-1", "motdepasse-1"):
            assert hidden not in text
    entry = ProfileEntry(Profile(id=3, name="Menuiserie Martin", siret="73282932000074"), "production",
                         "mon-application", "TECH_martin", True)
    assert "mon-application" not in repr(entry) and "TECH_martin" not in repr(entry)
    assert "has_credentials=True" in repr(entry)
