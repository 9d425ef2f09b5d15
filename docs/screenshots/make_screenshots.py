"""Screenshots of the real application for the README: run under Xvfb from the repository root.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/make_screenshots.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --assistant  # assistant only
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --learned  # issue 12 only
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --returns  # « À traiter » desk
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --writer  # « Nouvelle facture »
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --store  # issue 13's screens
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --typing  # issue 14's last

It starts the demo (temporary data folder + local Chorus Pro simulator), imports real corpus PDFs,
sends some of them to the simulator, lets the simulator move them to various states, synchronises,
and saves QWidget.grab() images of the main window and of the deposit form next to this script.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from chorus_desktop.app import ChorusApplication, create_main_window, load_french_translations

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"
OUT = Path(__file__).resolve().parent
FILES = ["fnfe-facture-fr.pdf", "cas-ok-001.pdf", "tiime-f20220023.pdf", "fr-devinci-fablab.pdf",
         "horstoeko-f20200027.pdf", "fnfe-avoir-380.pdf", "fr-freelance-iteatime.pdf"]


def wait_for(signal, timeout_ms: int = 30000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def use_memory_keyring() -> None:
    """The assistant saves what is typed in the keyring: keep it in memory, not in this machine's keyring."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.values: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.values.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.values[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.values.pop((service, username), None)

    keyring.set_keyring(MemoryKeyring())


def assistant_shots() -> None:
    """The first-run assistant, page by page, on a fresh store (the demo's simulator answers the test)."""
    import os

    from PySide6.QtWidgets import QWizard

    from chorus_desktop.app import SAMPLE_INVOICE
    from chorus_desktop.core.credentials import API_URL_ENV, TOKEN_URL_ENV
    from chorus_desktop.sandbox import start_simulator

    use_memory_keyring()
    simulator = start_simulator()
    os.environ[TOKEN_URL_ENV], os.environ[API_URL_ENV] = simulator.token_url, simulator.api_url
    window = create_main_window(Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-")), sync_timer=False,
                                start_background=False, extraction_process=False)  # a first launch
    window.add_cleanup(simulator.stop)
    window.resize(1200, 800)
    window.show()
    assistant = window.open_first_run()
    settle(500)
    assistant.grab().save(str(OUT / "assistant-1-bienvenue.png"))
    assistant.welcome.connect.click()
    assistant.next()
    assistant.company.drop_zone.files_dropped.emit([SAMPLE_INVOICE])
    wait_for(assistant.profile_created)
    settle(300)
    assistant.grab().save(str(OUT / "assistant-2-entreprise.png"))
    assistant.next()
    assistant.piste.client_id.setText(simulator.client_id)
    assistant.piste.client_secret.setText(simulator.client_secret)
    for tick in assistant.piste.ticks:
        tick.setChecked(True)
    settle(300)
    assistant.grab().save(str(OUT / "assistant-3-piste.png"))
    assistant.next()
    assistant.account.tech_login.setText(simulator.tech_login)
    assistant.account.tech_password.setText(simulator.tech_password)
    assistant.account.test_button.click()
    wait_for(assistant.checked)
    settle(300)
    assistant.grab().save(str(OUT / "assistant-4-compte-technique.png"))
    print("saved", OUT / "assistant-*.png", assistant.button(QWizard.WizardButton.FinishButton).isEnabled())
    assistant.reject()
    window.close()


