"""`chorus-desktop extract`: JSON lines for scripts, a French summary for people, honest exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import truth_of
from extraction_pdfs import encrypted_copy, write

from chorus_desktop.cli import run
from chorus_desktop.core.model import FIELD_NAMES

ROOT = Path(__file__).resolve().parents[3]


def json_lines(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def truth(corpus_dir: Path, name: str) -> dict[str, str]:
    return truth_of(corpus_dir, name)


def test_json_prints_one_object_per_file_with_the_contract_keys(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [corpus_dir / "pdfs" / "fnfe-facture-fr.pdf", corpus_dir / "pdfs" / "oca-gandi.pdf"]
    status = run(["extract", "--json", *map(str, files)])
    out = capsys.readouterr().out
    objects = json_lines(out)
    assert status == 0
    assert [obj["file"] for obj in objects] == [str(f) for f in files]
    for obj in objects:
        assert set(FIELD_NAMES) | {"file", "problems", "confidence"} <= set(obj)
        assert obj["readable"] is True
        for name, confidence in obj["confidence"].items():
            assert name in FIELD_NAMES and confidence in ("high", "low")
    # Amounts as strings with two decimals, dates ISO (truth.tsv writes them that way too).
    first, printed = objects[0], truth(corpus_dir, "fnfe-facture-fr")
    assert first["total_ttc"] == printed["total_ttc"] and first["date"] == printed["date"]
    assert any(source["source"] == "xml" for source in first["sources"].values())


def test_no_embedded_xml_reads_only_the_page(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = run(["extract", "--json", "--no-embedded-xml", str(corpus_dir / "pdfs" / "fnfe-facture-fr.pdf")])
    (obj,) = json_lines(capsys.readouterr().out)
    assert status == 0
    assert obj["sources"] and all(source["source"] == "text" for source in obj["sources"].values())


def test_unreadable_file_gives_status_1_and_still_a_json_line(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path / "pas-un-pdf.pdf", b"bonjour")
    good = corpus_dir / "pdfs" / "hetzner.pdf"
    status = run(["extract", "--json", str(good), str(bad)])
    objects = json_lines(capsys.readouterr().out)
    assert status == 1
    assert [obj["readable"] for obj in objects] == [True, False]
    assert objects[1]["problems"][0]["code"] == "pas_un_pdf"


def test_problems_do_not_change_the_status(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # chorus-p01's page shows another invoice than its XML: problems, but the file was read.
    status = run(["extract", "--json", str(corpus_dir / "pdfs" / "chorus-p01.pdf")])
    (obj,) = json_lines(capsys.readouterr().out)
    assert status == 0 and obj["problems"]


def test_summary_is_french_and_flags_doubtful_values(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    protected = encrypted_copy(corpus_dir / "pdfs" / "oca-gandi.pdf", tmp_path / "protege.pdf")
    status = run(["extract", str(corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"), str(protected)])
    out = capsys.readouterr().out
    assert status == 1
    assert "Numéro de facture : FA-2017-0010" in out
    assert "Montant TTC : 671,15" in out
    assert "Date de facture : 13/11/2017" in out
    assert "(à vérifier)" in out  # the sample's SIRET fails its check digits
    assert "Fichier illisible." in out and "mot de passe" in out
    assert "Traceback" not in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as no_file:
        run(["extract"])
    assert no_file.value.code == 2
    with pytest.raises(SystemExit) as bad_option:
        run(["extract", "--xml-only", "x.pdf"])
    assert bad_option.value.code == 2
    assert "chorus-desktop : erreur : " in capsys.readouterr().err


def test_installed_command_runs_as_a_process(corpus_dir: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "chorus_desktop",
            "extract",
            "--json",
            str(corpus_dir / "pdfs" / "zf-einfach.pdf"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    (obj,) = json_lines(completed.stdout)
    assert obj["invoice_number"] == truth(corpus_dir, "zf-einfach")["invoice_number"]


def test_every_corpus_pdf_and_every_bad_input_gives_one_json_line(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from extraction_pdfs import image_only_pdf, truncated_copy

    corpus = sorted((corpus_dir / "pdfs").glob("*.pdf"))
    gandi = corpus_dir / "pdfs" / "oca-gandi.pdf"
    bad = [
        write(tmp_path / "vide.pdf", b""),
        write(tmp_path / "texte.pdf", b"pas un pdf"),
        truncated_copy(gandi, tmp_path / "tronque.pdf", keep=0.05),
        encrypted_copy(gandi, tmp_path / "protege.pdf"),
        image_only_pdf(tmp_path / "scan.pdf"),
        tmp_path / "absent.pdf",
    ]
    status = run(["extract", "--json", *map(str, corpus + bad)])
    objects = json_lines(capsys.readouterr().out)
    assert status == 1
    assert [obj["file"] for obj in objects] == [str(f) for f in corpus + bad]
    assert all(obj["readable"] for obj in objects[: len(corpus)])
    unreadable = {Path(obj["file"]).name for obj in objects if not obj["readable"]}
    assert unreadable == {"vide.pdf", "texte.pdf", "tronque.pdf", "protege.pdf", "absent.pdf"}
    for obj in objects[len(corpus) :]:
        assert obj["problems"] and all(p["message"] for p in obj["problems"])
