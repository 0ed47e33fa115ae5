"""Self-assessment cards: one per perspective, the summary, and the question before a new version."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot import commands
from bot.cards import personal_data, stop_doing
from bot.cards.common import (
    Card,
    about,
    card,
    choice_set,
    heading,
    paragraph,
    shortened,
    submit,
    text_input,
    typed_text,
)
from bot.cards.group_rounds import result_section
from domain.assessment import (
    COMMENT_FIELD,
    COMMENT_MAX_LENGTH,
    IDEA_FIELD,
    IDEA_MAX_LENGTH,
    NOT_APPLICABLE,
    SCORE_FIELD,
    Answer,
    Summary,
)
from domain.catalogue import Catalogue
from domain.personal_data import Finding
from services.assessments import PreviousAssessment, SubmittedReport
from services.group_rounds import GroupResult
from texts import Texts


def perspective_card(
    texts: Texts,
    catalogue: Catalogue,
    *,
    assessment_id: int,
    unit_name: str,
    period: str,
    index: int,
    answers: dict[str, Answer],
    idea: str | None,
    findings: tuple[Finding, ...] = (),
    previous: PreviousAssessment | None = None,
    notes: Mapping[str, str] | None = None,
    action: str = commands.SAVE_PERSPECTIVE,
    missing: tuple[str, ...] = (),
) -> Card:
    """Every factor of one perspective with its saved answer filled in, so resuming shows what was given, and
    under each the unit's rating of it in `previous` (or that the factor is new since).

    Compact, so five factors fit about one laptop screen: the rating is a dropdown (Teams' mobile clients show
    it as a native picker with every option in one list), and a factor's comment box opens with "Lägg till
    kommentar" (Action.ToggleVisibility; a hidden input is still sent), open from the start when it holds text.

    The ratings are not required inputs: "Spara utkast" keeps the card as it is, `notes` being its comments on
    factors not rated yet; "Spara och fortsätt" marks the perspective done, and the bot checks it is complete.
    A card refused for that comes back as sent with `missing`, the factors without a rating, named at its top
    and marked at each factor.

    With `findings` the card comes back as the manager sent it, warning about what looks like personal data,
    with a second button to save it anyway (as a draft when `action` says the draft was being saved)."""
    language = texts.language
    perspective = catalogue.perspectives[index]
    scale = catalogue.scale
    choices = [(f"{step.value} – {step.label.get(language)}", str(step.value)) for step in scale.steps]
    choices.append((scale.not_applicable.get(language), NOT_APPLICABLE))
    subtitle = texts.t(
        "assessment.card_subtitle", unit=unit_name, period=period, number=index + 1, total=len(catalogue.perspectives)
    )
    body: list[Card] = _missing_banner(texts, catalogue, index, missing) if missing else []
    if findings:
        body.append(personal_data.warning(texts, findings))
    body.extend(heading(perspective.name.get(language), subtitle=subtitle))
    if perspective.description:
        body.append(paragraph(perspective.description.get(language)))
    body.append(personal_data.hint(texts))
    for number, factor in enumerate(perspective.factors, start=1):
        answer = answers.get(factor.key)
        saved_score = None if answer is None else (NOT_APPLICABLE if answer.score is None else str(answer.score))
        comment = answer.comment if answer else (notes or {}).get(factor.key)
        rating = choice_set(
            SCORE_FIELD + factor.key,
            f"{number}. {factor.text.get(language)}",
            choices,
            value=saved_score,
            required=False,
        )
        rating.update(style="compact", placeholder=texts.t("assessment.rating_placeholder"), wrap=True)
        marked = []
        if factor.key in missing:
            marked = [paragraph(texts.t("assessment.missing_mark"), color="Attention", size="Small", spacing="None")]
        body.append(
            {
                "type": "Container",
                "separator": True,
                "spacing": "Medium",
                "items": [
                    rating,
                    *marked,
                    _comment_row(texts, _previous_rating(texts, catalogue, previous, factor.key), factor.key, number),
                    _comment_box(texts, factor.key, number, comment),
                ],
            }
        )
    body.append(
        {
            "type": "Container",
            "separator": True,
            "spacing": "Medium",
            "items": [
                {
                    **text_input(
                        IDEA_FIELD,
                        texts.t("assessment.idea_label"),
                        placeholder=texts.t("assessment.idea_placeholder"),
                        value=idea,
                        multiline=True,
                    ),
                    "maxLength": IDEA_MAX_LENGTH,
                }
            ],
        }
    )
    data = {"assessment_id": assessment_id, "perspective": perspective.key}
    buttons = [
        submit(texts.t("assessment.save"), {"action": commands.SAVE_PERSPECTIVE, **data}, style="positive"),
        submit(texts.t("assessment.save_draft"), {"action": commands.SAVE_DRAFT, **data}),
    ]
    if findings:
        buttons.append(personal_data.save_anyway(texts, {"action": action, **data}))
    if index > 0:
        buttons.append(submit(texts.t("assessment.back"), {"action": commands.BACK, **data}, validate=False))
    return card(body, buttons)


def _missing_banner(texts: Texts, catalogue: Catalogue, index: int, missing: tuple[str, ...]) -> list[Card]:
    """At the top of a refused card: that nothing was saved, and which factors need an answer, by number."""
    language = texts.language
    numbered = [
        f"{number}. {shortened(factor.text.get(language), 70)}"
        for number, factor in enumerate(catalogue.perspectives[index].factors, start=1)
        if factor.key in missing
    ]
    return [
        paragraph(texts.t("assessment.missing_header"), color="Attention", weight="Bolder"),
        *(paragraph(f"• {line}", color="Attention", spacing="None") for line in numbered),
        paragraph(texts.t("assessment.missing_footer"), isSubtle=True, size="Small", spacing="Small"),
    ]


def _comment_row(texts: Texts, previous: list[Card], factor_key: str, number: int) -> Card:
    """The previous rating, small, and beside it a link-like "Lägg till kommentar" that opens the factor's comment
    box: a column whose select action toggles it, one text line high where a button would take two. Its tooltip
    names the statement, so a screen reader tells the five toggles apart."""
    toggle = {
        "type": "Action.ToggleVisibility",
        "title": texts.t("assessment.add_comment"),
        "targetElements": [COMMENT_FIELD + factor_key],
    }
    toggle = about(texts, toggle, texts.plain("assessment.statement", number=number))
    link = {
        "type": "Column",
        "width": "auto",
        "selectAction": toggle,
        "items": [paragraph(texts.t("assessment.add_comment"), color="Accent", size="Small", weight="Bolder")],
    }
    columns = [{"type": "Column", "width": "stretch", "items": previous}] if previous else []
    return {"type": "ColumnSet", "spacing": "Small", "columns": [*columns, link]}


def _comment_box(texts: Texts, factor_key: str, number: int, comment: str | None) -> Card:
    """The factor's comment, labelled with the statement's number so a screen reader tells the boxes apart;
    hidden until asked for, unless it already holds text (a resumed draft, a refused card)."""
    box = text_input(
        COMMENT_FIELD + factor_key,
        texts.t("assessment.comment_label", number=number),
        placeholder=texts.t("assessment.comment_placeholder"),
        value=comment,
    )
    box.update(maxLength=COMMENT_MAX_LENGTH, spacing="Small")
    if not comment:
        box["isVisible"] = False
    return box


def _previous_rating(
    texts: Texts, catalogue: Catalogue, previous: PreviousAssessment | None, factor_key: str
) -> list[Card]:
    """One small line under a factor: "Förra gången: 3 – Stämmer till stor del", or that it is new since."""
    if previous is None:
        return []
    style = {"isSubtle": True, "size": "Small", "spacing": "None"}
    if factor_key in previous.added:
        return [paragraph(texts.t("assessment.previous_new_factor"), **style)]
    rated, score = previous.rating(factor_key)
    if not rated:
        return []
    language = texts.language
    if score is None:
        rating = previous.catalogue.scale.not_applicable.get(language)
    elif previous.catalogue.scale.has(score):  # read on the scale it was given on
        rating = f"{score} – {previous.catalogue.scale.label(score).get(language)}"
    else:
        rating = str(score)
    key = "assessment.previous_rating_reworded" if factor_key in previous.reworded else "assessment.previous_rating"
    return [paragraph(texts.t(key, rating=rating), **style)]


def start_offer_card(
    texts: Texts, catalogue: Catalogue, previous: PreviousAssessment, *, assessment_id: int, unit_name: str
) -> Card:
    """Asked once, as a new draft starts: begin from the previous assessment's ratings, or blank; and which
    factors have changed since, so the manager knows which ones are not filled in."""
    language = texts.language
    period = previous.period_name(language)
    body: list[Card] = heading(texts.t("assessment.offer_title"))
    body.append(paragraph(texts.t("assessment.offer_text", unit=unit_name, period=period, version=previous.version)))
    factors = [f for f in catalogue.factors() if f.key in previous.added or f.key in previous.reworded]
    if factors:
        body.append(paragraph(texts.t("assessment.offer_changed"), weight="Bolder", spacing="Medium"))
        for factor in factors:
            key = "assessment.offer_new" if factor.key in previous.added else "assessment.offer_reworded"
            text = shortened(factor.text.get(language), 160)
            body.append(paragraph(texts.t(key, factor=text), spacing="Small"))
    else:
        body.append(paragraph(texts.t("assessment.offer_unchanged"), spacing="Medium"))
    data = {"assessment_id": assessment_id}
    return card(
        body,
        [
            submit(texts.t("assessment.offer_accept"), {"action": commands.FROM_PREVIOUS, **data}, style="positive"),
            submit(texts.t("assessment.offer_decline"), {"action": commands.BLANK_START, **data}),
        ],
    )


def summary_card(
    texts: Texts,
    catalogue: Catalogue,
    summary: Summary,
    *,
    assessment_id: int,
    unit_name: str,
    period: str,
    version: int,
    submitted_at: datetime | None,
    ideas: dict[str, str],
    unit_key: str | None = None,
    group: GroupResult | None = None,
) -> Card:
    """Per-perspective results with change since the previous assessment, the weakest factors, and actions.

    With `unit_key`, each weak factor offers to order support for it, the order form prefilled, and the work
    group can be invited to assess too; `group` is that round's result beside the manager's own rating.
    """
    language = texts.language
    status = (
        texts.t("summary.submitted_on", date=texts.date(submitted_at)) if submitted_at else texts.t("summary.draft")
    )
    body: list[Card] = heading(
        texts.t("summary.title", unit=unit_name),
        subtitle=texts.t("summary.subtitle", period=period, version=version, status=status),
    )
    body.extend(_results(texts, catalogue, summary, ideas, unit_key=unit_key))
    if group is not None:
        body.extend(result_section(texts, group))
    invite = []
    if unit_key is not None and (group is None or group.round.is_waiting):
        invite = [submit(texts.t("summary.group_round"), {"action": commands.GROUP_ROUND, "unit": unit_key})]
    if unit_key is not None and summary.to_improve:  # the action plan (bot/cards/actions.py): see Summary
        plan = {"action": commands.ACTION_PLAN, "assessment_id": assessment_id}
        invite = [submit(texts.t("actions.plan_button"), plan), *invite]
    if submitted_at:
        return card(body, invite)
    edit_buttons = [
        submit(p.name.get(language), {"action": commands.EDIT, "assessment_id": assessment_id, "perspective": p.key})
        for p in catalogue.perspectives
    ]
    return card(
        body,
        [
            submit(
                texts.t("summary.submit"),
                {"action": commands.SUBMIT, "assessment_id": assessment_id},
                style="positive",
            ),
            {
                "type": "Action.ShowCard",
                "title": texts.t("summary.edit"),
                "card": {"type": "AdaptiveCard", "body": [], "actions": edit_buttons},
            },
            submit(texts.t("summary.later"), {"action": commands.LATER, "assessment_id": assessment_id}),
            *invite,
        ],
    )


def assessment_channel_card(texts: Texts, report: SubmittedReport) -> Card:
    """A submitted self-assessment as the central team's channel gets it: results, change, weakest, ideas."""
    view = report.assessment
    who = report.submitted_by or texts.t("request.unknown")
    body: list[Card] = heading(
        texts.t("channel_assessment.title", unit=view.unit_name),
        subtitle=texts.t(
            "channel_assessment.subtitle",
            department=report.department_name,
            period=view.period_name(texts.language),
            version=view.version,
            date=texts.date(view.submitted_at) if view.submitted_at else "",
            manager=who,
        ),
    )
    body.extend(_results(texts, view.catalogue, report.summary, view.ideas))
    body.extend(stop_doing.answered(texts, view.stop_doing))  # "Vad kan vi sluta göra?" (bot/cards/stop_doing.py)
    return card(body)


