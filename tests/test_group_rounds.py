"""The work group's anonymous assessment (gruppbedömning, issue 18) as people meet it: the manager starts it in
their chat and posts it in the work group's chat, seven members answer once each on their own forms, nothing
is shown below five answers or while the round is open, and after the close nothing in the database links
anyone to an answer. Every bad press — another chat, a forged round, after the close, twice, a stranger,
another tenant, someone who is not the manager — is told plainly and counts nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue
from domain.group_rounds import COMMENT_FIELD, NOT_APPLICABLE, factor_results, largest_gaps, mean_gap
from services.errors import NotFound
from storage.managers import TeamsIdentity
from storage.models import Base, GroupRound, GroupRoundKey, GroupRoundScore, GroupRoundVoter, OutboxItem
from storage.outbox import Kind
from tests.constants import TENANT
from tests.harness import BotHarness, cards, submit_data, texts

CHAT = "19:arbetsgrupp-norr@thread.v2"
OTHER_CHAT = "19:fikarummet@thread.v2"
MEMBERS = ("m1", "m2", "m3", "m4", "m5", "m6")  # with Anna, the manager: seven in the chat
OPEN, VIEW, FORM, ANSWER, REMIND, CLOSE = (
    f"groupround.{verb}" for verb in ("open", "view", "form", "answer", "remind", "close")
)


async def a_manager_who_assessed(
    harness: BotHarness, catalogue: Catalogue, user: str, unit_key: str, score: int
) -> int:
    """A manager who leads the unit, has written to the bot, and rated every factor `score` this period."""
    cases = harness.use_cases
    manager = await cases.managers.register(
        TeamsIdentity(TENANT, f"29:{user}", f"aad-{user}", user.title(), conversation_reference="{}")
    )
    await cases.managers.choose_unit(manager.id, unit_key)
    draft = (await cases.assessments.begin(manager.id, unit_key)).assessment
    for perspective in catalogue.perspectives:
        answers = tuple(Answer(f.key, score) for f in perspective.factors)
        await cases.assessments.save_perspective(
            manager.id, draft.id, PerspectiveAnswers(perspective.key, answers, None)
        )
    await cases.assessments.submit(manager.id, draft.id)
    return manager.id


def form_data(card: dict[str, Any], round_id: int, score: str, comment: str | None = None) -> dict[str, Any]:
    """What Teams sends for the form's Skicka: the round, and every input on the card filled in."""
    data: dict[str, Any] = {"round_id": round_id}
    for element in card["body"]:
        if element.get("type") == "Input.ChoiceSet":
            data[element["id"]] = score
    if comment is not None:
        data[COMMENT_FIELD] = comment
    return data