def learned_shots() -> None:
    """Issue 12: the form of an invoice read with the layout and routing learned from another invoice of its
    supplier (two real hotel invoices of ../shared/corpus-extra), and the « Modèles appris » dialog."""
    import shutil

    from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

    extra = ROOT.parent / "shared" / "corpus-extra" / "pdfs"
    data_dir = Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-"))
    inbox = data_dir / "inbox"
    inbox.mkdir()
    first, second = (Path(shutil.copy(extra / name, inbox)) for name in ("x-pacano-2023-6013.pdf",
                                                                          "x-pacano-2023-6026.pdf"))
    from chorus_desktop.sandbox import start_simulator

    simulator = start_simulator()
    window = create_main_window(data_dir, simulator=simulator, sync_timer=False, start_background=False)
    window.resize(1560, 940)
    window.show()
    window.start_background(recover=False, sync_timer=False)
    wait_for(window.list_refreshed)
    context = window.bridge.context
    [profile] = context.profiles.list_profiles()
    # What the user did on the first invoice: supplier confirmed, number typed, routing chosen, validated.
    [taught] = context.importing.import_files([first], profile_id=profile.id)
    context.editing.update_deposit(taught.invoice_id, {"numeroFactureSaisi": "2023-6013",
                                                       "codeDestinataire": RECIPIENT_PLAIN,
                                                       "numeroBonCommande": "EJ-2023-117"})
    context.supplier.confirm_supplier(taught.invoice_id)
    context.lifecycle.validate(taught.invoice_id)
    [outcome] = context.importing.import_files([second], profile_id=profile.id)
    context.supplier.confirm_supplier(outcome.invoice_id)  # the hotel is not the demo profile's company
    window.refresh_list()
    wait_for(window.list_refreshed)
    window.select_invoice(outcome.invoice_id)
    wait_for(window.form_loaded)
    settle(800)
    window.form.inputs["numeroFactureSaisi"].setFocus()
    settle(800)
    window.grab().save(str(OUT / "learned-main-window.png"))
    form_area = window.splitter.widget(1).geometry().united(window.splitter.widget(2).geometry())
    window.splitter.grab(form_area).save(str(OUT / "learned-form.png"))
    print("saved", OUT / "learned-form.png")
    dialog = window.open_learned()
    wait_for(dialog.refreshed)
    settle(300)
    dialog.grab().save(str(OUT / "learned-models.png"))
    print("saved", OUT / "learned-models.png")
    dialog.close()
    window.close()
    simulator.stop()
def returns_shots() -> None:
    """The « À traiter » desk (issue 16): three invoices sent back as À recycler, Suspendue and Rejetée, the
    desk, the « Recycler » and « Compléter » dialogs, and what « Traiter le rejet » leaves (the avoir)."""
    from PySide6.QtWidgets import QMessageBox

    from chorus_desktop.core.errors import ChorusDesktopError
    from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

    window = create_main_window(Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-")), demo=True, sync_timer=False,
                                start_background=False, extraction_process=False)
    window.resize(1440, 880)
    window.show()
    window.start_background(recover=False, sync_timer=False)
    wait_for(window.list_refreshed)
    window.import_paths([CORPUS / name for name in FILES[:3]])
    wait_for(window.import_finished, 120000)
    bridge, simulator = window.bridge, window.simulator
    [profile] = bridge.context.profiles.list_profiles()
    sent = []
    for summary in bridge.context.queries.list_invoices()[:3]:
        if bridge.context.queries.get_invoice(summary.id).profile_id is None:
            bridge.context.editing.assign_profile(summary.id, profile.id)
        try:
            bridge.context.supplier.confirm_supplier(summary.id)
        except ChorusDesktopError:  # already the profile's own company
            pass
        record = bridge.context.queries.get_invoice(summary.id)
        bridge.context.editing.update_deposit(summary.id, {"codeDestinataire": RECIPIENT_PLAIN,
                                                           "codeServiceExecutant": "",
                                                           "montantAPayer": record.deposit.montantTtcTotal})
        result = bridge.send(summary.id)
        print(result.message)
        if result.ok:
            sent.append(summary.id)
    backs = [("A_RECYCLER", "Le code service exécutant est manquant : merci de renvoyer au service COMPTA."),
             ("SUSPENDUE", "Merci de joindre le bon de livraison signé."),
             ("REJETEE", "Le montant ne correspond pas au bon de commande n° 2026-118.")]
    for invoice_id, (status, comment) in zip(sent, backs):
        simulator.send_back(bridge.context.queries.get_invoice(invoice_id).chorus.invoice_id, status, comment)
    window.sync_now()
    wait_for(window.sync_finished)
    returns = window.returns
    window.dashboard.tile("to_handle").click()
    wait_for(returns.desk_loaded)
    settle(500)
    returns.desk.grab().save(str(OUT / "a-traiter.png"))
    print("saved", OUT / "a-traiter.png")

    returns.desk.action_button(sent[0]).click()
    deadline = 100
    while returns.recycle_dialog is None and deadline:
        settle(100)
        deadline -= 1
    settle(300)
    returns.recycle_dialog.grab().save(str(OUT / "a-traiter-recycler.png"))
    print("saved", OUT / "a-traiter-recycler.png")
    returns.recycle_dialog.reject()

    returns.desk.action_button(sent[1]).click()
    returns.complete_dialog.add_paths([CORPUS / FILES[3]])
    returns.complete_dialog.comment.setText("Bon de livraison signé joint.")
    settle(300)
    returns.complete_dialog.grab().save(str(OUT / "a-traiter-completer.png"))
    print("saved", OUT / "a-traiter-completer.png")
    returns.complete_dialog.reject()

    returns.desk.action_button(sent[2]).click()
    returns.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    wait_for(returns.action_done)
    wait_for(returns.desk_loaded)
    settle(500)
    returns.credit_note_dialog.grab().save(str(OUT / "a-traiter-avoir.png"))
    print("saved", OUT / "a-traiter-avoir.png")
    returns.desk.grab().save(str(OUT / "a-traiter-apres.png"))
    print("saved", OUT / "a-traiter-apres.png")
    window.close()


