"""Same-layout series for the learning tests and benchmark: one hold-out template printed several times
for one supplier and one buyer (pinned), the other values (number, date, lines, amounts) drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import holdout_invoices as holdout


class PinnedValues(holdout.Values):
    """One supplier and one buyer per kind of buyer (public, private...) for the whole series."""

    def __init__(self, seed: int, supplier: holdout.Party, buyers: dict[Any, holdout.Party], buyer_seed: int) -> None:
        super().__init__(seed)
        self.supplier, self.buyers, self.buyer_seed = supplier, buyers, buyer_seed

    def party(self, names: tuple[str, ...], public: bool = False) -> holdout.Party:
        if names is holdout.SUPPLIER_NAMES:
            return self.supplier
        if names not in self.buyers:
            self.buyers[names] = holdout.Values(self.buyer_seed + len(self.buyers)).party(names, public)
        return self.buyers[names]


def write_series(template: Any, folder: Path, count: int, *, seed: int = 0, buyer_seed: int = 2000,
                 supplier: holdout.Party | None = None, prefix: str = "") -> list[tuple[Path, dict[str, Any]]]:
    """`count` invoices of `template` for one supplier and one buyer (drawn from `buyer_seed`): paths and truths."""
    folder.mkdir(parents=True, exist_ok=True)
    supplier = supplier or holdout.Values(1000 + seed).party(holdout.SUPPLIER_NAMES)
    buyers: dict[Any, holdout.Party] = {}
    out = []
    for copy in range(count):
        pdf, truth = template(PinnedValues(seed * 100 + copy, supplier, buyers, buyer_seed))
        path = folder / f"{prefix}{template.__name__}-{copy}.pdf"
        path.write_bytes(pdf)
        out.append((path, truth))
    return out


def supplier_of(seed: int) -> holdout.Party:
    return holdout.Values(1000 + seed).party(holdout.SUPPLIER_NAMES)
