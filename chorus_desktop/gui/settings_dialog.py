"""Settings: supplier profiles, Chorus Pro environment, credentials (into the keyring), default values.

Secrets typed here go straight to the keyring through the core's credentials module (via the bridge);
the fields are cleared after saving and never pre-filled with a stored secret.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.check_steps import show_steps
from chorus_desktop.gui.errors import user_message
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import CheckStepView, ProfileEntry, ProfileForm

ENVIRONMENTS = {"qualification": messages.SETTINGS_ENV_QUALIFICATION, "production": messages.SETTINGS_ENV_PRODUCTION}


class SettingsDialog(QDialog):
    profile_saved = Signal(object)  # the core Profile

    def __init__(self, runner: TaskRunner, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(messages.SETTINGS_TITLE)
        self.resize(860, 680)
        self._runner = runner
        self._bridge = bridge
        self._profiles: list[ProfileEntry] = []
        self._current_id: int | None = None

        self.profile_list = QListWidget(self)
        self.profile_list.setObjectName("profileList")
        self.profile_list.setAccessibleName(messages.SETTINGS_PROFILES)
        self.profile_list.currentRowChanged.connect(self._show_profile)
        self.new_profile_button = QPushButton(messages.SETTINGS_PROFILE_NEW, self)
        self.new_profile_button.setObjectName("newProfileButton")
        self.new_profile_button.clicked.connect(self._new_profile)
        left = QVBoxLayout()
        left.addWidget(QLabel(messages.SETTINGS_PROFILES))
        left.addWidget(self.profile_list, 1)
        left.addWidget(self.new_profile_button)

        self.name = self._line("profileName", messages.SETTINGS_PROFILE_NAME)
        self.siret = self._line("supplierSiret", messages.SETTINGS_SUPPLIER_SIRET)
        self.environment = QComboBox(self)
        self.environment.setObjectName("environment")
        for code, text in ENVIRONMENTS.items():
            self.environment.addItem(text, code)
        self.client_id = self._line("clientId", messages.SETTINGS_CLIENT_ID)
        self.client_secret = self._line("clientSecret", messages.SETTINGS_CLIENT_SECRET, secret=True)
        self.tech_login = self._line("techLogin", messages.SETTINGS_TECH_LOGIN)
        self.tech_password = self._line("techPassword", messages.SETTINGS_TECH_PASSWORD, secret=True)
        self.default_vat = QComboBox(self)
        self.default_vat.setObjectName("defaultTypeTva")
        for code, text in messages.TYPE_TVA_LABELS.items():
            self.default_vat.addItem(text, code)
        self.default_payment = QComboBox(self)
        self.default_payment.setObjectName("defaultModePaiement")
        for code, text in messages.MODE_PAIEMENT_LABELS.items():
            self.default_payment.addItem(text, code)

        profile_box = QGroupBox(messages.SETTINGS_PROFILE, self)
        profile_form = QFormLayout(profile_box)
        profile_form.addRow(messages.SETTINGS_PROFILE_NAME, self.name)
        profile_form.addRow(messages.SETTINGS_SUPPLIER_SIRET, self.siret)
        profile_form.addRow(messages.SETTINGS_ENVIRONMENT, self.environment)
        credentials_box = QGroupBox(messages.SETTINGS_CREDENTIALS, self)
        credentials_form = QFormLayout(credentials_box)
        credentials_form.addRow(messages.SETTINGS_CLIENT_ID, self.client_id)
        credentials_form.addRow(messages.SETTINGS_CLIENT_SECRET, self.client_secret)
        credentials_form.addRow(messages.SETTINGS_TECH_LOGIN, self.tech_login)
        credentials_form.addRow(messages.SETTINGS_TECH_PASSWORD, self.tech_password)
        defaults_box = QGroupBox(messages.SETTINGS_DEFAULTS, self)
        defaults_form = QFormLayout(defaults_box)
        defaults_form.addRow(messages.FIELD_TYPE_TVA, self.default_vat)
        defaults_form.addRow(messages.FIELD_MODE_PAIEMENT, self.default_payment)

        self.test_button = QPushButton(messages.SETTINGS_TEST, self)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.clicked.connect(self.test_connection)
        self.steps = QListWidget(self)
        self.steps.setObjectName("connectionSteps")
        self.steps.setAccessibleName(messages.SETTINGS_TEST)
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setMinimumHeight(150)
        self.status = QLabel("", self)
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(profile_box)
        right.addWidget(credentials_box)
        right.addWidget(defaults_box)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        right.addLayout(test_row)
        right.addWidget(self.steps, 1)
        right.addWidget(self.status)

        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(messages.SETTINGS_SAVE, QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("saveSettingsButton")
        self.save_button.clicked.connect(self.save)
        buttons.addButton(messages.CLOSE, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        self.reload()

    def _line(self, name: str, accessible: str, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    # -- profiles ------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        self._runner.submit(self._bridge.profile_entries, name="profile_entries",
                            on_result=lambda profiles: self._set_profiles(profiles, select_id),
                            on_error=self._show_error)

    def _set_profiles(self, profiles: list[ProfileEntry], select_id: int | None) -> None:
        self._profiles = list(profiles)
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for entry in self._profiles:
            self.profile_list.addItem(QListWidgetItem(entry.profile.name))
        self.profile_list.blockSignals(False)
        if not self._profiles:
            self._new_profile()
            return
        ids = [entry.profile.id for entry in self._profiles]
        row = ids.index(select_id) if select_id in ids else 0
        self.profile_list.setCurrentRow(row)
        self._show_profile(row)

    def _show_profile(self, row: int) -> None:
        if not (0 <= row < len(self._profiles)):
            return
        entry = self._profiles[row]
        profile = entry.profile
        self._current_id = profile.id
        self.name.setText(profile.name)
        self.siret.setText(profile.siret)
        environment = entry.environment
        if self.environment.findData(environment) < 0:  # e.g. the demo's simulator: shown, not offered
            from chorus_desktop.core.chorus.environments import LABELS, EnvironmentKind

            kind = EnvironmentKind(environment) if environment in set(EnvironmentKind) else None
            self.environment.addItem(LABELS[kind] if kind else environment, environment)
        self._select(self.environment, environment)
        self._select(self.default_vat, profile.default_vat_type)
        self._select(self.default_payment, profile.default_payment_mode)
        self.client_id.setText(entry.client_id)
        self.tech_login.setText(entry.tech_login)
        kept = entry.has_credentials
        for secret in (self.client_secret, self.tech_password):
            secret.clear()
            secret.setPlaceholderText(messages.SETTINGS_SECRET_KEPT if kept else "")
        self.steps.clear()

    def _new_profile(self) -> None:
        self._current_id = None
        self.profile_list.clearSelection()
        for edit in (self.name, self.siret, self.client_id, self.client_secret, self.tech_login, self.tech_password):
            edit.clear()
            edit.setPlaceholderText("")
        self._select(self.environment, "qualification")
        self.steps.clear()
        self.name.setFocus()

    @staticmethod
    def _select(combo: QComboBox, code: object) -> None:
        index = combo.findData(code)
        if index >= 0:
            combo.setCurrentIndex(index)

    def form(self) -> ProfileForm:
        return ProfileForm(
            profile_id=self._current_id,
            name=self.name.text().strip(),
            siret=self.siret.text().replace(" ", "").strip(),
            environment=str(self.environment.currentData()),
            client_id=self.client_id.text().strip(),
            tech_login=self.tech_login.text().strip(),
            default_vat_type=str(self.default_vat.currentData()),
            default_payment_mode=str(self.default_payment.currentData()),
            client_secret=self.client_secret.text(),
            tech_password=self.tech_password.text(),
        )

    def save(self) -> None:
        form = self.form()
        if not form.name:
            self.status.setText(messages.SETTINGS_NEED_NAME)
            return
        self.save_button.setEnabled(False)
        self._runner.submit(lambda: self._bridge.save_profile(form), name="save_profile",
                            on_result=self._on_saved, on_error=self._show_error)

    def _on_saved(self, profile: Profile) -> None:
        self.save_button.setEnabled(True)
        self.client_secret.clear()
        self.tech_password.clear()
        self.status.setText(messages.SETTINGS_SAVED)
        self.profile_saved.emit(profile)
        self.reload(profile.id)

    def _show_error(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.test_button.setEnabled(True)
        self.status.setText(user_message(error))

    # -- connection test -----------------------------------------------------------------------------
    def test_connection(self) -> None:
        if self._current_id is None:
            self.status.setText(messages.NO_PROFILE)
            return
        profile_id = self._current_id
        self.test_button.setEnabled(False)
        self.steps.clear()
        self.status.setText(messages.SETTINGS_TESTING)
        self._runner.submit(lambda: self._bridge.check_connection(profile_id), lane=Lane.CHORUS,
                            name="check_connection", on_result=self._show_steps, on_error=self._show_error)

    def _show_steps(self, steps: list[CheckStepView]) -> None:
        self.test_button.setEnabled(True)
        self.status.setText("")
        show_steps(self.steps, steps)