SHOW_SUMMARY = "assessment.show"  # the digest's button: the full summary card, posted in the digest's thread


def assessment_digest_card(texts: Texts, reports: list[SubmittedReport]) -> Card:
    """The day's submitted self-assessments on one card: per unit its förvaltning, period, version and when and by
    whom, its result per perspective in one line, and a button that posts the full summary card in the thread
    (Action.Execute, answered by bot/assessment_summaries.py)."""
    language = texts.language
    body: list[Card] = heading(
        texts.t("digest.title"), subtitle=texts.t("digest.intro", units=texts.count(len(reports), "unit"))
    )
    for report in reports:
        view = report.assessment
        catalogue = view.catalogue
        results = []
        for result in report.summary.results:
            perspective = catalogue.perspective(result.perspective_key)
            name = perspective.name.get(language) if perspective else result.perspective_key
            value = texts.number(result.average) if result.average is not None else "–"
            results.append(texts.plain("digest.result", perspective=name, value=value))
        subtitle = texts.t(
            "digest.line",
            department=report.department_name,
            period=view.period_name(language),
            version=view.version,
            date=texts.date(view.submitted_at) if view.submitted_at else "",
            manager=report.submitted_by or texts.t("request.unknown"),
        )
        show = {
            "type": "Action.Execute",
            "title": texts.plain("digest.show"),
            "verb": SHOW_SUMMARY,
            "data": {"assessment_id": view.id},
        }
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    paragraph(view.unit_name, weight="Bolder", spacing="None"),
                    paragraph(subtitle, isSubtle=True, spacing="None"),
                    paragraph(" · ".join(results), spacing="Small"),
                    {"type": "ActionSet", "spacing": "Small", "actions": [show]},
                ],
            }
        )
    return card(body)


