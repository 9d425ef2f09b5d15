"""The first-run assistant: try the demo, or connect Chorus Pro step by step.

Shown at first launch (no profile, no invoice) until finished or dismissed, and again from « Aide ›
Assistant de démarrage ». Two ways:
- « Essayer avec le simulateur »: the assistant closes and `demo_requested` is emitted (the application
  opens the demo in its own window over a temporary folder, as `--demo` does; the user's store is untouched);
- « Connecter Chorus Pro »: the company (from a dropped invoice, or typed), the PISTE application (link, the
  four API subscriptions and the CGU to tick, Client ID and secret: « Vérifier l'application » tests the
  token step), the technical account (who creates it, where; « Tester la connexion » runs the seven steps of
  the connection check and shows the password's expiry date). The profile is saved (secrets in the keyring)
  before each test, so leaving half-way keeps what was entered; the settings hold the same fields.
Every call to the core runs on the task runner (database or Chorus lane).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.gui import first_run_messages, messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.check_steps import show_steps
from chorus_desktop.gui.drop_zone import DropZone
from chorus_desktop.gui.errors import user_message
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import CheckStepView, ProfileForm

WELCOME, COMPANY, PISTE, ACCOUNT = range(4)
PISTE_URL = "https://piste.gouv.fr"
ENVIRONMENTS = {"qualification": messages.SETTINGS_ENV_QUALIFICATION, "production": messages.SETTINGS_ENV_PRODUCTION}


def _text(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setOpenExternalLinks(True)
    return label


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(first_run_messages.FIRST_RUN_TITLE)
        self.demo = QRadioButton(first_run_messages.FIRST_RUN_DEMO, self)
        self.demo.setObjectName("firstRunDemo")
        self.connect = QRadioButton(first_run_messages.FIRST_RUN_CONNECT, self)
        self.connect.setObjectName("firstRunConnect")
        self.demo.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_text(first_run_messages.FIRST_RUN_WELCOME, self))
        for button, tip in ((self.demo, first_run_messages.FIRST_RUN_DEMO_TIP), (self.connect, first_run_messages.FIRST_RUN_CONNECT_TIP)):
            font = button.font()
            font.setBold(True)
            button.setFont(font)
            layout.addSpacing(10)
            layout.addWidget(button)
            detail = _text(tip, self)
            detail.setContentsMargins(24, 0, 0, 0)
            layout.addWidget(detail)
        layout.addStretch(1)
        self.demo.toggled.connect(lambda _on: self._update_final())

    def _update_final(self) -> None:
        self.setFinalPage(self.demo.isChecked())

    def initializePage(self) -> None:
        self._update_final()

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else COMPANY


class CompanyPage(QWizardPage):
    def __init__(self, wizard: FirstRunAssistant) -> None:
        super().__init__(wizard)
        self.assistant = wizard
        self.setTitle(first_run_messages.FIRST_RUN_COMPANY_TITLE)
        self.drop_zone = DropZone(self)
        self.drop_zone.files_dropped.connect(self.read_invoice)
        self.drop_zone.open_requested.connect(self._choose_invoice)
        self.name = QLineEdit(self)
        self.name.setObjectName("firstRunName")
        self.siret = QLineEdit(self)
        self.siret.setObjectName("firstRunSiret")
        self.status = _text("", self)
        self.status.setObjectName("firstRunCompanyStatus")
        form = QFormLayout()
        form.addRow(messages.SETTINGS_PROFILE_NAME, self.name)
        form.addRow(messages.SETTINGS_SUPPLIER_SIRET, self.siret)
        layout = QVBoxLayout(self)
        layout.addWidget(_text(first_run_messages.FIRST_RUN_COMPANY_TEXT, self))
        layout.addWidget(self.drop_zone)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.name.textChanged.connect(self.completeChanged)
        self.siret.textChanged.connect(self.completeChanged)

    def _choose_invoice(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, first_run_messages.FIRST_RUN_COMPANY_TITLE, "", first_run_messages.FIRST_RUN_PDF_FILTER)
        if path:
            self.read_invoice([Path(path)])

    def read_invoice(self, paths: list[Path]) -> None:
        if not paths:
            return
        self.status.setText(first_run_messages.FIRST_RUN_COMPANY_READING)
        path = Path(paths[0])
        self.assistant.runner.submit(lambda: self.assistant.bridge.profile_from_document(path),
                                     name="profile_from_document",
                                     on_result=lambda profile: self._on_profile(profile, path),
                                     on_error=lambda error: self.status.setText(user_message(error)))

    def _on_profile(self, profile: Profile, path: Path) -> None:
        self.assistant.profile_id = profile.id
        self.name.setText(profile.name)
        self.siret.setText(profile.siret)
        self.status.setText(first_run_messages.FIRST_RUN_COMPANY_FROM.format(name=path.name))
        self.assistant.profile_created.emit(profile)

    def siret_text(self) -> str:
        return self.siret.text().replace(" ", "").strip()

    def isComplete(self) -> bool:
        siret = self.siret_text()
        return bool(self.name.text().strip()) and len(siret) == 14 and siret.isdigit()


class ConnectionPage(QWizardPage):
    """A page whose entries are saved and tested with the connection check (`shown` steps of it)."""

    def __init__(self, wizard: FirstRunAssistant, title: str, text: str, test_text: str, shown: int) -> None:
        super().__init__(wizard)
        self.assistant = wizard
        self.shown = shown
        self.passed = False
        self.setTitle(title)
        self.form = QFormLayout()
        self.test_button = QPushButton(test_text, self)
        self.test_button.clicked.connect(self.test)
        self.steps = QListWidget(self)
        self.steps.setObjectName("firstRunSteps")
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.result = _text("", self)
        self.result.setObjectName("firstRunResult")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(_text(text, self))
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.test_button)
        self.layout_.addWidget(self.steps, 1)
        self.layout_.addWidget(self.result)

    def _line(self, name: str, label: str, *, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.textChanged.connect(self._entries_changed)
        self.form.addRow(label, edit)
        return edit

    def _entries_changed(self) -> None:
        self.passed = False
        self.completeChanged.emit()

    def test(self) -> None:
        self.test_button.setEnabled(False)
        self.steps.clear()
        self.result.setText(messages.SETTINGS_TESTING)
        self.assistant.save_and_check(self._on_steps, self._on_error)

    def _on_steps(self, steps: list[CheckStepView], expiry: str | None) -> None:
        self.test_button.setEnabled(True)
        shown = steps[: self.shown]
        show_steps(self.steps, shown)
        self.passed = bool(shown) and all(step.ok for step in shown)
        text = first_run_messages.FIRST_RUN_ALL_GOOD if self.passed else first_run_messages.FIRST_RUN_FIX
        if steps and not steps[0].ok:
            text += "\n" + first_run_messages.FIRST_RUN_PISTE_FAILED
        if any(step.ok for step in steps[1:]):
            when = dt.date.fromisoformat(expiry).strftime("%d/%m/%Y") if expiry else None
            text += "\n" + (first_run_messages.FIRST_RUN_EXPIRY.format(when=when) if when else first_run_messages.FIRST_RUN_EXPIRY_UNKNOWN)
        self.result.setText(text)
        self.completeChanged.emit()
        self.assistant.checked.emit(self.passed)

    def _on_error(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.passed = False
        self.result.setText(user_message(error))
        self.completeChanged.emit()
        self.assistant.checked.emit(False)

    def isComplete(self) -> bool:
        return self.passed


class PistePage(ConnectionPage):
    def __init__(self, wizard: FirstRunAssistant) -> None:
        # Not tested alone: the core keeps the four identifiers together, so the PISTE application is tested
        # with the technical account, as the first of the connection check's steps (the next page).
        super().__init__(wizard, first_run_messages.FIRST_RUN_PISTE_TITLE, first_run_messages.FIRST_RUN_PISTE_TEXT,
                         first_run_messages.FIRST_RUN_TEST_PISTE, shown=0)
        for widget in (self.test_button, self.steps, self.result):
            widget.setVisible(False)
        self.layout_.addWidget(_text(first_run_messages.FIRST_RUN_PISTE_LATER, self))
        self.ticks = []
        for name, text in (("apiFactures", first_run_messages.FIRST_RUN_API_FACTURES),
                           ("apiStructures", first_run_messages.FIRST_RUN_API_STRUCTURES),
                           ("apiUtilisateurs", first_run_messages.FIRST_RUN_API_UTILISATEURS),
                           ("apiTransverses", first_run_messages.FIRST_RUN_API_TRANSVERSES), ("cgu", first_run_messages.FIRST_RUN_CGU)):
            tick = QCheckBox(text, self)
            tick.setObjectName(name)
            tick.toggled.connect(lambda _on: self.completeChanged.emit())
            self.form.addRow(tick)
            self.ticks.append(tick)
        self.environment = QComboBox(self)
        self.environment.setObjectName("firstRunEnvironment")
        for code, text in ENVIRONMENTS.items():
            self.environment.addItem(text, code)
        self.environment.currentIndexChanged.connect(self._entries_changed)
        self.form.addRow(messages.SETTINGS_ENVIRONMENT, self.environment)
        self.client_id = self._line("firstRunClientId", messages.SETTINGS_CLIENT_ID)
        self.client_secret = self._line("firstRunClientSecret", messages.SETTINGS_CLIENT_SECRET, secret=True)

    def isComplete(self) -> bool:
        return (all(tick.isChecked() for tick in self.ticks) and bool(self.client_id.text().strip())
                and bool(self.client_secret.text()))


class AccountPage(ConnectionPage):
    def __init__(self, wizard: FirstRunAssistant) -> None:
        super().__init__(wizard, first_run_messages.FIRST_RUN_ACCOUNT_TITLE, first_run_messages.FIRST_RUN_ACCOUNT_TEXT,
                         first_run_messages.FIRST_RUN_TEST_ACCOUNT, shown=99)
        self.tech_login = self._line("firstRunTechLogin", messages.SETTINGS_TECH_LOGIN)
        self.tech_password = self._line("firstRunTechPassword", messages.SETTINGS_TECH_PASSWORD, secret=True)


class FirstRunAssistant(QWizard):
    demo_requested = Signal()
    profile_created = Signal(object)  # Profile made from a dropped invoice
    checked = Signal(bool)  # a connection test ended: all its steps passed?
    finished_or_dismissed = Signal()

    def __init__(self, runner: TaskRunner, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunAssistant")
        self.setWindowTitle(first_run_messages.FIRST_RUN_TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, "Suivant >"),
                             (QWizard.WizardButton.BackButton, "< Précédent"),
                             (QWizard.WizardButton.FinishButton, "Terminer"),
                             (QWizard.WizardButton.CancelButton, "Plus tard")):
            self.setButtonText(button, text)
        self.resize(760, 620)
        self.runner = runner
        self.bridge = bridge
        self.profile_id: int | None = None
        self.welcome = WelcomePage(self)
        self.company = CompanyPage(self)
        self.piste = PistePage(self)
        self.account = AccountPage(self)
        for page_id, page in ((WELCOME, self.welcome), (COMPANY, self.company), (PISTE, self.piste),
                              (ACCOUNT, self.account)):
            self.setPage(page_id, page)
        self.accepted.connect(self._on_accepted)
        self.rejected.connect(self.finished_or_dismissed)

    def _on_accepted(self) -> None:
        if self.welcome.demo.isChecked():
            self.demo_requested.emit()
        self.finished_or_dismissed.emit()

    def profile_form(self) -> ProfileForm:
        return ProfileForm(
            profile_id=self.profile_id,
            name=self.company.name.text().strip() or first_run_messages.FIRST_RUN_DEFAULT_NAME,
            siret=self.company.siret_text(),
            environment=str(self.piste.environment.currentData()),
            client_id=self.piste.client_id.text().strip(),
            tech_login=self.account.tech_login.text().strip(),
            default_vat_type="TVA_SUR_DEBIT",
            default_payment_mode="VIREMENT",
            client_secret=self.piste.client_secret.text(),
            tech_password=self.account.tech_password.text(),
        )

    def save_and_check(self, on_steps: Callable[[list[CheckStepView], str | None], None],
                       on_error: Callable[[BaseException], None]) -> None:
        """Save the profile (secrets to the keyring), then run the connection check on the Chorus lane."""
        form = self.profile_form()
        bridge, runner = self.bridge, self.runner

        def saved(profile: Profile) -> None:
            self.profile_id = profile.id
            runner.submit(lambda: bridge.check_connection(profile.id), lane=Lane.CHORUS, name="check_connection",
                          on_result=lambda steps: checked(profile.id, steps), on_error=on_error)

        def checked(profile_id: int, steps: list[CheckStepView]) -> None:
            runner.submit(lambda: bridge.password_expiry(profile_id), name="password_expiry",
                          on_result=lambda expiry: on_steps(steps, expiry), on_error=on_error)

        runner.submit(lambda: bridge.save_profile(form), name="save_profile", on_result=saved, on_error=on_error)