def said(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def actions_of(card: dict[str, Any]) -> list[str]:
    return [action.get("verb", "") for action in card.get("actions", [])]


async def post_a_round(harness: BotHarness, manager: str, chat_id: str, members: list[str]) -> int:
    """The manager starts the unit's round in their chat and posts it in the work group's chat."""
    await harness.chat(manager).send("gruppbedömning")
    harness.roster.chats[chat_id] = [f"29:{m}" for m in members]
    group = harness.group_chat(manager, chat_id)
    picker = cards(await group.send("<at>Kvalitetslotsen</at> gruppbedömning"))[-1]
    [pick] = picker["actions"]
    card = await group.execute(OPEN, pick["data"], reply_to_id="picker-message")
    assert "Antal svar hittills: 0" in said(card)
    return int(pick["data"]["round_id"])


async def test_seven_in_a_chat_answer_once_each_and_only_the_closed_round_of_five_or_more_shows(
    database_url: str, catalogue: Catalogue
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    norr = sof.units[0].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 4)
        anna = harness.chat("anna")
        started = cards(await anna.send("gruppbedömning"))[-1]

        harness.roster.chats[CHAT] = [f"29:{m}" for m in ("anna", *MEMBERS)]
        in_chat = harness.group_chat("anna", CHAT)
        hello = texts(await in_chat.install())
        picker = cards(await in_chat.send("<at>Kvalitetslotsen</at> gruppbedömning"))[-1]
        [pick] = picker["actions"]
        round_id = int(pick["data"]["round_id"])
        not_hers = await harness.group_chat("m1", CHAT).execute(OPEN, {"round_id": round_id})
        posted = await in_chat.execute(OPEN, {"round_id": round_id}, reply_to_id="picker-message")

        answered = []
        for number, member in enumerate(MEMBERS[:4], start=1):
            chat = harness.group_chat(member, CHAT)
            own_view = await chat.execute(VIEW, {"round_id": round_id})
            form = await chat.execute(FORM, {"round_id": round_id})
            score = str(1 + number % 2)  # 2, 1, 2, 1
            answered.append(await chat.execute(ANSWER, form_data(form, round_id, score)))
        again = await harness.group_chat("m1", CHAT).execute(FORM, {"round_id": round_id})
        twice = await harness.group_chat("m1", CHAT).execute(ANSWER, form_data(form, round_id, "4"))
        at_four = cards(await anna.send("mina resultat"))[-1]

        stranger = await harness.group_chat("x", CHAT).execute(FORM, {"round_id": round_id})
        elsewhere = await harness.group_chat("m5", OTHER_CHAT).execute(FORM, {"round_id": round_id})
        forged = [
            await harness.group_chat("m5", CHAT).execute(FORM, {"round_id": forged_id})
            for forged_id in (round_id + 1000, -1, "1", True, None)
        ]
        m5 = harness.group_chat("m5", CHAT)
        form = await m5.execute(FORM, {"round_id": round_id})
        await m5.execute(ANSWER, form_data(form, round_id, "2", "Mer tid för planering"))
        m6 = harness.group_chat("m6", CHAT)
        form = await m6.execute(FORM, {"round_id": round_id})
        warned = await m6.execute(ANSWER, form_data(form, round_id, NOT_APPLICABLE, "Ring Bo på 070-123 45 67"))
        count_after_warning = await m6.execute(VIEW, {"round_id": round_id})
        confirmed = await m6.execute(
            ANSWER, {**form_data(form, round_id, "3", "Ring Bo på 070-123 45 67"), "not_personal_data": True}
        )

        member_remind = await harness.group_chat("m2", CHAT).execute(REMIND, {"round_id": round_id})
        reminded = await in_chat.execute(REMIND, {"round_id": round_id})
        reminded_again = await in_chat.execute(REMIND, {"round_id": round_id})
        open_results = cards(await anna.send("mina resultat"))[-1]
        member_close = await harness.group_chat("m2", CHAT).execute(CLOSE, {"round_id": round_id})
        closed = await in_chat.execute(CLOSE, {"round_id": round_id})
        after_close = await harness.group_chat("m3", CHAT).execute(FORM, {"round_id": round_id})
        results = cards(await anna.send("mina resultat"))[-1]
        submitted = cards(await anna.send("självvärdering"))[-1]
        summary = cards(await anna.send(value=submit_data(submitted, "Visa sammanfattningen")))
        with pytest.raises(NotFound):  # another tenant's press finds no round at all
            await harness.use_cases.group_rounds.member_view(
                round_id, tenant_id="another-tenant", conversation_id=CHAT, teams_user_id="29:m1"
            )
        async with harness.database.reading() as session:
            row = await session.get(GroupRound, round_id)
            outbox = list(await session.scalars(select(OutboxItem).order_by(OutboxItem.id)))
            keys = list(await session.scalars(select(GroupRoundKey)))
            voters = list(await session.scalars(select(GroupRoundVoter)))
            counts = list(await session.scalars(select(GroupRoundScore).where(GroupRoundScore.round_id == round_id)))
            everything = {
                table.name: [tuple(r) for r in (await session.execute(text(f"SELECT * FROM {table.name}"))).all()]
                for table in Base.metadata.sorted_tables
            }

    # The manager is told how to bring the round to the chat; the chat hears what the bot does there
    assert "@Kvalitetslotsen gruppbedömning" in said(started) and "Så startar du" in said(started)
    assert "gruppbedömning" in hello[0]
    assert "Bara enhetens chef" in said(not_hers)
    # One card, with what is asked, by when, the promise, the count — and a view for each of the seven
    assert posted["refresh"]["action"]["verb"] == VIEW
    assert sorted(posted["refresh"]["userIds"]) == sorted(f"29:{m}" for m in ("anna", *MEMBERS))
    assert "Svara senast 2026-" in said(posted) and "Ditt svar är anonymt" in said(posted)
    assert actions_of(posted) == [FORM, REMIND, CLOSE]  # the manager's own view
    assert actions_of(own_view) == [FORM] and "Antal svar hittills: 3" in said(own_view)
    assert all("Tack! Ditt svar är sparat" in said(card) for card in answered)
    assert "Antal svar hittills: 4" in said(answered[-1]) and actions_of(answered[-1]) == []
    # Answer once: a second press says so and counts nothing
    assert "Du har redan svarat" in said(again) and "Du har redan svarat" in said(twice)
    # At four, and while open, the manager sees a count and no numbers
    assert "Pågår: 4 har svarat" in said(at_four) and "spridning" not in said(at_four)
    assert "Pågår: 6 har svarat" in said(open_results) and "spridning" not in said(open_results)
    # Every bad press is told and counts nothing
    assert "inte se att du är med i den här chatten" in said(stranger)
    assert "en annan chatt" in said(elsewhere)
    assert all("hör inte till någon gruppbedömning" in said(card) for card in forged)
    # Caught text is shown back to its writer only, stored nowhere until confirmed
    assert "Det ser ut som ett telefonnummer" in said(warned) and "Antal svar hittills: 5" in said(count_after_warning)
    assert "Tack!" in said(confirmed)
    assert "Bara enhetens chef" in said(member_remind) and "Bara enhetens chef" in said(member_close)
    assert "Påminnelsen skickas" in said(reminded) and "redan påmint" in said(reminded_again)
    assert "Omgången är stängd" in said(closed) and "går inte att svara längre" in said(after_close)

    # The closed round of six shows the group's average and spread beside Anna's 4s, the largest gaps first
    shown = said(results)
    assert "6 svarade" in shown and "spridning" in shown
    assert "Störst skillnad mellan gruppen och dig" in shown
    assert "Mer tid för planering" in shown and "Ring Bo på 070-123 45 67" in shown
    assert any("Arbetsgruppens bedömning" in said(card) for card in summary)

    # The outbox updates the card for everyone when posted and when closed, and posts the one reminder
    kinds = [item.kind for item in outbox if item.kind.startswith("group_round")]
    assert kinds == [Kind.GROUP_ROUND_CARD, Kind.GROUP_ROUND_REMINDER, Kind.GROUP_ROUND_CARD]
    assert row is not None and row.answers == 6 and row.status == "closed" and row.card_activity_id == "picker-message"
    # After the close no table links anyone to an answer: the key and hashes are gone, the answers are counts
    assert keys == [] and voters == []
    assert sum(c.count for c in counts) == 6 * len(json.loads(row.factor_keys))
    for table, rows in everything.items():
        for found in rows:
            for member in MEMBERS:
                assert f"29:{member}" not in repr(found) and f"aad-{member}" not in repr(found), (table, found)
    assert everything["group_round_voters"] == [] and everything["group_round_keys"] == []


async def test_below_five_answers_nobody_sees_numbers_not_the_manager_nor_the_central_team(
    database_url: str, catalogue: Catalogue
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    norr, soder = sof.units[0].key, sof.units[1].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        await a_manager_who_assessed(harness, catalogue, "bo", soder, 3)
        four = await post_a_round(harness, "anna", CHAT, ["anna", *MEMBERS])
        five = await post_a_round(harness, "bo", OTHER_CHAT, ["bo", *MEMBERS])
        for round_id, chat_id, many in ((four, CHAT, 4), (five, OTHER_CHAT, 5)):
            for member in MEMBERS[:many]:
                chat = harness.group_chat(member, chat_id)
                form = await chat.execute(FORM, {"round_id": round_id})
                await chat.execute(ANSWER, form_data(form, round_id, "1"))
        await harness.group_chat("anna", CHAT).execute(CLOSE, {"round_id": four})
        await harness.group_chat("bo", OTHER_CHAT).execute(CLOSE, {"round_id": five})
        at_four = cards(await harness.chat("anna").send("mina resultat"))[-1]
        at_five = cards(await harness.chat("bo").send("mina resultat"))[-1]
        anna_id = (await harness.use_cases.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna"))).id
        direct = await harness.use_cases.group_rounds.result_for_unit(anna_id, norr)
        rows = await harness.use_cases.group_rounds.by_department(TENANT, "2026-H2")

    assert "för få svar för att visa" in said(at_four) and "spridning" not in said(at_four)
    assert direct is not None and not direct.shown and direct.factors == () and direct.comments == ()
    assert "5 svarade" in said(at_five) and "spridning" in said(at_five)
    [social] = [row for row in rows if row.department_key == "sof"]
    assert (social.closed, social.shown) == (2, 1)
    assert social.mean_gap == pytest.approx(2.0)  # Bo rated 3, his group 1: only his unit's round is counted


async def test_a_chat_with_fewer_members_than_answers_needed_is_refused_before_the_round_starts(
    database_url: str, catalogue: Catalogue
) -> None:
    norr = catalogue.departments[0].units[0].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        await harness.chat("anna").send("gruppbedömning")
        harness.roster.chats[CHAT] = ["29:anna", "29:m1", "29:m2", "29:m3"]
        group = harness.group_chat("anna", CHAT)
        picker = cards(await group.send("gruppbedömning"))[-1]
        refused = await group.execute(OPEN, picker["actions"][0]["data"])
        nobody = texts(await harness.group_chat("m1", CHAT).send("gruppbedömning"))
        async with harness.database.reading() as session:
            [row] = list(await session.scalars(select(GroupRound)))

    assert "Chatten har 4 medlemmar" in said(refused) and "minst 5" in said(refused)
    assert row.status == "waiting" and row.conversation_id is None  # nothing started; another chat may be chosen
    assert "Bara enhetens chef kan starta den" in nobody[0]


def test_the_result_is_the_groups_average_and_spread_and_the_gaps_are_largest_first() -> None:
    histogram = {"a": {"1": 2, "3": 2}, "b": {"4": 3, "na": 1}, "c": {"na": 5}}
    results = factor_results(["a", "b", "c"], histogram, {"a": 4, "b": 4, "c": 2})
    a, b, c = results
    assert (a.average, a.spread, a.gap) == (2.0, 1.0, -2.0)
    assert (b.average, b.spread, b.gap, b.not_applicable) == (4.0, 0.0, 0.0, 1)
    assert (c.average, c.gap, c.not_applicable) == (None, None, 5)
    assert largest_gaps(results) == (a,)
    assert mean_gap(results) == 1.0


async def test_a_round_closes_by_itself_the_day_after_its_last_day_and_forgets_who_answered(
    database_url: str, catalogue: Catalogue
) -> None:
    norr = catalogue.departments[0].units[0].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        round_id = await post_a_round(harness, "anna", CHAT, ["anna", *MEMBERS])
        chat = harness.group_chat("m1", CHAT)
        form = await chat.execute(FORM, {"round_id": round_id})
        await chat.execute(ANSWER, form_data(form, round_id, "2"))
        rounds = harness.use_cases.group_rounds
        on_the_last_day = await rounds.close_due()
        async with harness.database.reading() as session:
            ends_on = (await session.get(GroupRound, round_id)).ends_on  # type: ignore[union-attr]
        rounds.today = lambda: ends_on + timedelta(days=1)
        the_day_after = await rounds.close_due()
        again = await rounds.close_due()
        late = await chat.execute(FORM, {"round_id": round_id})
        async with harness.database.reading() as session:
            row = await session.get(GroupRound, round_id)
            keys = list(await session.scalars(select(GroupRoundKey)))
            voters = list(await session.scalars(select(GroupRoundVoter)))
            kinds = list(await session.scalars(select(OutboxItem.kind).order_by(OutboxItem.id)))

    assert (on_the_last_day, the_day_after, again) == (0, 1, 0)
    assert row is not None and row.status == "closed" and row.answers == 1
    assert keys == [] and voters == []
    assert kinds[-1] == Kind.GROUP_ROUND_CARD  # the card in the chat says it is closed
    assert "går inte att svara längre" in said(late)
