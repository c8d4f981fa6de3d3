"""Publishing the example plans shipped in data/plans.example.json, where they are missing."""

from __future__ import annotations

import json
from pathlib import Path

from domain.application import ClaimsApplication
from domain.kernel.actors import Actor, Role
from domain.policies.plans import PlanTerms, plan_id

EXAMPLE_PLANS = Path(__file__).resolve().parents[1] / "data" / "plans.example.json"
SEEDER = Actor("system-seed", Role.ADMIN)


def example_plans(path: Path = EXAMPLE_PLANS) -> list[PlanTerms]:
    return [PlanTerms.from_dict(p) for p in json.loads(path.read_text(encoding="utf-8"))["plans"]]


def seed_example_plans(app: ClaimsApplication, path: Path = EXAMPLE_PLANS) -> list[str]:
    published = []
    known = {plan.id for plan in app.plans()}
    for terms in example_plans(path):
        if plan_id(terms.product, terms.code) not in known:
            app.publish_plan(terms, SEEDER)
            published.append(f"{terms.product}/{terms.code}")
    return published
