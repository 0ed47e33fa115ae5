""" "Mina uppgifter": what is stored about the manager, how it is processed (GDPR art. 13), and erasing it
after a clear question."""

from __future__ import annotations

from datetime import date

from bot import commands
from bot.cards.common import Card, card, fact, heading, open_url, paragraph, submit, typed_text
from domain.privacy_notice import PrivacyNotice
from services.privacy import PersonalData, StoredPerson
from texts import Texts

FILE_CONSENT_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.info"
EXPORT_CONTEXT = {"kvalitetslotsen": "my_data_export"}  # says which offer was answered, never whose data


def _reminders(texts: Texts, person: StoredPerson) -> str:
    switch = (
        texts.t("my_data.reminders_off", day=texts.date(person.reminders_off_at))
        if person.reminders_off_at
        else texts.t("my_data.reminders_on")
    )
    if person.last_reminded_at is None:
        return switch
    return texts.t("my_data.last_reminded", switch=switch, day=texts.date(person.last_reminded_at))


def privacy_notice_block(texts: Texts, notice: PrivacyNotice) -> list[Card]:
    """Who is responsible, why, for how long, whom to ask and where to complain; what is not configured (only
    outside production) is left out rather than shown as a placeholder."""
    retention = (
        texts.t("privacy.retention.months", months=texts.whole(notice.retention_months))
        if notice.retention_months
        else texts.t("privacy.retention.off")
    )
    lines = [
        texts.t("privacy.controller", controller=notice.controller) if notice.controller else None,
        texts.t("privacy.basis"),
        retention,
        texts.t("privacy.dpo", contact=notice.dpo_contact) if notice.dpo_contact else None,
        texts.t("privacy.rights"),
    ]
    return [
        paragraph(texts.t("privacy.title"), weight="Bolder", spacing="Medium"),
        *(paragraph(line, spacing="Small") for line in lines if line),
    ]


def read_more(texts: Texts, notice: PrivacyNotice) -> list[Card]:
    """The municipality's own page on personal data, when it has one configured."""
    return [open_url(texts.t("privacy.read_more"), notice.privacy_url)] if notice.privacy_url else []


def my_data_card(texts: Texts, data: PersonalData, notice: PrivacyNotice) -> Card:
    person = data.person
    facts = [
        fact(texts.t("my_data.name"), person.display_name or "–"),
        fact(texts.t("my_data.teams_id"), person.teams_user_id),
        fact(texts.t("my_data.aad_id"), person.aad_object_id or "–"),
        fact(texts.t("my_data.language"), person.locale or "–"),
        fact(texts.t("my_data.first_seen"), texts.date(person.first_seen)),
        fact(texts.t("my_data.last_seen"), texts.date(person.last_seen)),
        fact(texts.t("my_data.reminders"), _reminders(texts, person)),
        fact(texts.t("my_data.units"), ", ".join(data.units) or "–"),
    ]
    body: list[Card] = [*heading(texts.t("my_data.title")), {"type": "FactSet", "facts": facts}]
    body.append(paragraph(texts.t("my_data.assessments"), weight="Bolder", spacing="Medium"))
    for a in data.assessments:
        line = texts.t(
            "my_data.assessment_line",
            unit=a.unit,
            period=a.period,
            version=a.version,
            comments=a.comments,
            ideas=a.ideas,
        )
        body.append(paragraph(line, spacing="None"))
    if not data.assessments:
        body.append(paragraph("–", spacing="None"))
    body.append(paragraph(texts.t("my_data.requests"), weight="Bolder", spacing="Medium"))
    for r in data.requests:
        body.append(
            typed_text(f"{r.reference} ({texts.t(f'request.status.{r.status}')})", r.description, spacing="None")
        )
    if not data.requests:
        body.append(paragraph("–", spacing="None"))
    body.append(paragraph(texts.t("my_data.export_note"), spacing="Medium"))
    body.append(paragraph(texts.t("my_data.why"), spacing="Medium"))
    body.extend(privacy_notice_block(texts, notice))
    return card(
        body,
        [
            submit(texts.t("my_data.export"), {"action": commands.EXPORT_ME}, validate=False),
            submit(texts.t("my_data.erase"), {"action": commands.ERASE_ME}, style="destructive", validate=False),
            *read_more(texts, notice),
            submit(texts.t("menu.open"), {"action": commands.MENU}),
        ],
    )


def erase_question_card(texts: Texts) -> Card:
    return card(
        [*heading(texts.t("my_data.erase_title")), paragraph(texts.t("my_data.erase_explained"))],
        [
            submit(
                texts.t("my_data.erase_yes"), {"action": commands.ERASE_CONFIRMED}, style="destructive", validate=False
            ),
            submit(texts.t("my_data.erase_no"), {"action": commands.MENU}, validate=False),
        ],
    )


def export_file_name(texts: Texts, day: date) -> str:
    """kvalitetslotsen-mina-uppgifter-2026-11-25.json: what it is and from when, in the manager's language."""
    return texts.t("my_data.export_file_name", date=day.isoformat())


def file_consent_card(texts: Texts, name: str, size_in_bytes: int) -> Card:
    """Teams' request to put a file in the manager's OneDrive (the attachment as a whole, not an Adaptive Card).

    Both contexts are the same fixed marker: the answer is handled for whoever answers, so the card names no one.
    """
    return {
        "contentType": FILE_CONSENT_CONTENT_TYPE,
        "name": name,
        "content": {
            "description": texts.t("my_data.export_description"),
            "sizeInBytes": size_in_bytes,
            "acceptContext": dict(EXPORT_CONTEXT),
            "declineContext": dict(EXPORT_CONTEXT),
        },
    }


def file_info_card(*, name: str, content_url: str, unique_id: str, file_type: str) -> Card:
    """The uploaded file as Teams shows it: open, preview or download it from the manager's OneDrive."""
    return {
        "contentType": FILE_INFO_CONTENT_TYPE,
        "contentUrl": content_url,
        "name": name,
        "content": {"uniqueId": unique_id, "fileType": file_type},
    }
