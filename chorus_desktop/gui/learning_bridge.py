"""What the app learned (issue 12), for the « Modèles appris » dialog (the form's marks come with its
`DepositView`, filled by `Bridge._learned_marks`). Blocking calls run by the task runner; plain views
out, no Qt, no rule (the core's `learning` use case decides what is learned and used)."""

from __future__ import annotations

from dataclasses import dataclass, field

from chorus_desktop.gui import messages
from chorus_desktop.wiring import AppContext

# How the dialog names the learned fields (extraction names) and the routing fields (API names).
LEARNED_FIELD_LABELS = {"invoice_number": messages.FIELD_NUMERO, "date": messages.FIELD_DATE,
                        "total_ht": messages.FIELD_HT, "total_tva": messages.FIELD_TVA,
                        "total_ttc": messages.FIELD_TTC}
ROUTING_FIELD_LABELS = {"codeDestinataire": messages.FIELD_DESTINATAIRE, "codeServiceExecutant": messages.FIELD_SERVICE,
                        "numeroBonCommande": messages.FIELD_ENGAGEMENT, "codeCadreFacturation": messages.FIELD_CADRE}


@dataclass(frozen=True)
class LearnedLayoutView:
    memory_id: int
    profile: str
    supplier: str
    taught_number: str
    fields: str  # French labels of the learned fields
    uses: int


@dataclass(frozen=True)
class LearnedRoutingView:
    memory_id: int
    profile: str
    buyer: str
    taught_number: str
    routing: str  # « SIRET du destinataire : …, Code service : … »


@dataclass
class LearnedLists:
    layouts: list[LearnedLayoutView] = field(default_factory=list)
    routings: list[LearnedRoutingView] = field(default_factory=list)


class LearningBridge:
    """Listing and forgetting what was learned, over the core's `learning` use case."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def learned(self) -> LearnedLists:
        names = {p.id: p.name for p in self.context.profiles.list_profiles()}

        def profile(profile_id: int | None) -> str:
            return names.get(profile_id, messages.LEARNED_NO_PROFILE) if profile_id is not None \
                else messages.LEARNED_NO_PROFILE

        learning = self.context.learning
        layouts = [LearnedLayoutView(
            memory_id=m.id, profile=profile(m.profile_id),
            supplier=m.supplier_name or m.supplier_key.split(":", 1)[-1] or messages.LEARNED_UNKNOWN,
            taught_number=m.taught_invoice_number or messages.LEARNED_UNKNOWN,
            fields=", ".join(LEARNED_FIELD_LABELS.get(name, name) for name in sorted(
                m.fields, key=lambda n: list(LEARNED_FIELD_LABELS).index(n) if n in LEARNED_FIELD_LABELS else 99)),
            uses=m.uses) for m in learning.layouts()]
        routings = [LearnedRoutingView(
            memory_id=m.id, profile=profile(m.profile_id), buyer=m.buyer_label or messages.LEARNED_BUYER_HEADER,
            taught_number=m.taught_invoice_number or messages.LEARNED_UNKNOWN,
            routing=", ".join(f"{ROUTING_FIELD_LABELS.get(k, k)} : {v}" for k, v in m.applied_routing().items()))
            for m in learning.routings()]
        return LearnedLists(layouts, routings)

    def forget_layout(self, memory_id: int) -> LearnedLists:
        self.context.learning.forget_layout(memory_id)
        return self.learned()

    def forget_routing(self, memory_id: int) -> LearnedLists:
        self.context.learning.forget_routing(memory_id)
        return self.learned()
