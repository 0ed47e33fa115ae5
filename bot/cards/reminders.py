"""The reminder a manager gets while their units have not submitted, and the central team's round summary."""

from __future__ import annotations

from bot import commands
from bot.cards.common import Card, card, fact, heading, paragraph, submit
from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Period
from services.reminders import RoundOutcome, SentReminders
from texts import Markdown, Texts, escape_markdown


def reminder_card(texts: Texts, period: Period, units: tuple[str, ...]) -> Card:
    """Polite, short, and with the way out on the card itself."""
    body = [
        *heading(texts.t("reminder.title")),
        paragraph(texts.t("reminder.body", period=period.label(texts.language), ends=period.deadline.isoformat())),
        paragraph(Markdown("\n".join(f"- {escape_markdown(unit)}" for unit in units))),  # a list of plain names
        paragraph(texts.t("reminder.off_hint"), isSubtle=True, size="Small"),
    ]
    return card(
        body,
        [
            submit(texts.t("reminder.start"), {"action": commands.ASSESSMENT}, style="positive"),
            submit(texts.t("reminder.stop"), {"action": commands.REMINDERS_OFF}),
        ],
    )


def reminders_switched_card(texts: Texts, *, on: bool) -> Card:
    """The answer to turning reminders off or on, with the button that undoes it."""
    if on:
        return card(
            [paragraph(texts.t("reminder.turned_on"))],
            [submit(texts.t("menu.open"), {"action": commands.MENU})],
        )
    return card(
        [paragraph(texts.t("reminder.turned_off"))],
        [
            submit(texts.t("reminder.turn_on"), {"action": commands.REMINDERS_ON}),
            submit(texts.t("menu.open"), {"action": commands.MENU}),
        ],
    )


def round_card(texts: Texts, outcome: RoundOutcome, so_far: SentReminders, *, interval_days: int) -> Card:
    """What the central team's `påminn` did, every manager accounted for, and how the period's reminders fared."""
    period, plan = outcome.period, outcome.plan
    body = [*heading(texts.t("round.title", period=period.label(texts.language)))]
    if outcome.period_ended:
        body.append(paragraph(texts.t("round.period_ended", ends=period.deadline.isoformat())))
    else:
        facts = [
            (texts.t("round.queued"), outcome.queued),
            (texts.t("round.submitted"), plan.submitted),
            (texts.t("round.reminded_recently", days=texts.count(interval_days, "day")), plan.reminded_recently),
            (texts.t("round.opted_out"), plan.opted_out),
            (texts.t("round.unreachable"), plan.unreachable),
        ]
        if plan.left_for_next_round:
            facts.append((texts.t("round.left_for_next_round"), plan.left_for_next_round))
        body.append({"type": "FactSet", "facts": [fact(t, texts.whole(n)) for t, n in facts]})
        if outcome.held_until is not None:
            local = outcome.held_until.astimezone(MUNICIPAL_TIME)
            body.append(paragraph(texts.t("round.after_hours", day=local.date().isoformat(), time=f"{local:%H:%M}")))
        elif outcome.queued:
            body.append(paragraph(texts.t("round.pacing")))
        if not outcome.in_window:
            first, last = (day.isoformat() for day in outcome.window)
            body.append(paragraph(texts.t("round.outside_window", first=first, last=last), isSubtle=True))
    sent, waiting, failed = (texts.whole(n) for n in (so_far.sent, so_far.waiting, so_far.failed))
    body.append(paragraph(texts.t("round.so_far", sent=sent, waiting=waiting, failed=failed), isSubtle=True))
    if plan.unreachable and not outcome.period_ended:
        body.append(paragraph(texts.t("round.unreachable_hint"), isSubtle=True, size="Small"))
    return card(body)
