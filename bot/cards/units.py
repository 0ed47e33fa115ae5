"""Choosing a unit: förvaltning first, then enhet."""

from __future__ import annotations

from bot import commands
from bot.cards.common import Card, card, choice_set, heading, paragraph, submit
from domain.catalogue import Catalogue
from texts import Texts


def department_card(
    texts: Texts, catalogue: Catalogue, *, own_units: list[tuple[str, str]], only: frozenset[str] | None = None
) -> Card:
    """`own_units` are (key, name) of units the manager already leads: one click to pick one again.

    `only` are the unit keys the manager may choose (None: all); other förvaltningar are left out.
    """
    body = [*heading(texts.t("units.title")), paragraph(texts.t("units.department_intro"))]
    departments = [d for d in catalogue.departments if only is None or any(u.key in only for u in d.units)]
    body.append(
        choice_set(
            "department",
            texts.t("units.department_label"),
            [(d.name, d.key) for d in departments],
            error=texts.t("units.department_required"),
        )
    )
    action_list = [submit(texts.t("units.next"), {"action": commands.CHOOSE_DEPARTMENT}, style="positive")]
    if own_units:
        body.append(paragraph(texts.t("units.own_units"), weight="Bolder"))
        body.append(
            {
                "type": "ActionSet",
                "actions": [
                    submit(name, {"action": commands.CHOOSE_UNIT, "unit": key}, validate=False)
                    for key, name in own_units
                ],
            }
        )
    return card(body, action_list)


def unit_card(texts: Texts, catalogue: Catalogue, department_key: str, *, only: frozenset[str] | None = None) -> Card:
    """The förvaltning's units, or only those in `only` when the manager may lead just some."""
    department = catalogue.department(department_key)
    assert department is not None
    return card(
        [
            *heading(texts.t("units.title"), subtitle=department.name),
            choice_set(
                "unit",
                texts.t("units.unit_label"),
                [(u.name, u.key) for u in department.units if only is None or u.key in only],
                error=texts.t("units.unit_required"),
            ),
        ],
        [
            submit(texts.t("units.choose"), {"action": commands.CHOOSE_UNIT}, style="positive"),
            submit(texts.t("units.back"), {"action": commands.BACK}, validate=False),
        ],
    )
