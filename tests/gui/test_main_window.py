"""The whole window over the real core: real SQLite in the test's data folder, real corpus PDFs, the
local Chorus Pro simulator over loopback HTTP, the in-memory keyring."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from chorus_desktop.app import create_main_window
from chorus_desktop.core.errors import UserFixableError


def test_the_window_carries_the_contract_object_names(window) -> None:
    for name in ("dropZone", "invoiceTable", "stateDashboard", "depositForm", "pdfPreview", "sendButton",
                 "saveDraftButton", "codeCadreFacturation", "codeDestinataire", "codeServiceExecutant",
                 "numeroBonCommande", "numeroMarche", "numeroFactureSaisi", "dateFacture", "typeFacture",
                 "typeTva", "modePaiement", "montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer"):
        assert window.findChild(object, name) is not None, name


def test_window_layout_is_remembered(qtbot, isolated_data_dir, simulator) -> None:
    first = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(first)
    first.resize(760, 540)
    first.splitter.setSizes([300, 350, 350])
    sizes = first.splitter.sizes()
    first.close()
    second = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (760, 540)
    assert second.splitter.sizes() == sizes
    assert (isolated_data_dir / "config" / "gui.ini").exists()


def test_a_user_error_in_a_task_becomes_its_french_message(qtbot, isolated_data_dir) -> None:
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)

    def refuse() -> None:
        raise UserFixableError("Le numéro de facture est obligatoire.")

    with qtbot.waitSignal(window.runner.unhandled_error):
        window.runner.submit(refuse)
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and dialog.text() == "Le numéro de facture est obligatoire."
