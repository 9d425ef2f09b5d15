"""The packaging files are consistent: spec, installers' definitions, desktop entry, plists, icons.

Building a package takes minutes (packaging/smoke_test_linux.py, run by .ci/package); these checks catch
the usual mistakes in seconds: a data collection dropped from the spec, a Qt module excluded that the
GUI imports, a broken .desktop file, an installer that asks for administrator rights.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import io
import json
import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

import chorus_desktop

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
PACKAGE = ROOT / "chorus_desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def load_script(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem.replace("-", "_"), path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def spec_tree() -> ast.Module:
    source = (PACKAGING / "chorus-desktop.spec").read_text(encoding="utf-8")
    return ast.parse(source, filename="chorus-desktop.spec")


def call_arguments(tree: ast.AST, function: str) -> set[str]:
    """The string first arguments of every call to `function` in the spec."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == function
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
    return found


def assigned_list(tree: ast.Module, name: str) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return [element.value for element in node.value.elts if isinstance(element, ast.Constant)]
    raise AssertionError(f"{name} is not assigned in the spec")


# --- PyInstaller spec ---------------------------------------------------------------------------------


def test_spec_collects_every_dynamically_loaded_data_file() -> None:
    tree = spec_tree()
    assert {"chorus_desktop", "pdfminer", "facturx", "stdnum", "iso4217", "pypdfium2_raw"} <= call_arguments(
        tree, "collect_data_files"
    )
    assert {"chorus_desktop", "keyring.backends"} <= call_arguments(tree, "collect_submodules")
    # keyring finds its backends through entry points; factur-x asks for its own version at import.
    assert {"keyring", "factur-x", "chorus-desktop"} <= call_arguments(tree, "copy_metadata")


def test_spec_builds_one_folder_with_the_icons() -> None:
    source = (PACKAGING / "chorus-desktop.spec").read_text(encoding="utf-8")
    assert "exclude_binaries=True" in source and "COLLECT(" in source  # one-folder, not one-file
    assert "onefile" not in source.lower().replace("one-file", "")
    assert "chorus-desktop.ico" in source and "chorus-desktop.icns" in source
    assert (PACKAGING / "launcher.py").is_file()


def test_spec_excludes_heavy_qt_modules_but_none_the_application_imports() -> None:
    excluded = set(assigned_list(spec_tree(), "UNUSED_QT_MODULES"))
    assert {"QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia"} <= excluded
    used = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "PySide6":
                used.update(alias.name for alias in node.names)  # from PySide6 import QtSvg
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                used.add(node.module.split(".")[1])  # from PySide6.QtSvg import QSvgRenderer
            elif isinstance(node, ast.Import):
                used.update(a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6."))
    assert used, "the application imports Qt modules"
    assert used & excluded == set()


def test_windows_version_template_fills_in_as_python() -> None:
    template = (PACKAGING / "windows" / "version-info.txt").read_text(encoding="utf-8")
    filled = template.format(filevers=(1, 2, 3, 0), version="1.2.3", year=2030)
    body = "\n".join(line for line in filled.splitlines() if not line.startswith("#"))
    expression = ast.parse(body, mode="eval").body
    assert isinstance(expression, ast.Call) and getattr(expression.func, "id", "") == "VSVersionInfo"
    assert "StringStruct('ProductVersion', '1.2.3')" in filled and "filevers=(1, 2, 3, 0)" in filled


# --- Windows installer ------------------------------------------------------------------------------


def test_inno_setup_installs_per_user_with_start_menu_and_open_with_pdf() -> None:
    iss = (PACKAGING / "windows" / "chorus-desktop.iss").read_text(encoding="utf-8-sig")
    settings = dict(re.findall(r"^(\w+)=(.*)$", iss, re.MULTILINE))
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["ChangesAssociations"] == "yes"
    assert "{autopf}" in settings["DefaultDirName"]  # %LOCALAPPDATA%\Programs without admin rights
    assert 'Name: "{group}\\{#AppName}"' in iss  # Start menu entry
    assert re.search(r'Subkey: "Software\\Classes\\\.pdf\\OpenWithProgids"', iss)
    assert "HKLM" not in iss  # nothing machine-wide
    assert (ROOT / settings["SetupIconFile"].replace("..\\..\\", "").replace("\\", "/")).is_file()


# --- macOS ----------------------------------------------------------------------------------------------


def test_macos_info_plist_declares_pdf_documents() -> None:
    with (PACKAGING / "macos" / "Info.plist").open("rb") as handle:
        info = plistlib.load(handle)
    document_types = info["CFBundleDocumentTypes"]
    assert any(
        "com.adobe.pdf" in entry.get("LSItemContentTypes", []) and entry["CFBundleTypeRole"] == "Viewer"
        for entry in document_types
    )
    assert info["CFBundleIdentifier"]


def test_macos_entitlements_are_a_valid_hardened_runtime_plist() -> None:
    with (PACKAGING / "macos" / "entitlements.plist").open("rb") as handle:
        entitlements = plistlib.load(handle)
    assert entitlements.get("com.apple.security.cs.allow-unsigned-executable-memory") is True
    assert "com.apple.security.app-sandbox" not in entitlements
    script = (PACKAGING / "macos" / "sign_and_notarize.sh").read_text(encoding="utf-8")
    assert "--options runtime" in script and "notarytool submit" in script and "stapler staple" in script


def test_signing_material_only_comes_from_the_environment() -> None:
    build = (PACKAGING / "build.py").read_text(encoding="utf-8")
    for variable in (
        "CHORUS_WINDOWS_SIGN_CERT",
        "CHORUS_WINDOWS_SIGN_PASSWORD",
        "CHORUS_MACOS_SIGN_IDENTITY",
    ):
        assert variable in build
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files"], check=False, capture_output=True, text=True
    ).stdout.split()
    assert not [name for name in tracked if name.endswith((".pfx", ".p12", ".cer", ".key", ".pem"))]
    for path in PACKAGING.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".sh", ".spec", ".iss", ".plist", ".txt", ".desktop"}:
            assert "PRIVATE KEY-----" not in path.read_text(encoding="utf-8-sig"), path


