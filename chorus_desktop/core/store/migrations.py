"""Schema versions: `PRAGMA user_version` says which migrations ran; each runs in its own transaction.

To change the schema, append a migration (never edit a released one) and add a fixture database of the
previous version under tests/data/store/ so tests/unit/test_migrations.py opens and migrates it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from chorus_desktop.core.errors import EnvironmentFailure


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT the surrounding transaction; run statement by statement instead.
        for statement in _split(sql):
            conn.execute(statement)

    return apply


def _split(sql: str) -> list[str]:
    statements, current = [], []
    for line in sql.splitlines():
        current.append(line)
        candidate = "\n".join(current).strip()
        if candidate and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements


V1_SCHEMA = """
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    siret TEXT NOT NULL,
    vat_number TEXT,
    iban TEXT,
    chorus_supplier_id INTEGER,
    chorus_service_id INTEGER,
    chorus_bank_account_id INTEGER,
    default_vat_type TEXT NOT NULL DEFAULT 'TVA_SUR_DEBIT',
    default_payment_mode TEXT NOT NULL DEFAULT 'VIREMENT',
    settings_json TEXT NOT NULL DEFAULT '{}',
    last_sync_at TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE recipients (
    id INTEGER PRIMARY KEY,
    siret TEXT NOT NULL UNIQUE,
    name TEXT,
    chorus_structure_id INTEGER,
    services_json TEXT NOT NULL DEFAULT '[]',
    service_required INTEGER,
    engagement_required INTEGER,
    service_or_engagement INTEGER,
    active INTEGER,
    last_service_code TEXT,
    last_engagement TEXT,
    checked_at TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    relative_path TEXT NOT NULL,
    is_text_pdf INTEGER,
    page_count INTEGER,
    created_at TEXT NOT NULL
);

-- Files being copied into documents/ by a running import; a crashed import leaves a row here and the
-- next store opening deletes the file unless a document row claims it.
CREATE TABLE pending_documents (
    sha256 TEXT PRIMARY KEY,
    relative_path TEXT NOT NULL,
    pid INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    profile_id INTEGER REFERENCES profiles(id) ON DELETE RESTRICT,
    document_sha256 TEXT NOT NULL UNIQUE REFERENCES documents(sha256) ON DELETE RESTRICT,
    state TEXT NOT NULL,
    -- denormalised from the deposit, for the list, search and the duplicate-number rule
    invoice_number TEXT,
    invoice_date TEXT,
    recipient_siret TEXT,
    recipient_name TEXT,
    total_ttc_cents INTEGER,
    supplier_siret TEXT,
    extraction_json TEXT NOT NULL,
    deposit_json TEXT NOT NULL,
    problems_json TEXT NOT NULL DEFAULT '[]',
    blocking_count INTEGER NOT NULL DEFAULT 0,
    warning_count INTEGER NOT NULL DEFAULT 0,
    chorus_invoice_id INTEGER,
    chorus_certificate TEXT,
    chorus_deposited_at TEXT,
    chorus_status_code TEXT,
    chorus_checked_at TEXT,
    state_changed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The list sorted by date (newest first), whole or filtered by state.
CREATE INDEX invoices_by_date ON invoices (invoice_date, id);
CREATE INDEX invoices_by_state_date ON invoices (state, invoice_date, id);
CREATE INDEX invoices_by_profile_number ON invoices (profile_id, invoice_number);
CREATE INDEX invoices_by_number ON invoices (invoice_number);
CREATE INDEX invoices_by_amount ON invoices (total_ttc_cents);
CREATE INDEX invoices_by_recipient ON invoices (recipient_siret);
CREATE UNIQUE INDEX invoices_by_chorus_id ON invoices (chorus_invoice_id) WHERE chorus_invoice_id IS NOT NULL;

CREATE TABLE state_history (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    chorus_code TEXT,
    at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('local', 'chorus')),
    comment TEXT
);
CREATE INDEX state_history_by_invoice ON state_history (invoice_id, id);

