"""The menu and the help text."""

from __future__ import annotations

from bot import commands
from bot.cards.common import Card, card, fact, heading, paragraph, submit
from bot.cards.privacy import read_more
from domain.catalogue import Scale
from domain.privacy_notice import PrivacyNotice
from texts import Texts


def menu_card(texts: Texts, *, unit_name: str | None) -> Card:
    unit_line = texts.t("menu.unit", unit=unit_name) if unit_name else texts.t("menu.no_unit")
    # Teams shows at most six actions under a card: the work group's assessment is a button of the body
    group = submit(texts.t("menu.group_round"), {"action": commands.GROUP_ROUND})
    actions = submit(texts.t("menu.my_actions"), {"action": commands.MY_ACTIONS})
    return card(
        [
            *heading(texts.t("menu.title")),
            paragraph(unit_line, isSubtle=True, spacing="None"),
            {"type": "ActionSet", "actions": [group, actions]},
        ],
        [
            submit(texts.t("menu.assessment"), {"action": commands.ASSESSMENT}, style="positive"),
            submit(texts.t("menu.order"), {"action": commands.ORDER}),
            submit(texts.t("menu.my_requests"), {"action": commands.MY_REQUESTS}),
            submit(texts.t("menu.my_results"), {"action": commands.MY_RESULTS}),
            submit(texts.t("menu.change_unit"), {"action": commands.CHANGE_UNIT}),
            submit(texts.t("menu.help"), {"action": commands.HELP}),
        ],
    )


def help_card(texts: Texts, scale: Scale, notice: PrivacyNotice) -> Card:
    language = texts.language
    intro = texts.t(
        "help.intro",
        lowest=scale.minimum,
        highest=scale.maximum,
        lowest_label=scale.label(scale.minimum).get(language),
        highest_label=scale.label(scale.maximum).get(language),
        not_applicable=scale.not_applicable.get(language),
    )
    facts = [
        fact(texts.t(f"help.command.{name}"), texts.t(f"help.explain.{name}"))
        for name in (
            "menu",
            "assessment",
            "order",
            "my_requests",
            "my_results",
            "group_round",
            "action_plan",
            "my_actions",
            "change_unit",
            "my_data",
            "reminders",
            "cancel",
            "help",
        )
    ]
    return card(
        [
            *heading(texts.t("help.title")),
            paragraph(intro),
            {"type": "FactSet", "facts": facts},
            paragraph(texts.t("help.saving"), isSubtle=True),
            paragraph(texts.t("help.privacy"), isSubtle=True),
        ],
        [submit(texts.t("menu.open"), {"action": commands.MENU}), *read_more(texts, notice)],
    )
