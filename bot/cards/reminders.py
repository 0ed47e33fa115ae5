"""The reminder a manager gets while their units have not submitted, and the central team's round summary."""

from __future__ import annotations

from datetime import datetime

from bot import actions
from bot.cards.common import Card, card, heading, paragraph, submit
from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Period
from texts import Texts


def reminder_card(texts: Texts, period: Period, units: tuple[str, ...]) -> Card:
    """Polite, short, and with the way out on the card itself."""
    body = [
        *heading(texts.t("reminder.title")),
        paragraph(texts.t("reminder.body", period=period.key, ends=period.ends.isoformat())),
        paragraph("\n".join(f"- {unit}" for unit in units)),
        paragraph(texts.t("reminder.off_hint"), isSubtle=True, size="Small"),
    ]
    return card(
        body,
        [
            submit(texts.t("reminder.start"), {"action": actions.ASSESSMENT}, style="positive"),
            submit(texts.t("reminder.stop"), {"action": actions.REMINDERS_OFF}),
        ],
    )


def reminders_switched_card(texts: Texts, *, on: bool) -> Card:
    """The answer to turning reminders off or on, with the button that undoes it."""
    if on:
        return card(
            [paragraph(texts.t("reminder.turned_on"))],
            [submit(texts.t("menu.open"), {"action": actions.MENU})],
        )
    return card(
        [paragraph(texts.t("reminder.turned_off"))],
        [
            submit(texts.t("reminder.turn_on"), {"action": actions.REMINDERS_ON}),
            submit(texts.t("menu.open"), {"action": actions.MENU}),
        ],
    )


def round_card(
    texts: Texts,
    *,
    period: Period,
    queued: int,
    submitted: int,
    opted_out: int,
    reminded_recently: int,
    unreachable: int,
    left_for_next_round: int,
    send_from: datetime | None,  # set when the messages wait for working hours
    period_ended: bool,
    window: tuple[str, str],
    in_window: bool,
    sent: int,
    waiting: int,
    failed: int,
    interval_days: int,
) -> Card:
    """What the central team's `påminn` did, every manager accounted for, and how earlier reminders fared."""
    facts = [
        (texts.t("round.queued"), texts.whole(queued)),
        (texts.t("round.submitted"), texts.whole(submitted)),
        (texts.t("round.reminded_recently", days=interval_days), texts.whole(reminded_recently)),
        (texts.t("round.opted_out"), texts.whole(opted_out)),
        (texts.t("round.unreachable"), texts.whole(unreachable)),
    ]
    if left_for_next_round:
        facts.append((texts.t("round.left_for_next_round"), texts.whole(left_for_next_round)))
    body = [*heading(texts.t("round.title", period=period.key))]
    if period_ended:
        body.append(paragraph(texts.t("round.period_ended", ends=period.ends.isoformat())))
    else:
        body.append({"type": "FactSet", "facts": [{"title": title, "value": value} for title, value in facts]})
    if send_from is not None:
        local = send_from.astimezone(MUNICIPAL_TIME)
        body.append(paragraph(texts.t("round.after_hours", day=local.date().isoformat(), time=f"{local:%H:%M}")))
    elif queued:
        body.append(paragraph(texts.t("round.pacing")))
    if not in_window:
        body.append(paragraph(texts.t("round.outside_window", first=window[0], last=window[1]), isSubtle=True))
    body.append(
        paragraph(
            texts.t("round.so_far", sent=texts.whole(sent), waiting=texts.whole(waiting), failed=texts.whole(failed)),
            isSubtle=True,
        )
    )
    if unreachable:
        body.append(paragraph(texts.t("round.unreachable_hint"), isSubtle=True, size="Small"))
    return card(body)