def writer_shots() -> None:
    """« Nouvelle facture » with two rates, the défraiement template, and the created invoice in the list."""
    from chorus_desktop.gui.invoice_lines import DESCRIPTION, PRICE, QUANTITY, RATE
    from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

    window = create_main_window(Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-")), demo=True, sync_timer=False,
                                start_background=False)
    window.resize(1560, 940)
    window.show()
    window.start_background(recover=False, sync_timer=False)
    wait_for(window.list_refreshed)
    dialogs = []
    window.writing.dialog_opened.connect(dialogs.append)
    window.writing.open_writer()
    wait_for(window.writing.dialog_opened)
    dialog = dialogs[0]
    dialog.name.setText("COMMUNE DE DÉMOVILLE")
    dialog.siret.setText(RECIPIENT_PLAIN)
    dialog.address.setPlainText("1 place de la Mairie\n69000 Démoville")
    dialog.engagement.setText("EJ-2026-0042")
    for column, text in ((DESCRIPTION, "Maintenance annuelle du logiciel de gestion"), (QUANTITY, "3"),
                         (PRICE, "120,50")):
        dialog.lines.set_cell(0, column, text)
    row = dialog.lines.add_line("Guides d'utilisation imprimés", "12", "unité", "8,40")
    dialog.lines.table.cellWidget(row, RATE).setCurrentIndex(2)  # 5,5 %
    wait_for(dialog.preview_shown)
    settle(300)
    dialog.grab().save(str(OUT / "nouvelle-facture.png"))
    print("saved", OUT / "nouvelle-facture.png")

    dialog.template.setCurrentIndex(1)
    dialog.name.setText("CPAM DE DÉMOVILLE")
    dialog.siret.setText("")
    dialog.engagement.setText("")
    dialog.defraiement.set_counts([48, 52, 50, 47, 51, 49, 46, 44, 53, 52, 50, 54])
    wait_for(dialog.preview_shown)
    settle(300)
    dialog.grab().save(str(OUT / "facture-defraiement.png"))
    print("saved", OUT / "facture-defraiement.png")

    dialog.create_button.click()
    wait_for(window.invoice_written)
    wait_for(window.form_loaded)
    settle(800)
    window.grab().save(str(OUT / "facture-creee.png"))
    print("saved", OUT / "facture-creee.png")
    window.close()


