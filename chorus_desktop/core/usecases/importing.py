"""Importing PDFs as draft invoices: files and folders, copied (never moved), each committed on its own."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from chorus_desktop.core import texts
from chorus_desktop.core.domain.deposit import Deposit, DepositAttachment
from chorus_desktop.core.domain.deposit_input import apply_changes
from chorus_desktop.core.domain.learning import RoutingMemory
from chorus_desktop.core.domain.names import safe_name
from chorus_desktop.core.domain.paid import printed_mention
from chorus_desktop.core.domain.prefill import prefill_deposit
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import AlreadyStoredError, DiskFullError, ReadOnlyStoreError
from chorus_desktop.core.model import ExtractionResult, Problem
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.usecases.checking import DepositChecker, extraction_value
from chorus_desktop.core.usecases.learning import Learning
from chorus_desktop.core.validation import MAX_ATTACHMENT_NAME, DocumentFacts

log = logging.getLogger(__name__)

Extractor = Callable[[Path], ExtractionResult]
ImportStatus = Literal["imported", "duplicate", "failed", "skipped"]


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: imported (new id), duplicate (existing id), failed (problems) or
    skipped (the batch stopped before it: disk full, read-only folder)."""

    path: Path
    status: ImportStatus
    invoice_id: int | None
    message: str
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"file": safe_name(self.path), "status": self.status, "id": self.invoice_id, "message": self.message,
                "problems": [p.to_json() for p in self.problems]}


def in_thread_extractor(path: Path) -> ExtractionResult:
    """The extraction engine in this thread (the CLI); the app passes its worker-process extractor."""
    from chorus_desktop.core.extraction import extract_invoice

    return extract_invoice(path, use_embedded_xml=True)


def collect_pdf_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the PDFs found (recursively, sorted) in the folders given; no duplicates."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def short_designation(name: str, limit: int = MAX_ATTACHMENT_NAME) -> str:
    """A file name cut to `limit` characters, keeping its extension (Chorus limits names to 50)."""
    if len(name) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        return name[:limit]
    return stem[: limit - len(suffix) - 1] + "." + suffix