# --- Linux ----------------------------------------------------------------------------------------------


def test_desktop_entry_is_valid_and_opens_pdf_files() -> None:
    desktop = PACKAGING / "linux" / "chorus-desktop.desktop"
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(desktop)], check=False, capture_output=True, text=True)
        assert result.returncode == 0 and "error" not in result.stdout.lower(), result.stdout
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(desktop, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Chorus Desktop"
    assert "application/pdf" in entry["MimeType"].split(";")
    assert re.fullmatch(r"chorus-desktop %[fFuU]", entry["Exec"])
    assert entry["Icon"] == "chorus-desktop"
    assert entry["Categories"].endswith(";") and entry["Terminal"] == "false"
    known = {
        "Type",
        "Version",
        "Name",
        "GenericName",
        "Comment",
        "Exec",
        "TryExec",
        "Icon",
        "Terminal",
        "Categories",
        "MimeType",
        "Keywords",
        "StartupNotify",
        "StartupWMClass",
    }
    assert set(entry) <= known


def test_linux_archive_ships_desktop_integration(tmp_path: Path) -> None:
    build = load_script(PACKAGING / "build.py")
    assert build.app_version() == chorus_desktop.__version__
    folder = tmp_path / "dist" / "chorus-desktop"
    folder.mkdir(parents=True)
    (folder / "chorus-desktop").write_text("#!/bin/sh\n", encoding="utf-8")
    archive = build.finish_linux(folder, tmp_path / "dist", "9.9.9")
    assert archive.name.startswith("chorus-desktop-9.9.9-linux-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        install = tar.getmember("chorus-desktop/install.sh")
    assert "chorus-desktop/share/applications/chorus-desktop.desktop" in names
    assert {f"chorus-desktop/share/icons/chorus-desktop-{size}.png" for size in PNG_SIZES} <= names
    assert install.mode & 0o111


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")
def test_linux_install_script_installs_for_the_user_only(tmp_path: Path) -> None:
    build = load_script(PACKAGING / "build.py")
    folder = tmp_path / "unpacked" / "chorus-desktop"
    folder.mkdir(parents=True)
    (folder / "chorus-desktop").write_text("#!/bin/sh\necho frozen\n", encoding="utf-8")
    (folder / "chorus-desktop").chmod(0o755)
    build.finish_linux(folder, tmp_path, "9.9.9")
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    result = subprocess.run(
        ["sh", str(folder / "install.sh")], check=False, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    installed = home / ".local" / "opt" / "chorus-desktop" / "chorus-desktop"
    assert installed.is_file()
    assert (home / ".local" / "bin" / "chorus-desktop").resolve() == installed.resolve()
    entry = (home / ".local" / "share" / "applications" / "chorus-desktop.desktop").read_text(
        encoding="utf-8"
    )
    assert f'Exec="{installed}" %F' in entry
    icons = home / ".local" / "share" / "icons" / "hicolor"
    assert (icons / "256x256" / "apps" / "chorus-desktop.png").is_file()
    assert (icons / "scalable" / "apps" / "chorus-desktop.svg").is_file()
    result = subprocess.run(
        ["sh", str(folder / "install.sh"), "--uninstall"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0 and not installed.exists()
    assert not (home / ".local" / "share" / "applications" / "chorus-desktop.desktop").exists()
    assert not list(icons.rglob("chorus-desktop.*"))


def test_ci_packaging_job_is_separate_from_the_test_command() -> None:
    package_job = ROOT / ".ci" / "package"
    assert os.access(package_job, os.X_OK)
    assert "smoke_test_linux.py" in package_job.read_text(encoding="utf-8")
    assert "smoke_test" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_smoke_test_reads_the_printed_truth_of_a_corpus_pdf(corpus_dir: Path) -> None:
    smoke = load_script(PACKAGING / "smoke_test_linux.py")
    pdf = corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"
    assert smoke.DEFAULT_PDF.resolve() == pdf.resolve()
    truth = smoke.truth_for(pdf)
    assert truth is not None and truth["invoice_number"] and truth["total_ttc"]
    assert smoke.truth_for(corpus_dir / "pdfs" / "absent.pdf") is None


# --- icons and bundled resources ---------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size_and_format() -> None:
    from PIL import Image

    assert "<svg" in (ICONS / "chorus-desktop.svg").read_text(encoding="utf-8")
    for size in PNG_SIZES:
        assert png_size((ICONS / f"chorus-desktop-{size}.png").read_bytes()) == (size, size)
    with Image.open(ICONS / "chorus-desktop.ico") as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ICONS / "chorus-desktop.icns") as icns:
        assert icns.format == "ICNS"
        assert icns.size == (1024, 1024)
    bundled = PACKAGE / "resources" / "chorus-desktop.png"
    assert bundled.read_bytes() == (ICONS / "chorus-desktop-256.png").read_bytes()


def test_bundled_sample_invoice_matches_its_expected_values() -> None:
    from facturx import get_xml_from_pdf
    from lxml import etree

    expected = json.loads((PACKAGE / "resources" / "sample-invoice.json").read_text(encoding="utf-8"))
    _, xml = get_xml_from_pdf((PACKAGE / "resources" / "sample-invoice.pdf").read_bytes(), check_xsd=True)
    root = etree.parse(io.BytesIO(xml)).getroot()
    ram = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
    assert root.findtext(".//{*}ExchangedDocument/ram:ID", namespaces=ram) == expected["invoice_number"]
    assert root.findtext(".//ram:GrandTotalAmount", namespaces=ram) == expected["total_ttc"]


# --- "Ouvrir avec": the desktop starts `chorus-desktop <file.pdf>...` ------------------------------------


def test_pdf_paths_without_a_command_open_the_application_on_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from chorus_desktop import cli

    started: list[dict[str, object]] = []
    fake_app = ModuleType("chorus_desktop.app")
    fake_app.run_gui = lambda **kwargs: started.append(kwargs) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "chorus_desktop.app", fake_app)  # no Qt in unit tests
    first, second = tmp_path / "Facture 1.PDF", tmp_path / "facture-2.pdf"
    assert cli.run(["--data-dir", str(tmp_path / "data"), str(first), str(second)]) == 0
    assert started == [{"data_dir": str(tmp_path / "data"), "demo": False, "files": [first, second]}]
    assert cli.desktop_opened_files(["extract", "--json", "a.pdf"], {"extract"}) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script stands in for the executable")
def test_build_refuses_to_package_an_app_whose_self_check_fails(tmp_path: Path) -> None:
    build = load_script(PACKAGING / "build.py")
    executable = tmp_path / "chorus-desktop"
    executable.write_text("#!/bin/sh\necho '[OK]        Stockage : ...'\necho OK\n", encoding="utf-8")
    executable.chmod(0o755)
    build.self_check(tmp_path)  # passes
    executable.write_text(
        "#!/bin/sh\necho '[ÉCHEC]     Qt : ...'\necho 'ÉCHEC : 1 vérification(s)'\nexit 1\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit, match="paquet non produit"):
        build.self_check(tmp_path)
