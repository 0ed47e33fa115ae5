"""The administrator's cards: their menu, and who is an administrator or in the central team, giving or taking a
role."""

from __future__ import annotations

from bot import commands
from bot.cards.common import Card, about, card, heading, paragraph, submit
from domain.roles import Role
from services.roles import RoleHolder
from texts import Texts

PERSON_INPUT, ROLE_INPUT = "role_person", "role_kind"


# Each a command an administrator types
ADMIN_MENU = ("catalogue", "unit_managers", "roles", "erasures", "log", "log_export")


def admin_menu_card(texts: Texts) -> Card:
    """What an administrator can do in this chat. Each button writes its command in the chat as if typed (imBack),
    so the menu and typing are one way in, and the menu grants nothing: every command checks the role itself."""
    body: list[Card] = [*heading(texts.t("admin.title")), paragraph(texts.t("admin.intro"), isSubtle=True)]
    body += [paragraph(texts.t(f"admin.explain.{item}"), spacing="Small") for item in ADMIN_MENU]
    actions = [
        {
            "type": "Action.Submit",
            "title": texts.plain(f"admin.button.{item}"),
            "data": {"msteams": {"type": "imBack", "value": texts.plain(f"admin.command.{item}")}},
        }
        for item in ADMIN_MENU
    ]
    return card(body, actions)


def roles_card(texts: Texts, holders: list[RoleHolder], *, notice: str | None = None) -> Card:
    body: list[Card] = [*heading(texts.t("roles.title")), paragraph(texts.t("roles.intro"), isSubtle=True)]
    if notice:
        body.append(paragraph(notice, weight="Bolder", color="Accent"))
    for role in Role:
        body.append(paragraph(texts.t(f"roles.{role}"), weight="Bolder", spacing="Medium"))
        held = [holder for holder in holders if holder.role == role]
        body.extend(_holder(texts, holder) for holder in held)
        if not held:
            body.append(paragraph(texts.t("roles.nobody"), isSubtle=True, spacing="None"))
    body += [
        paragraph(texts.t("roles.add_title"), weight="Bolder", spacing="Large"),
        people_picker(PERSON_INPUT, texts.t("roles.person"), texts.t("roles.person_placeholder")),
        {
            "type": "Input.ChoiceSet",
            "id": ROLE_INPUT,
            "label": texts.t("roles.role"),
            "style": "expanded",
            "isRequired": True,
            "value": Role.CENTRAL_TEAM.value,
            "choices": [{"title": texts.t(f"roles.one.{role}"), "value": role.value} for role in Role],
        },
    ]
    return card(body, [submit(texts.t("roles.add"), {"action": commands.ROLE_GIVE})])


def people_picker(input_id: str, label: str, placeholder: str) -> Card:
    """Teams' people picker: a search in the organisation that answers with the person's Entra object id."""
    return {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "placeholder": placeholder,
        "isRequired": True,
        "choices": [],
        "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users"},
    }


def _holder(texts: Texts, holder: RoleHolder) -> Card:
    """A name as plain text (a TextRun is never markdown), what gave the role, and a button unless configured."""
    if holder.from_configuration:
        how = [texts.plain("roles.from_configuration")]
    elif holder.added_by and holder.added_at:
        how = [texts.plain("roles.given_by", by=holder.added_by, day=texts.date(holder.added_at))]
    else:
        how = [texts.plain("roles.given")]
    if holder.name is None:  # shown by its Entra id until the person writes to the bot
        how.append(texts.plain("roles.unknown_name"))
    line: Card = {
        "type": "RichTextBlock",
        "inlines": [
            {"type": "TextRun", "text": holder.name or holder.aad_object_id},
            {"type": "TextRun", "text": " · " + "; ".join(how), "isSubtle": True},
        ],
    }
    if holder.from_configuration:
        return {"type": "Container", "spacing": "Small", "items": [line]}
    remove = about(
        texts,
        submit(
            texts.t("roles.remove"),
            {"action": commands.ROLE_TAKE, "role": holder.role.value, "person": holder.aad_object_id},
            validate=False,
        ),
        holder.name or holder.aad_object_id,
    )
    return {
        "type": "ColumnSet",
        "spacing": "Small",
        "columns": [
            {"type": "Column", "width": "stretch", "verticalContentAlignment": "Center", "items": [line]},
            {"type": "Column", "width": "auto", "items": [{"type": "ActionSet", "actions": [remove]}]},
        ],
    }
