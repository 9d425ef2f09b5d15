"""Bad input gets a clear French problem, never a crash or a hang: each case is built from real files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from extraction_pdfs import encrypted_copy, image_only_pdf, padded_copy, text_pdf, truncated_copy, write

from chorus_desktop.core.extraction import extract_invoice
from chorus_desktop.core.extraction.input_checks import CHORUS_MAX_BYTES, PROBLEM_IMAGE_PDF


def codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {problem.code for problem in result.problems}


def assert_french_problem(result, code: str) -> None:  # type: ignore[no-untyped-def]
    found = [p for p in result.problems if p.code == code]
    assert found, f"problème {code} attendu, obtenu {codes(result)}"
    # A whole French sentence, not an exception text.
    assert (
        found[0].message[0].isupper()
        and "Error" not in found[0].message
        and "Traceback" not in found[0].message
    )


@pytest.fixture
def gandi(corpus_dir: Path) -> Path:
    return corpus_dir / "pdfs" / "oca-gandi.pdf"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    result = extract_invoice(tmp_path / "absente.pdf")
    assert not result.readable
    assert_french_problem(result, "fichier_introuvable")


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    result = extract_invoice(write(tmp_path / "vide.pdf", b""))
    assert not result.readable
    assert_french_problem(result, "fichier_vide")


@pytest.mark.parametrize(
    "content",
    [b"Bonjour, ceci est un texte.\n", b"\x89PNG\r\n\x1a\n" + bytes(200), b"PK\x03\x04" + bytes(100)],
)
def test_not_a_pdf_is_unreadable(tmp_path: Path, content: bytes) -> None:
    result = extract_invoice(write(tmp_path / "facture.pdf", content))
    assert not result.readable
    assert_french_problem(result, "pas_un_pdf")


def test_a_folder_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "dossier.pdf"
    folder.mkdir()
    result = extract_invoice(folder)
    assert not result.readable
    assert result.problems and result.problems[-1].blocking


@pytest.mark.parametrize("keep", [0.02, 0.1])
def test_badly_truncated_pdf_is_unreadable_with_a_problem(tmp_path: Path, gandi: Path, keep: float) -> None:
    result = extract_invoice(truncated_copy(gandi, tmp_path / "tronque.pdf", keep=keep))
    assert not result.readable
    assert_french_problem(result, "pdf_corrompu")


def test_half_truncated_pdf_is_read_with_a_warning(tmp_path: Path, gandi: Path) -> None:
    # pdfminer recovers the pages still present: the file is read, the user is warned.
    result = extract_invoice(truncated_copy(gandi, tmp_path / "moitie.pdf", keep=0.5))
    assert "pdf_tronque" in codes(result) or not result.readable
    assert result.problems


def test_garbage_after_pdf_header_is_unreadable(tmp_path: Path) -> None:
    result = extract_invoice(write(tmp_path / "bruit.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40))
    assert not result.readable
    assert result.problems[-1].blocking


def test_password_protected_pdf_is_unreadable(tmp_path: Path, gandi: Path) -> None:
    result = extract_invoice(encrypted_copy(gandi, tmp_path / "protege.pdf"))
    assert not result.readable
    assert_french_problem(result, "pdf_protege")
    assert "mot de passe" in result.problems[-1].message


def test_scanned_pdf_reports_that_chorus_pro_wants_a_text_pdf(tmp_path: Path) -> None:
    result = extract_invoice(image_only_pdf(tmp_path / "scan.pdf"))
    assert result.readable
    assert result.page_count == 1
    image = [p for p in result.problems if p.code == "pdf_image"]
    assert image and image[0].message == PROBLEM_IMAGE_PDF and image[0].blocking
    # Nothing is guessed from a picture.
    assert not any(fv.confidence == "high" for fv in result.fields.values())


def test_pdf_over_10_mo_is_read_and_flagged(tmp_path: Path, gandi: Path) -> None:
    big = padded_copy(gandi, tmp_path / "lourd.pdf", extra_bytes=CHORUS_MAX_BYTES + 200_000)
    assert big.stat().st_size > CHORUS_MAX_BYTES
    result = extract_invoice(big)
    assert result.readable
    assert_french_problem(result, "fichier_trop_gros")
    assert "10 Mo" in next(p.message for p in result.problems if p.code == "fichier_trop_gros")
    assert result.page_count == 2
    # Still read: the page's values are there.
    assert result.value("total_ttc") is not None


def test_fifty_page_pdf_is_read_from_its_first_and_last_pages(tmp_path: Path) -> None:
    header = [(50, 60, "FACTURE"), (50, 80, "Facture N° LONG-2026-050"), (50, 100, "Date : 15/03/2026")]
    filler = [
        [(50, 60 + 14 * i, f"Ligne {page * 40 + i} prestation détaillée 10,00") for i in range(40)]
        for page in range(48)
    ]
    totals = [
        (300, 600, "Total HT 1 000,00"),
        (300, 620, "TVA 20 % 200,00"),
        (300, 640, "Total TTC 1 200,00"),
    ]
    pdf = write(tmp_path / "long.pdf", text_pdf([header, *filler, totals]))
    result = extract_invoice(pdf)
    assert result.readable
    assert result.page_count == 50
    assert "document_long" in codes(result)
    long_problem = next(p for p in result.problems if p.code == "document_long")
    assert long_problem.message.startswith("Document de 50 pages") and "à 50" in long_problem.message
    # Header from the first page, totals from the last one.
    assert result.value("invoice_number") == "LONG-2026-050"
    assert result.value("total_ttc") == Decimal("1200.00")
    assert result.fields["total_ttc"].page == 50


def test_pdf_with_no_page_is_unreadable(tmp_path: Path) -> None:
    result = extract_invoice(write(tmp_path / "sans-page.pdf", text_pdf([])))
    assert not result.readable
    assert result.problems[-1].blocking


def test_a_reading_over_its_time_budget_is_abandoned_with_a_problem(gandi: Path) -> None:
    # A zero budget stands for a pathological PDF: the caller gets an answer, not a hang.
    result = extract_invoice(gandi, time_budget=0)
    assert not result.readable
    assert_french_problem(result, "lecture_trop_longue")
    # The same file with the normal budget is read.
    assert extract_invoice(gandi).readable


def test_page_with_a_broken_box_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    data = text_pdf([[(50, 50, "Facture N° X-1")]]).replace(
        b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 abc]"
    )
    result = extract_invoice(write(tmp_path / "boite.pdf", data))
    assert not result.readable
    assert_french_problem(result, "pdf_corrompu")


def test_undecodable_page_content_is_reported(tmp_path: Path) -> None:
    data = text_pdf([[(50, 50, "Facture N° X-1")]]).replace(b"<< /Length", b"<< /Filter /FlateDecode /Length")
    result = extract_invoice(write(tmp_path / "flux.pdf", data))
    assert result.readable
    assert any(p.blocking for p in result.problems)
    assert not any(fv.confidence == "high" and fv.value == "X-1" for fv in result.fields.values())


def test_page_tree_pointing_to_itself_does_not_hang(tmp_path: Path) -> None:
    data = text_pdf([[(50, 50, "Facture N° LOOP-1")]]).replace(b"/Kids [5 0 R]", b"/Kids [2 0 R]")
    assert b"/Kids [2 0 R]" in data
    result = extract_invoice(write(tmp_path / "boucle.pdf", data))
    assert result.problems or result.readable


def test_pdf_without_any_invoice_value_says_so(tmp_path: Path) -> None:
    result = extract_invoice(
        write(tmp_path / "lettre.pdf", text_pdf([[(50, 50, "Bonjour,"), (50, 70, "Bien cordialement.")]]))
    )
    assert result.readable
    assert_french_problem(result, "aucune_donnee")
