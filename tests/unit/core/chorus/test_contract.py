"""What the client sends and what the simulator answers use the official Swagger's property names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from returnkit import sent_back

from chorus_desktop.sandbox.data import RECIPIENT_SERVICE_REQUIRED

SWAGGER_DIR = Path(__file__).resolve().parents[5] / "shared" / "chorus-pro" / "swagger"
FILES = {"factures": "api-chorus-pro-factures.swagger2.json", "structures": "api-chorus-pro-structures.swagger2.json"}


def load(family: str) -> dict[str, Any]:
    path = SWAGGER_DIR / FILES[family]
    if not path.exists():
        pytest.skip(f"Swagger introuvable : {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def unknown_keys(value: Any, schema: dict[str, Any], definitions: dict[str, Any], where: str) -> list[str]:
    """Keys of `value` the schema does not declare (recursively). Arrays where the spec has one object
    are accepted (pieceJointePrincipale: production clients send a one-element list, API-NOTES 14)."""
    if "$ref" in schema:
        schema = definitions[schema["$ref"].rsplit("/", 1)[-1]]
    if isinstance(value, list):
        item_schema = schema.get("items", schema)
        return [k for i, item in enumerate(value) for k in unknown_keys(item, item_schema, definitions, f"{where}[{i}]")]
    if not isinstance(value, dict) or "properties" not in schema:
        return []
    found = []
    for key, item in value.items():
        if key not in schema["properties"]:
            found.append(f"{where}.{key}")
        else:
            found.extend(unknown_keys(item, schema["properties"][key], definitions, f"{where}.{key}"))
    return found


def violations(world: World) -> tuple[set[str], list[str]]:
    """The API paths exchanged with the simulator, and every property the Swagger does not declare."""
    checked = set()
    problems: list[str] = []
    for path, body, answer in world.sim.exchanges:
        family, _, rest = path.partition("/")
        if family not in FILES:
            continue  # no published Swagger for transverses / utilisateurs
        spec = load(family)
        operation = spec["paths"]["/" + rest]["post"]
        request_schema = next(p["schema"] for p in operation["parameters"] if p["in"] == "body")
        problems += unknown_keys(body, request_schema, spec["definitions"], f"{path} (requête)")
        problems += unknown_keys(answer, operation["responses"]["200"]["schema"], spec["definitions"],
                                 f"{path} (réponse)")
        checked.add(path)
    return checked, problems


def test_returns_actions_follow_the_swagger(world: World, tmp_path: Path) -> None:
    recycle = sent_back(world, "CT-R1", "A_RECYCLER", "Service")
    complete = sent_back(world, "CT-R2", "SUSPENDUE", "BL")
    reject = sent_back(world, "CT-R3", "REJETEE", "Montant")
    piece = tmp_path / "bl.pdf"
    piece.write_bytes(b"%PDF-1.4 BL")
    chorus = world.chorus()
    chorus.recycling.recycle(recycle, {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED,
                                       "codeServiceExecutant": "SE-COMPTA", "numeroBonCommande": "EJ-1"}, "ok")
    chorus.completion.complete(complete, [piece], "BL joint")
    chorus.rejections.acknowledge_rejection(reject)
    checked, problems = violations(world)
    assert {"factures/v1/recycler", "factures/v1/completer", "factures/v1/traiterRejet"} <= checked
    assert problems == []


def test_bodies_and_answers_follow_the_swagger(world: World) -> None:
    invoice_id = world.add_invoice("CT-001")
    chorus = world.chorus()
    assert chorus.deposits.deposit([invoice_id])[0].ok
    world.sim.set_status(world.sim.backend.invoice_by_number("CT-001").id, "SUSPENDUE", "PJ")  # type: ignore[union-attr]
    chorus.sync.sync()
    chorus.connection_check.check_connection(world.profile_id)
    checked, problems = violations(world)
    assert {"factures/v1/soumettre", "factures/v1/rechercher/fournisseur", "factures/v1/consulter/historique",
            "structures/v1/rechercher", "structures/v1/consulter", "structures/v1/rechercher/services"} <= checked
    assert problems == []