def _results(
    texts: Texts, catalogue: Catalogue, summary: Summary, ideas: dict[str, str], *, unit_key: str | None = None
) -> list[Card]:
    """The results table, the change since last time, the weakest factors with the manager's comment on each,
    and the ideas."""
    language = texts.language
    scale = catalogue.scale
    maximum = scale.maximum
    body: list[Card] = []
    rows: list[Card] = [
        _row(texts.t("summary.perspective"), texts.t("summary.result"), texts.t("summary.change"), header=True)
    ]
    for result in summary.results:
        perspective = catalogue.perspective(result.perspective_key)
        assert perspective is not None
        if result.average is None:
            value = texts.t("summary.no_rating")
        else:
            # In words only: a bar of ●●●○ is read aloud as "black circle, black circle, …", and a bar drawn with
            # coloured columns stood taller than its row in Teams' web client. "3,2 av 4" reads the same to all.
            value = texts.t("summary.average", average=texts.number(result.average), maximum=maximum)
        change = "–"
        if summary.changes is not None:
            difference = summary.changes.get(result.perspective_key)
            change = texts.signed(difference) if difference is not None else "–"
        rows.append(_row(perspective.name.get(language), value, change))
    body.append({"type": "Container", "spacing": "Medium", "items": rows})
    if summary.changes is None:
        body.append(paragraph(texts.t("summary.first_assessment"), isSubtle=True, size="Small"))
    elif summary.baseline is not None:
        body.append(paragraph(_compared_with(texts, catalogue, summary), isSubtle=True, size="Small"))
    body.append(paragraph(texts.t("summary.weakest_title"), weight="Bolder", spacing="Large"))
    threshold = scale.weak_threshold
    threshold_label = f"{threshold} ({scale.label(threshold).get(language)})"  # one dash less in the sentence
    if summary.weakest:
        body.append(paragraph(texts.t("summary.weakest_rule", threshold=threshold_label), isSubtle=True,
                              size="Small", spacing="None"))  # fmt: skip
        for weak in summary.weakest:
            label = scale.label(weak.score).get(language)
            body.append(paragraph(f"• {weak.factor.text.get(language)} — {weak.score} ({label})", spacing="Small"))
            if weak.comment:  # as typed: a TextRun is never read as markdown
                body.append(typed_text(texts.plain("summary.factor_comment"), weak.comment, spacing="None"))
            if unit_key is not None:
                data = {"action": commands.ORDER, "unit": unit_key, "perspective": weak.factor.perspective_key}
                order = submit(texts.t("summary.order_support"), {**data, "factor": weak.factor.key}, validate=False)
                named = about(texts, order, weak.factor.text.get(language))  # one "Beställ stöd" per factor
                body.append({"type": "ActionSet", "spacing": "None", "actions": [named]})
    elif any(result.rated for result in summary.results):
        body.append(paragraph(texts.t("summary.no_weak", threshold=threshold_label), spacing="Small"))
    else:
        body.append(paragraph(texts.t("summary.none_rated"), spacing="Small"))
    perspectives = texts.count(len(catalogue.perspectives), "perspective")
    body.append(paragraph(texts.t("summary.ideas", count=len(ideas), total=perspectives)))
    for perspective in catalogue.perspectives:
        if perspective.key in ideas:
            body.append(typed_text(perspective.name.get(language), ideas[perspective.key], spacing="Small"))
    return body