def main() -> int:
    app = ChorusApplication(sys.argv[:1])
    app.setApplicationName("Chorus Desktop")
    load_french_translations(app)
    if "--store" in sys.argv:  # issue 13: restore offer, read-only window, last errors
        sys.path.insert(0, str(OUT))
        from store_shots import store_shots

        use_memory_keyring()
        store_shots()
        return 0
    if "--assistant" in sys.argv:
        assistant_shots()
        return 0
    if "--learned" in sys.argv:
        learned_shots()
        return 0
    if "--returns" in sys.argv:
        returns_shots()
        return 0
    if "--writer" in sys.argv:
        writer_shots()
        return 0
    if "--typing" in sys.argv:  # issue 14: live problems, « Prête » after the check, a paid invoice
        sys.path.insert(0, str(OUT))
        from typing_shots import typing_shots

        typing_shots()
        return 0
    data_dir = Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-"))
    window = create_main_window(data_dir, demo=True, sync_timer=False, start_background=False)
    window.resize(1560, 940)
    window.show()
    window.start_background(recover=False, sync_timer=False)
    wait_for(window.list_refreshed)

    window.import_paths([CORPUS / name for name in FILES])
    wait_for(window.import_finished, 120000)
    wait_for(window.list_refreshed)

    # Send three invoices to the simulator (the recipient corrected to a structure the simulator knows),
    # then let the "recipient" move them along.
    from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

    simulator = window.simulator
    bridge = window.bridge
    sent = []
    for summary in bridge.context.queries.list_invoices()[:5]:
        record = bridge.context.queries.get_invoice(summary.id)
        bridge.context.editing.update_deposit(summary.id, {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "",
                                                    "montantAPayer": record.deposit.montantTtcTotal})
        result = bridge.send(summary.id)
        print(result.message)
        if result.ok:
            sent.append(summary.id)
    states = ["MISE_EN_PAIEMENT", "REJETEE", "A_RECYCLER", "MISE_A_DISPOSITION", "SUSPENDUE"]
    comments = ["", "Le numéro d'engagement ne correspond à aucune commande.", "Code service manquant.", "",
                "Merci de joindre le bon de livraison."]
    for invoice_id, state, comment in zip(sent, states, comments):
        chorus_id = bridge.context.queries.get_invoice(invoice_id).chorus.invoice_id
        simulator.set_status(chorus_id, state, comment)
    window.sync_now()
    wait_for(window.sync_finished)
    wait_for(window.list_refreshed)

    # Show a draft that still needs attention, with a field selected so the preview outlines it.
    drafts = [s.id for s in bridge.context.queries.list_invoices() if s.id not in sent]
    window.select_invoice(drafts[0])
    wait_for(window.form_loaded)
    settle(800)
    window.activateWindow()
    window.raise_()
    settle(300)
    window.form.inputs["montantTtcTotal"].setFocus()
    settle(800)
    window.grab().save(str(OUT / "main-window.png"))
    print("saved", OUT / "main-window.png")

    form_area = window.splitter.widget(1).geometry().united(window.splitter.widget(2).geometry())
    window.splitter.grab(form_area).save(str(OUT / "deposit-form.png"))
    print("saved", OUT / "deposit-form.png")

    window.dashboard.select("to_handle")
    settle(300)
    window.grab().save(str(OUT / "to-handle.png"))
    print("saved", OUT / "to-handle.png")
    window.open_settings()
    dialog = window.settings_dialog
    settle(500)
    dialog.test_button.click()
    deadline = 100
    while dialog.steps.count() == 0 and deadline:
        settle(100)
        deadline -= 1
    settle(300)
    dialog.grab().save(str(OUT / "settings.png"))
    print("saved", OUT / "settings.png")
    dialog.close()

    window.close()
    assistant_shots()
    writer_shots()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