class InvoiceImporting:
    """`extractor` reads a PDF (the app's worker process, the engine in-thread for the CLI, a stand-in in tests);
    `learning`, when given, reads it with the layout learned for its supplier and fills the routing
    remembered for its buyer (both within the invoice's supplier profile)."""

    def __init__(self, store: Store, checker: DepositChecker, extractor: Extractor = in_thread_extractor,
                 learning: Learning | None = None) -> None:
        self._store = store
        self._checker = checker
        self._extract = extractor
        self._learning = learning

    def import_files(self, paths: Iterable[str | Path], *, profile_id: int | None = None,
                     overrides: dict[str, Any] | None = None,
                     progress: Callable[[ImportOutcome], None] | None = None) -> list[ImportOutcome]:
        """Import files and folders (PDFs inside, recursively) as drafts; one outcome per file.

        Files are copied into the store, never moved. A file whose content is already stored is
        skipped (`duplicate`, with the existing id). `overrides` are deposit fields (API names) applied
        over the pre-filled values, e.g. {"codeServiceExecutant": "SE01"}. Each file is committed on
        its own, so an interrupted batch keeps what was done and a re-run skips it.
        """
        if overrides:
            apply_changes(Deposit(), overrides)  # reject bad field names/values before touching any file
        self._store.documents.sweep_orphans()
        outcomes: list[ImportOutcome] = []
        stopped: str | None = None  # why the batch stopped (a full disk, a read-only folder)
        for path in collect_pdf_files(paths):
            if stopped is not None:
                outcome = ImportOutcome(path, "skipped", None, texts.render("import_non_tente", reason=stopped))
            else:
                try:
                    outcome = self.import_file(path, profile_id=profile_id, overrides=overrides)
                except DiskFullError as error:
                    log.warning("disk full while importing %s: %s", safe_name(path), error.code)
                    stopped = texts.render("raison_disque_plein")
                    outcome = ImportOutcome(path, "failed", None,
                                            texts.render("import_disque_plein", name=safe_name(path.name)))
                except ReadOnlyStoreError:
                    stopped = texts.render("raison_lecture_seule")
                    outcome = ImportOutcome(path, "failed", None,
                                            texts.render("import_lecture_seule", name=safe_name(path.name)))
                except Exception:  # one file's failure never stops the batch
                    log.exception("import of %s failed", safe_name(path))
                    outcome = ImportOutcome(path, "failed", None,
                                            texts.render("erreur_import_fichier", name=safe_name(path.name)))
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        return outcomes

    def import_file(self, path: Path, *, profile_id: int | None = None,
                    overrides: dict[str, Any] | None = None) -> ImportOutcome:
        """Import one PDF; see `import_files`."""
        try:
            sha256 = sha256_of(path)
            size = path.stat().st_size
        except FileNotFoundError:
            return ImportOutcome(path, "failed", None, texts.render("fichier_introuvable", path=safe_name(path)))
        except OSError:
            return ImportOutcome(path, "failed", None, texts.render("fichier_illisible", name=safe_name(path.name)))
        name = safe_name(path.name)
        existing = self._store.invoices.id_for_document(sha256)
        if existing is not None:
            return self._already_imported(path, existing)

        try:
            extraction = self._extract(path)
        except Exception:  # the engine promises not to raise; a bug in it must not stop the whole batch
            log.exception("extraction failed for %s", name)
            return ImportOutcome(path, "failed", None, texts.render("erreur_lecture", name=name))
        if not extraction.readable:
            problems = [p for p in extraction.problems if p.blocking] or extraction.problems
            message = problems[0].message if problems else texts.render("pdf_illisible")
            return ImportOutcome(path, "failed", None, message, problems)

        profile = self._profile_for_import(profile_id, extraction)
        profile_id_final = profile.id if profile else None
        if self._learning is not None:
            self._learning.read_with_memory(extraction, profile_id_final)
        memory, routing = self._remembered_routing(extraction, profile_id_final, overrides or {})
        siret = str((overrides or {}).get("codeDestinataire") or routing.get("codeDestinataire")
                    or extraction.value("buyer_siret") or "")
        recipient = self._store.recipients.get(siret.replace(" ", "")) if siret else None
        # A recipient's last routing is shared by every profile: with a profile, only its own memory counts.
        # The cadre kept for a paid invoice of this supplier layout, when this one looks paid too.
        paid_memory = (self._learning.paid_choice_for(extraction, profile_id_final)
                       if self._learning is not None else None)
        deposit = prefill_deposit(extraction, profile, recipient if profile is None else None, routing,
                                  paid_cadre=paid_memory.paid_cadre if paid_memory is not None else None)
        if overrides:
            deposit = apply_changes(deposit, overrides)
        deposit.pieceJointePrincipale = DepositAttachment(designation=short_designation(name), sha256=sha256,
                                                          size=size)
        is_text_pdf = not any(p.code == "pdf_image" for p in extraction.problems)
        extraction_json = extraction.to_json()
        if routing and memory is not None:
            extraction_json["routing_memory"] = {
                "memory_id": memory.id, "buyer": memory.buyer_label, "taught_invoice_id": memory.taught_invoice_id,
                "taught_invoice_number": memory.taught_invoice_number, "fields": routing}
        if extraction_json.get("already_paid") is True:
            mention = printed_mention(extraction.words, (extraction_json.get("sources") or {}).get("already_paid"))
            if mention:
                extraction_json["paid_mention"] = mention
        if paid_memory is not None:
            extraction_json["paid_memory"] = {
                "memory_id": paid_memory.id, "cadre": paid_memory.paid_cadre,
                "taught_invoice_id": paid_memory.paid_taught_invoice_id,
                "taught_invoice_number": paid_memory.paid_taught_invoice_number}
        problems = self._checker.check(deposit, profile, extraction_json, profile_id_final, None,
                                       DocumentFacts(size=size, is_text_pdf=is_text_pdf))

        relative = self._store.documents.stage(path, sha256)
        try:
            with self._store.unit_of_work():
                self._store.documents.register(sha256=sha256, size=size, original_name=name,
                                               relative_path=relative, is_text_pdf=is_text_pdf,
                                               page_count=extraction.page_count or None)
                invoice_id = self._store.invoices.insert(
                    profile_id=profile_id_final, document_sha256=sha256, state=InvoiceState.BROUILLON,
                    deposit=deposit, extraction=extraction_json, problems=problems,
                    supplier_siret=extraction_value(extraction_json, "supplier_siret"),
                    recipient_name=(recipient.name if recipient and recipient.name else extraction.value("buyer")),
                )
                if extraction.words:
                    self._store.learning.save_printed(invoice_id, extraction.fingerprint, extraction.words)
                self._store.history.add(invoice_id, InvoiceState.BROUILLON, "local",
                                        texts.render("historique_importee", name=name))
        except AlreadyStoredError:  # the same file was imported by another process meanwhile
            existing = self._store.invoices.id_for_document(sha256)
            return ImportOutcome(path, "duplicate", existing, texts.render("deja_importee", invoice_id=existing))
        blocking = sum(p.blocking for p in problems)
        message = (texts.render("importee_bloquante", invoice_id=invoice_id, blocking=blocking) if blocking
                   else texts.render("importee", invoice_id=invoice_id))
        return ImportOutcome(path, "imported", invoice_id, message, problems)

    def _already_imported(self, path: Path, invoice_id: int) -> ImportOutcome:
        """The same content is stored already; if its copy went missing from documents/, put it back."""
        record = self._store.invoices.get(invoice_id)
        if self._store.documents.is_present(record.document):
            return ImportOutcome(path, "duplicate", invoice_id, texts.render("deja_importee", invoice_id=invoice_id))
        self._store.documents.restore_file(path, record.document)
        self._store.invoices.save_problems(invoice_id, self._checker.problems_for(record, record.deposit))
        return ImportOutcome(path, "duplicate", invoice_id, texts.render("pdf_remis_en_place", invoice_id=invoice_id))

    def _remembered_routing(self, extraction: ExtractionResult, profile_id: int | None, overrides: dict[str, Any]
                            ) -> tuple[RoutingMemory | None, dict[str, str]]:
        """The routing remembered for the printed buyer, minus what the import options set; none when the
        options choose another recipient (the buyer's code service is not that recipient's)."""
        remembered = self._learning.routing_for(extraction, profile_id) if self._learning is not None else None
        if remembered is None:
            return None, {}
        memory, routing = remembered
        chosen = overrides.get("codeDestinataire")
        if chosen and chosen != routing.get("codeDestinataire"):
            return None, {}
        return memory, {name: value for name, value in routing.items() if name not in overrides}

    def _profile_for_import(self, profile_id: int | None, extraction: ExtractionResult) -> Profile | None:
        if profile_id is not None:
            return self._store.profiles.get(profile_id)
        profiles = self._store.profiles.list()
        siret = str(extraction.value("supplier_siret") or "").replace(" ", "")
        vat = str(extraction.value("supplier_vat") or "").replace(" ", "").upper()
        for profile in profiles:
            if siret and (profile.siret == siret or (len(siret) == 9 and profile.siret.startswith(siret))):
                return profile
        for profile in profiles:
            if vat and profile.vat_number and profile.vat_number.upper() == vat:
                return profile
        # The supplier guard: an invoice whose printed issuer matches no profile is never given another
        # company's profile; only when nothing identifies the issuer does the single profile apply.
        return profiles[0] if len(profiles) == 1 and not (siret or vat) else None