def already_submitted_card(
    texts: Texts, *, assessment_id: int, unit_name: str, period: str, version: int, submitted_at: datetime | None
) -> Card:
    day = texts.date(submitted_at) if submitted_at else ""
    return card(
        [
            *heading(texts.t("assessment.already_submitted_title")),
            paragraph(
                texts.t("assessment.already_submitted", unit=unit_name, period=period, version=version, date=day)
            ),
        ],
        [
            submit(
                texts.t("assessment.start_version", version=version + 1),
                {"action": commands.NEW_VERSION, "assessment_id": assessment_id},
                style="positive",
            ),
            submit(
                texts.t("assessment.show_summary"), {"action": commands.SHOW_SUMMARY, "assessment_id": assessment_id}
            ),
            submit(texts.t("menu.open"), {"action": commands.MENU}),
        ],
    )


def _row(first: str, second: str, third: str, *, header: bool = False) -> Card:
    weight = "Bolder" if header else "Default"
    return {
        "type": "ColumnSet",
        "spacing": "Small",
        "columns": [
            {"type": "Column", "width": 4, "items": [paragraph(first, weight=weight)]},
            {"type": "Column", "width": 4, "items": [paragraph(second, weight=weight)]},
            {"type": "Column", "width": 2, "items": [paragraph(third, weight=weight, horizontalAlignment="Right")]},
        ],
    }


def _compared_with(texts: Texts, catalogue: Catalogue, summary: Summary) -> str:
    """Which assessment "Förändring" is measured against: the previous submitted one, by its period's name, and
    by its version too when it is of the same period as this one (a new version of the same half-year)."""
    baseline = summary.baseline
    assert baseline is not None
    period = catalogue.period_name(baseline.period, texts.language)
    if baseline.same_period:
        return texts.t("summary.compared_with_version", version=baseline.version, period=period)
    return texts.t("summary.compared_with", period=period)
