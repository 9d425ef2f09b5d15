"""Issue 14's last screens (`--typing`): problems that follow the typing, « Prête » after the recipient's
check, and a paid invoice prepared in cadre A2 with its warning.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --typing
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from make_screenshots import settle, wait_for
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from chorus_desktop.app import SAMPLE_INVOICE, create_main_window
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

OUT = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdfs"


def _save(widget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print("saved", OUT / name)


def typing_shots() -> None:
    window = create_main_window(Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-")), demo=True,
                                sync_timer=False, start_background=False, extraction_process=False)
    window.resize(1500, 940)
    window.show()
    window.start_background(recover=False, sync_timer=False)
    wait_for(window.list_refreshed)
    window.import_paths([SAMPLE_INVOICE])
    wait_for(window.form_loaded)
    settle(2500)  # the recipient checked with the simulator: the invoice turns « Prête » in the list
    _save(window, "prete-apres-verification.png")

    live = window.editing.live_check
    siret = window.form.findChild(QLineEdit, "codeDestinataire")
    siret.setFocus()
    siret.selectAll()
    QTest.keyClick(siret, Qt.Key.Key_Delete)
    wait_for(live.checked, 5000)
    settle(200)
    _save(window.form, "saisie-en-direct-1.png")
    QTest.keyClicks(siret, RECIPIENT_PLAIN[:9])
    wait_for(live.checked, 5000)
    settle(200)
    _save(window.form, "saisie-en-direct-2.png")

    paid = CORPUS / "oca-gandi.pdf"
    if paid.is_file():
        window.import_paths([paid])
        wait_for(window.form_loaded, 60000)
        settle(800)
        cadre = window.form.inputs["codeCadreFacturation"]
        window.form.scroll_area.ensureWidgetVisible(cadre, 10, 200)
        settle(300)
        _save(window.form, "facture-payee-a2.png")  # also shows « Créer le profil de cet émetteur »
    window.close()
