"""The question "Vad kan vi sluta göra?" on the cards: on the summary card, above its buttons and sent with
"Skicka in"; the answer given, on the summary of a submitted assessment, the central team's card and `rapport`.

Pure: the summary card in, the card with the question out, so the summary's own builder stays as it is. With
`findings` (domain/stop_doing.py) the card comes back as it was sent, warning about what looks like personal
data, with a second submit button that sends it anyway.
"""

from __future__ import annotations

from typing import Any

from bot import commands
from bot.cards import personal_data
from bot.cards.common import Card, fact, paragraph, typed_text
from domain.personal_data import Finding
from domain.stop_doing import MAX_LENGTH, StopDoingAnswer
from services.assessments import AssessmentView
from services.reports import DepartmentStopDoing
from texts import Texts

INPUT_ID = "stop_doing"
ANSWERS_ID = "report-stop-doing"  # rapport's answers per förvaltning, shown on a button


def with_answer(texts: Texts, summary: Card, view: AssessmentView, sent: StopDoingAnswer | None = None) -> Card:
    """The summary card of `view` with the question: as stored, or as the card `sent` it when it could not be
    saved (too long, or looking like personal data)."""
    problem = texts.t("stop_doing.too_long", limit=texts.whole(MAX_LENGTH)) if sent and sent.too_long else None
    return with_question(
        texts,
        summary,
        assessment_id=view.id,
        answer=sent.text if sent is not None else view.stop_doing,
        submitted=not view.is_draft,
        findings=sent.findings if sent is not None else (),
        problem=problem,
    )


def with_question(
    texts: Texts,
    summary: Card,
    *,
    assessment_id: int,
    answer: str | None,
    submitted: bool,
    findings: tuple[Finding, ...] = (),
    problem: str | None = None,
) -> Card:
    """The summary card with the question for a draft (its input holding `answer`), or with the answer a
    submitted assessment was given (nothing when it was left empty)."""
    body: list[Card] = list(summary.get("body", []))
    if submitted:
        return {**summary, "body": [*body, *answered(texts, answer)]} if answer else summary
    warnings: list[Card] = []
    if problem:
        warnings.append(paragraph(problem, color="Attention", weight="Bolder"))
    if findings:
        warnings.append(personal_data.warning(texts, findings))
    text: Card = {
        "type": "Input.Text",
        "id": INPUT_ID,
        "label": texts.plain("stop_doing.label"),
        "placeholder": texts.plain("personal_data.hint_short"),
        "isMultiline": True,
        "maxLength": MAX_LENGTH,
    }
    if answer:
        text["value"] = answer
    question: list[Card] = [
        paragraph(texts.t("stop_doing.title"), weight="Bolder", spacing="Medium", separator=True),
        paragraph(texts.t("stop_doing.intro"), isSubtle=True, size="Small", spacing="Small"),
        text,
    ]
    actions: list[Card] = list(summary.get("actions", []))
    if findings:  # beside "Skicka in": the same submit, with the manager's word that it is no personal data
        anyway = personal_data.save_anyway(
            texts,
            {"action": commands.SUBMIT, "assessment_id": assessment_id},
            title="stop_doing.submit_anyway",
        )
        actions.insert(1, anyway)
    result: dict[str, Any] = {**summary, "body": [*warnings, *body, *question]}
    if actions:
        result["actions"] = actions
    return result


def answered(texts: Texts, answer: str | None) -> list[Card]:
    """The answer as typed (never markdown), under the question; nothing when it was left empty."""
    if not answer:
        return []
    return [typed_text(texts.plain("stop_doing.answer_label"), answer, spacing="Medium")]


def report_section(texts: Texts, rows: tuple[DepartmentStopDoing, ...]) -> list[Card]:
    """For `rapport`: per förvaltning, how many of the units that submitted answered, and behind "Visa svar" the
    latest few answers with the unit each is about (as typed: plain text, never markdown)."""
    body: list[Card] = [paragraph(texts.t("stop_doing.report.title"), weight="Bolder", spacing="Medium")]
    if not any(row.answered for row in rows):
        body.append(paragraph(texts.t("stop_doing.report.none"), isSubtle=True))
        return body
    facts = [
        fact(
            row.department_name,
            texts.t("stop_doing.report.line", answered=row.answered, submitted=texts.count(row.submitted, "unit")),
        )
        for row in rows
        if row.submitted
    ]
    body.append({"type": "FactSet", "facts": facts})
    answers: list[Card] = []
    for row in rows:
        if not row.latest:
            continue
        answers.append(paragraph(texts.t("stop_doing.report.latest", department=row.department_name),
                                 weight="Bolder", spacing="Small"))  # fmt: skip
        answers.extend(typed_text(unit, text, spacing="Small") for unit, text in row.latest)
    toggle = {
        "type": "Action.ToggleVisibility",
        "title": texts.plain("stop_doing.report.toggle"),
        "targetElements": [ANSWERS_ID],
    }
    body.append({"type": "ActionSet", "actions": [toggle], "spacing": "Small"})
    body.append({"type": "Container", "id": ANSWERS_ID, "isVisible": False, "items": answers})
    return body