-- Count per state for the dashboard, kept by triggers so it costs one tiny read at any store size.
CREATE TABLE state_counts (
    state TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
CREATE TRIGGER invoices_count_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO state_counts (state, count) VALUES (NEW.state, 1)
        ON CONFLICT (state) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER invoices_count_delete AFTER DELETE ON invoices BEGIN
    UPDATE state_counts SET count = count - 1 WHERE state = OLD.state;
END;
CREATE TRIGGER invoices_count_update AFTER UPDATE OF state ON invoices WHEN OLD.state <> NEW.state BEGIN
    UPDATE state_counts SET count = count - 1 WHERE state = OLD.state;
    INSERT INTO state_counts (state, count) VALUES (NEW.state, 1)
        ON CONFLICT (state) DO UPDATE SET count = count + 1;
END;
"""

V2_PROFILE_LIST = """
-- The list filtered by supplier profile (an accountant works one client company at a time), by date.
CREATE INDEX invoices_by_profile_date ON invoices (profile_id, invoice_date, id);
-- Sync asks Chorus about deposited invoices not yet final: find them without scanning drafts.
CREATE INDEX invoices_by_chorus_state ON invoices (state) WHERE chorus_invoice_id IS NOT NULL;
"""

V3_SUPPLIER_CONFIRMED = """
-- The supplier printed on the PDF, confirmed by the user as the profile's own (confirm-supplier): the
-- mismatch then no longer blocks the deposit.
ALTER TABLE invoices ADD COLUMN supplier_confirmed TEXT;
"""

V4_RETURNS_AND_PAYMENT_CLOCK = """
-- What kind of public buyer a recipient is (its legal payment delay: 30, 50 or 60 days; NULL = guessed
-- from its name) and a shorter delay its contract sets (NULL = the legal one).
ALTER TABLE recipients ADD COLUMN buyer_kind TEXT;
ALTER TABLE recipients ADD COLUMN payment_delay_days INTEGER;
-- When the supplier acknowledged a rejection on Chorus Pro (factures/v1/traiterRejet): done once.
ALTER TABLE invoices ADD COLUMN rejection_handled_at TEXT;
"""

# Writing invoices (issue 15): the seller's printed identity on the profile, gap-free number series, and the
# documents the app wrote (their input data beside the stored PDF). Numbers and written documents are never
# deleted: a wrong invoice is cancelled by an avoir.
INVOICE_WRITING_SCHEMA = """
ALTER TABLE profiles ADD COLUMN legal_name TEXT;
ALTER TABLE profiles ADD COLUMN address TEXT;
ALTER TABLE profiles ADD COLUMN bic TEXT;
ALTER TABLE profiles ADD COLUMN legal_form TEXT;
ALTER TABLE profiles ADD COLUMN capital TEXT;
ALTER TABLE profiles ADD COLUMN rcs TEXT;
ALTER TABLE profiles ADD COLUMN logo_path TEXT;
ALTER TABLE profiles ADD COLUMN vat_regime TEXT;
ALTER TABLE profiles ADD COLUMN number_patterns_json TEXT NOT NULL DEFAULT '{}';

-- The last number used per profile, series and period (the year when the pattern has one, else '').
CREATE TABLE number_counters (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE RESTRICT,
    series TEXT NOT NULL,
    period TEXT NOT NULL,
    last_number INTEGER NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (profile_id, series, period)
);
CREATE TRIGGER number_counters_never_back BEFORE UPDATE ON number_counters
    WHEN NEW.last_number < OLD.last_number BEGIN
    SELECT RAISE(ABORT, 'numero_jamais_reutilise');
END;
CREATE TRIGGER number_counters_never_deleted BEFORE DELETE ON number_counters BEGIN
    SELECT RAISE(ABORT, 'numero_jamais_supprime');
END;

CREATE TABLE written_documents (
    invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id) ON DELETE RESTRICT,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE RESTRICT,
    kind TEXT NOT NULL,
    series TEXT NOT NULL,
    number TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE RESTRICT,
    model_json TEXT NOT NULL,
    origin_invoice_id INTEGER REFERENCES invoices(id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL,
    UNIQUE (profile_id, number)
);
CREATE INDEX written_documents_by_origin ON written_documents (origin_invoice_id);
CREATE TRIGGER written_documents_never_deleted BEFORE DELETE ON written_documents BEGIN
    SELECT RAISE(ABORT, 'numero_jamais_supprime');
END;
"""

V6_SEND_ATTEMPTED = """
-- When `soumettre` last left for this invoice while Chorus Pro's answer is not known (cleared when the
-- outcome is certain): such an invoice may be held by Chorus Pro even in "Erreur d'envoi", so it is
-- looked up again (sync, next deposit) instead of being sent twice or renumbered.
ALTER TABLE invoices ADD COLUMN send_attempted_at TEXT;
CREATE INDEX invoices_send_attempted ON invoices (state) WHERE send_attempted_at IS NOT NULL;
"""

V7_LEARNING = """
-- What an imported invoice printed where (upright words of the pages read) and its layout fingerprint,
-- so that validating it can teach its layout.
CREATE TABLE invoice_layouts (
    invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id) ON DELETE CASCADE,
    fingerprint_json TEXT NOT NULL,
    words_json TEXT NOT NULL
);
-- Supplier layouts learned from validated invoices, per supplier profile (profile_key 0: no profile).
CREATE TABLE layout_memories (
    id INTEGER PRIMARY KEY,
    profile_key INTEGER NOT NULL,
    supplier_key TEXT NOT NULL,
    supplier_name TEXT,
    fingerprint_json TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    taught_invoice_id INTEGER REFERENCES invoices(id) ON DELETE SET NULL,
    taught_invoice_number TEXT,
    uses INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX layout_memories_by_supplier ON layout_memories (profile_key, supplier_key);
-- The routing chosen for a buyer printed on the invoice, per supplier profile.
CREATE TABLE routing_memories (
    id INTEGER PRIMARY KEY,
    profile_key INTEGER NOT NULL,
    buyer_key TEXT NOT NULL,
    buyer_label TEXT NOT NULL,
    routing_json TEXT NOT NULL,
    printed_json TEXT NOT NULL,
    engagement_recurs INTEGER NOT NULL DEFAULT 0,
    taught_invoice_id INTEGER REFERENCES invoices(id) ON DELETE SET NULL,
    taught_invoice_number TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (profile_key, buyer_key)
);
"""

V8_PAID_CHOICE = """
-- The cadre the user kept for the last validated invoice of a learned layout that looked paid (A2 « facture
-- déjà payée », or A1... when it was to be paid after all) and the invoice that taught it: the next invoice
-- of the layout that looks paid is prepared with it.
ALTER TABLE layout_memories ADD COLUMN paid_cadre TEXT;
ALTER TABLE layout_memories ADD COLUMN paid_taught_invoice_id INTEGER REFERENCES invoices(id) ON DELETE SET NULL;
ALTER TABLE layout_memories ADD COLUMN paid_taught_invoice_number TEXT;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "profiles, recipients, documents, invoices, history, dashboard counts", _script(V1_SCHEMA)),
    Migration(2, "indexes for the per-profile list and for sync", _script(V2_PROFILE_LIST)),
    Migration(3, "the printed supplier confirmed by the user", _script(V3_SUPPLIER_CONFIRMED)),
    Migration(4, "recipients' payment delays, rejections handled", _script(V4_RETURNS_AND_PAYMENT_CLOCK)),
    Migration(5, "invoice writing: seller identity, number series, written documents",
              _script(INVOICE_WRITING_SCHEMA)),
    Migration(6, "marker of a soumettre whose outcome is unknown", _script(V6_SEND_ATTEMPTED)),
    Migration(7, "learned supplier layouts and customer routings", _script(V7_LEARNING)),
    Migration(8, "the cadre kept for paid invoices, per learned layout", _script(V8_PAID_CHOICE)),
)
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Bring the database to LATEST_VERSION; returns the versions applied. Refuses a newer database."""
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise EnvironmentFailure(
            f"La base de données a été créée par une version plus récente de Chorus Desktop (schéma {current}, "
            f"cette version connaît le schéma {LATEST_VERSION}). Mettez l'application à jour.",
            code="schema_trop_recent",
        )
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if schema_version(conn) >= migration.version:
                conn.execute("ROLLBACK")
                continue
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {migration.version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(migration.version)
    return applied
