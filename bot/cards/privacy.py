""" "Mina uppgifter": what is stored about the manager, how it is processed (GDPR art. 13), and asking to have it
erased after a clear question; the administrators' card that decides such a request, and the manager's answer."""

from __future__ import annotations

from datetime import date

from bot import commands
from bot.cards.common import Card, card, fact, heading, open_url, paragraph, submit, typed_text
from domain.catalogue import Catalogue
from domain.erasure import REASON_MAX_LENGTH
from domain.privacy_notice import PrivacyNotice
from services.erasures import DECLINED, PSEUDONYMISED, ErasureFiled, ErasureRequestView
from services.privacy import PersonalData, StoredGroupRound, StoredPerson
from texts import Markdown, Texts

PSEUDONYMISE_VERB = "erasure.pseudonymise"  # an administrator's decisions on an erasure request
DECLINE_VERB = "erasure.decline"
ERASURE_VERBS = (PSEUDONYMISE_VERB, DECLINE_VERB)
ERASURE_REQUEST_KEY = "erasure_request_id"
REASON_INPUT = "reason"


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
        texts.t("privacy.retention.months", months=texts.count(notice.retention_months, "month"))
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


def my_data_card(texts: Texts, data: PersonalData, notice: PrivacyNotice, catalogue: Catalogue | None = None) -> Card:
    """What is stored about the manager; with `catalogue`, periods by their names."""
    person = data.person
    facts = [
        fact(texts.t("my_data.name"), person.display_name or "–"),
        fact(texts.t("my_data.ids"), texts.t("my_data.ids_value")),
        fact(texts.t("my_data.language"), person.locale or "–"),
        fact(texts.t("my_data.first_seen"), texts.date(person.first_seen)),
        fact(texts.t("my_data.last_seen"), texts.date(person.last_seen)),
        fact(texts.t("my_data.reminders"), _reminders(texts, person)),
        fact(texts.t("my_data.units"), ", ".join(data.units) or "–"),
    ]
    body: list[Card] = [*heading(texts.t("my_data.title")), {"type": "FactSet", "facts": facts}, *_ids(texts, person)]
    body.append(paragraph(texts.t("my_data.assessments"), weight="Bolder", spacing="Medium"))
    for a in data.assessments:
        line = texts.t(
            "my_data.assessment_line",
            unit=a.unit,
            period=catalogue.period_name(a.period, texts.language) if catalogue else a.period,
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
    if data.group_rounds:
        body.append(paragraph(texts.t("my_data.group_rounds"), weight="Bolder", spacing="Medium"))
        body.extend(_group_round(texts, g, catalogue) for g in data.group_rounds)
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


IDS_ID = "my-data-ids"  # the container "Visa id:n" shows and hides


def _ids(texts: Texts, person: StoredPerson) -> list[Card]:
    """The two ids, each with what it is for, behind a toggle: a raw "29:1a2b…" means nothing to a manager
    reading their data, and is there for the one who asks for it."""
    toggle = {"type": "Action.ToggleVisibility", "title": texts.plain("my_data.ids_toggle"), "targetElements": [IDS_ID]}
    ids = [
        typed_text(texts.plain("my_data.teams_id_explained"), person.teams_user_id, spacing="Small"),
        typed_text(texts.plain("my_data.aad_id_explained"), person.aad_object_id or "–", spacing="Small"),
    ]
    return [
        {"type": "ActionSet", "actions": [toggle], "spacing": "Small"},
        {"type": "Container", "id": IDS_ID, "isVisible": False, "items": ids},
    ]


def _group_round(texts: Texts, round: StoredGroupRound, catalogue: Catalogue | None) -> Card:
    """A round the manager started: unit, period, where it stands and its days. The unit's name is shown as
    text (it comes from the catalogue's file, not from this card's markdown)."""
    period = catalogue.period_name(round.period, texts.language) if catalogue else round.period
    days = [texts.plain("my_data.group_round.started_on", day=texts.date(round.started_at))]
    if round.opened_at is not None:
        days.append(texts.plain("my_data.group_round.posted_on", day=texts.date(round.opened_at)))
    if round.ends_on is not None and round.closed_at is None:
        days.append(texts.plain("my_data.group_round.ends_on", day=round.ends_on.isoformat()))
    if round.closed_at is not None:
        days.append(texts.plain("my_data.group_round.closed_on", day=texts.date(round.closed_at)))
    state = texts.plain(f"my_data.group_round.state.{round.status}", count=texts.whole(round.answers))
    return typed_text(f"{round.unit} · {period}", " · ".join([state, *days]), spacing="None")


def erase_question_card(texts: Texts) -> Card:
    """What goes at once, what is a public record and waits for the administrators, and where the answer comes."""
    return card(
        [
            *heading(texts.t("my_data.erase_title")),
            paragraph(texts.t("my_data.erase_at_once")),
            paragraph(texts.t("my_data.erase_public_record")),
            paragraph(texts.t("my_data.erase_decision")),
            paragraph(texts.t("my_data.erase_cannot_undo"), weight="Bolder"),
        ],
        [
            submit(
                texts.t("my_data.erase_yes"), {"action": commands.ERASE_CONFIRMED}, style="destructive", validate=False
            ),
            submit(texts.t("my_data.erase_no"), {"action": commands.MENU}, validate=False),
        ],
    )


def erase_filed_text(texts: Texts, filed: ErasureFiled) -> str:
    """The answer to the manager's press: exactly what went now and that the request is filed, or that one
    waits already."""
    request = filed.request
    if filed.erased is None:
        return texts.t("my_data.erase_pending", day=texts.date(request.requested_at), deadline=request.answer_by)
    erased = filed.erased
    lines = [texts.t("my_data.erased.chat")]
    if erased.language:
        lines.append(texts.t("my_data.erased.language"))
    if erased.reminders:
        lines.append(texts.t("my_data.erased.reminders"))
    for key, count in (("comments", erased.comments), ("ideas", erased.ideas), ("drafts", erased.drafts)):
        if count:
            lines.append(texts.t(f"my_data.erased.{key}", count=texts.whole(count)))
    # The lines are this catalogue's own markdown (a list): joined, they stay markdown, not escaped text.
    return texts.t("my_data.erase_filed", erased=Markdown("\n".join(lines)), day=request.answer_by.isoformat())


def erasure_request_card(
    texts: Texts, request: ErasureRequestView, *, problem: str | None = None, notice: str | None = None
) -> Card:
    """An erasure request as an administrator decides it: who asked, when, by when to answer, what is erased
    already; while it waits, "Pseudonymisera nu" and "Avslå" with a required reason (Universal Actions, so the
    answer replaces this card). Names, units and the reason are shown as typed text: they come from outside."""
    body: list[Card] = []
    if problem:
        body.append(paragraph(problem, color="Attention", weight="Bolder"))
    if notice:  # a reminder that the last day to answer is near
        body.append(paragraph(notice, color="Warning", weight="Bolder"))
    body.extend(heading(texts.t("erasure.request_title")))
    body.append(typed_text(texts.t("erasure.who"), request.name or texts.t("erasure.nameless"), spacing="Small"))
    body.append(typed_text(texts.t("erasure.units"), ", ".join(request.units) or "–", spacing="Small"))
    body.append(typed_text(texts.t("erasure.asked"), texts.date(request.requested_at), spacing="Small"))
    body.append(typed_text(texts.t("erasure.answer_by"), request.answer_by.isoformat(), spacing="Small"))
    body.append(paragraph(texts.t("erasure.already_erased"), spacing="Medium"))
    if request.status == PSEUDONYMISED and request.decided_at is not None:
        by = request.decided_by_name or texts.plain("audit.actor.erased")
        body.append(_plain(texts.plain("erasure.pseudonymised", day=texts.date(request.decided_at), by=by)))
        return card(body)
    if request.status == DECLINED and request.decided_at is not None:
        by = request.decided_by_name or texts.plain("audit.actor.erased")
        said = texts.plain("erasure.declined", day=texts.date(request.decided_at), by=by)
        body.append(typed_text(said, request.reason or "–"))
        return card(body)
    body.append(paragraph(texts.t("erasure.choices"), spacing="Medium"))
    data = {ERASURE_REQUEST_KEY: request.id}
    decline: Card = {
        "type": "AdaptiveCard",
        "body": [
            {
                "type": "Input.Text",
                "id": REASON_INPUT,
                "label": texts.t("erasure.reason_label"),
                "placeholder": texts.t("erasure.reason_placeholder"),
                "isMultiline": True,
                "isRequired": True,
                "maxLength": REASON_MAX_LENGTH,
                "errorMessage": texts.t("erasure.reason_missing"),
            }
        ],
        "actions": [
            {"type": "Action.Execute", "title": texts.t("erasure.send_decline"), "verb": DECLINE_VERB, "data": data}
        ],
    }
    return card(
        body,
        [
            {
                "type": "Action.Execute",
                "title": texts.t("erasure.pseudonymise"),
                "verb": PSEUDONYMISE_VERB,
                "data": data,
                "style": "destructive",
            },
            {"type": "Action.ShowCard", "title": texts.t("erasure.decline"), "card": decline},
        ],
    )


def erasure_answer_card(texts: Texts, request: ErasureRequestView) -> Card:
    """The manager hears what the administrators decided on their request, and why (GDPR art. 12.3, 12.4)."""
    body: list[Card] = heading(texts.t("erasure.answer_title"))
    day = texts.date(request.requested_at)
    if request.status == PSEUDONYMISED:
        body.append(paragraph(texts.t("erasure.answer_pseudonymised", day=day)))
        return card(body)
    body.append(typed_text(texts.t("erasure.answer_declined", day=day), request.reason or "–"))
    body.append(paragraph(texts.t("erasure.answer_complaint"), spacing="Medium"))
    return card(body)


def _plain(text: str) -> Card:
    """A line that holds a name from outside: a TextRun is never read as markdown."""
    return {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text}]}


def export_file_name(texts: Texts, day: date) -> str:
    """kvalitetslotsen-mina-uppgifter-2026-11-25.json: what it is and from when, in the manager's language."""
    return texts.t("my_data.export_file_name", date=day.isoformat())
