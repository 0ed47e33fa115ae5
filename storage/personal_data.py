"""Which columns hold personal data, what it is, and how long it stays: the facts behind the record of processing
(GDPR art. 30) in docs/dataskydd.md, which is rendered from this module (`python tools/dataskydd.py`).

Every column of every table is classified here, as personal data or not; tests/test_dataskydd.py fails when a
model gains a column this module does not name, and when the document no longer matches. The descriptions are
in Swedish, as the document is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Retention(StrEnum):
    """A category of personal data that is kept and culled alike; the value is its name in docs/dataskydd.md."""

    MANAGER = "chef"
    ASSESSMENT = "självvärdering"
    REQUEST = "ärende"
    FOLLOW_UP = "uppföljning"
    AUDIT = "granskningslogg"
    CHAT = "chattens läge"
    OUTBOX = "utkorg"
    CHANNEL = "kanalkoppling"
    INSTALLATION = "installation"
    REDELIVERY = "mottagna meddelanden"
    ROLE = "roll"
    PACING = "sändtakt"
    ERASURE_REQUEST = "begäran om radering"
    UNIT_MANAGER_LIST = "lista över enhetschefer"
    GROUP_ROUND = "gruppbedömning"
    GROUP_ROUND_OPEN = "gruppbedömning som pågår"
    GROUP_ROUND_TEXT = "gruppbedömningens fritextsvar"
    ACTION_PLAN = "åtgärdsplan"
    PULSE = "styrmodellspuls"
    PULSE_ANSWER = "svar i styrmodellspulsen"


# How long each category stays, as the retention job (storage/retention.py) and erasure do it; N is RETENTION_MONTHS
HOW_LONG: dict[Retention, str] = {
    Retention.MANAGER: (
        "tills administratörerna beviljar chefens begäran om radering (språk och inställningar för påminnelser: tills "
        "chefen ber om radering), eller pseudonymiseras när chefen inte har synts på N månader"
    ),
    Retention.ASSESSMENT: "tas bort N månader efter att självvärderingen skickades in (utkast: sparades senast)",
    Retention.REQUEST: "tas bort N månader efter att ärendet avslutades, avböjdes eller återkallades",
    Retention.FOLLOW_UP: "tas bort N månader efter att svaret lämnades",
    Retention.AUDIT: "vem som gjorde något tas bort efter N månader; vad som gjordes och när finns kvar",
    Retention.CHAT: "tas bort när chefen ber om radering, eller N månader efter senaste ändringen",
    Retention.OUTBOX: (
        "tas bort N månader efter att meddelandet skapades, när det är levererat, uppgivet eller överflödigt"
    ),
    Retention.CHANNEL: "vem som kopplade kanalen tas bort efter N månader",
    Retention.INSTALLATION: "finns kvar så länge appen är installerad i teamet",
    Retention.REDELIVERY: "tas bort två dygn efter att aktiviteten togs emot",
    Retention.PACING: "tas bort en timme efter sändningen",
    Retention.ROLE: "finns kvar så länge personen har rollen; tas bort när en administratör tar bort den",
    Retention.ERASURE_REQUEST: (
        "finns kvar som handling om begäran och beslutet; tjänsten gallrar den inte själv (det görs enligt "
        "dokumenthanteringsplanen); vem som beslutade tas bort om administratören själv raderas"
    ),
    Retention.UNIT_MANAGER_LIST: (
        "listan som gäller och de två som publicerades före den finns kvar; när en ny lista publiceras töms den "
        "äldre listans innehåll (bara antalet enheter och chefer finns kvar); en lista som laddades upp men inte "
        "publicerades tas bort när administratören trycker på Avbryt, annars efter ett dygn"
    ),
    Retention.GROUP_ROUND: (
        "vem som startade omgången tas bort när chefen ber om radering, eller N månader efter att omgången "
        "stängdes (en omgång som aldrig lades ut: N månader efter att den startades)"
    ),
    Retention.GROUP_ROUND_OPEN: "tas bort när omgången stängs (av chefen, eller dagen efter sista svarsdagen)",
    Retention.GROUP_ROUND_TEXT: (
        "tas bort `GROUP_ROUND_TEXT_MONTHS` månader (standard 6) efter att omgången stängdes, eller N månader om "
        "det är kortare; svarade färre än tröskeln tas svaren bort redan när omgången stängs (de kan aldrig visas); "
        "med `GROUP_ROUND_TEXT_MONTHS=0` och N av finns de kvar med omgången"
    ),
    Retention.ACTION_PLAN: (
        "åtgärdens texter och vem som skrev, markerade eller följde upp den tas bort N månader efter att åtgärden "
        "följdes upp i nästa självvärdering eller markerades som klar (en åtgärd som aldrig avslutas: N månader "
        "efter sista dagen); när chefen raderas tas chefens namn och kommentar bort men åtgärden och vem som "
        "ansvarar finns kvar som enhetens plan"
    ),
    Retention.PULSE: (
        "tas bort när chefen ber om radering, eller N månader efter att frågan ställdes; säger bara att chefen "
        "fick frågan och om chefen har svarat, aldrig vad"
    ),
    Retention.PULSE_ANSWER: (
        "svaren är inte kopplade till någon chef och finns kvar för trenden; tjänsten gallrar dem inte (det görs "
        "enligt dokumenthanteringsplanen)"
    ),
}


@dataclass(frozen=True)
class PersonalColumn:
    what: str  # what the column holds about a person
    retention: Retention


PERSONAL: dict[str, dict[str, PersonalColumn]] = {
    "managers": {
        "teams_user_id": PersonalColumn("chefens Teams-id (för den här appen)", Retention.MANAGER),
        "aad_object_id": PersonalColumn("chefens Entra-objekt-id", Retention.MANAGER),
        "display_name": PersonalColumn("chefens namn som Teams visar det", Retention.MANAGER),
        "email": PersonalColumn(
            "chefens e-postadress, bara när listan över enhetschefer anger chefen med den", Retention.MANAGER
        ),
        "locale": PersonalColumn("chefens språk i Teams", Retention.MANAGER),
        "conversation_reference": PersonalColumn(
            "adressen till chefens chatt med boten (för att kunna skriva till chefen)", Retention.MANAGER
        ),
        "current_unit_id": PersonalColumn("vilken enhet chefen senast valde", Retention.MANAGER),
        "reminders_off_at": PersonalColumn("när chefen stängde av påminnelser", Retention.MANAGER),
        "last_reminded_at": PersonalColumn("när chefen senast blev påmind", Retention.MANAGER),
        "unreachable_since": PersonalColumn(
            "sedan när Teams vägrar ta emot meddelanden till chefen", Retention.MANAGER
        ),
        "created_at": PersonalColumn("när chefen första gången skrev till boten", Retention.MANAGER),
        "last_seen_at": PersonalColumn("när chefen senast använde boten", Retention.MANAGER),
    },
    "manager_units": {
        "manager_id": PersonalColumn("vilka enheter chefen gör självvärderingar för", Retention.MANAGER),
    },
    "assessments": {
        "started_by": PersonalColumn("vilken chef som påbörjade självvärderingen", Retention.ASSESSMENT),
        "submitted_by": PersonalColumn("vilken chef som skickade in den", Retention.ASSESSMENT),
        "stop_doing": PersonalColumn(
            "chefens svar på ”Vad kan vi sluta göra?” (fritext, valfri; kvalitetsteamet läser den i rapport och "
            "export)",
            Retention.ASSESSMENT,
        ),
        "stop_doing_by": PersonalColumn(
            "vilken chef som skrev svaret på ”Vad kan vi sluta göra?”", Retention.ASSESSMENT
        ),
    },
    "answers": {
        "comment": PersonalColumn("chefens kommentar till en faktor (fritext)", Retention.ASSESSMENT),
        "answered_by": PersonalColumn("vilken chef som bedömde faktorn", Retention.ASSESSMENT),
    },
    "improvement_ideas": {
        "text": PersonalColumn("chefens förbättringsidé (fritext)", Retention.ASSESSMENT),
        "written_by": PersonalColumn("vilken chef som skrev idén", Retention.ASSESSMENT),
    },
    "support_requests": {
        "manager_id": PersonalColumn("vilken chef som beställde", Retention.REQUEST),
        "fields": PersonalColumn("beställningsformulärets svar (kan vara fritext)", Retention.REQUEST),
        "description": PersonalColumn("chefens beskrivning av behovet (fritext)", Retention.REQUEST),
        "assignee_id": PersonalColumn("Entra-id för den i kvalitetsteamet som handlägger ärendet", Retention.REQUEST),
        "assignee_name": PersonalColumn("namnet på den som handlägger ärendet", Retention.REQUEST),
        "urgency_reason": PersonalColumn("varför ärendet är brådskande (fritext)", Retention.REQUEST),
        "planned_place": PersonalColumn("var besöket ska vara (fritext)", Retention.REQUEST),
    },
    "request_events": {
        "actor_id": PersonalColumn("Entra-id för den som gjorde något med ärendet", Retention.REQUEST),
        "actor_name": PersonalColumn("namnet på den som gjorde något med ärendet", Retention.REQUEST),
        "note": PersonalColumn("kvalitetsteamets kommentar eller anteckning (fritext)", Retention.REQUEST),
        "subject_id": PersonalColumn("Entra-id för den som fick ärendet tilldelat sig", Retention.REQUEST),
        "subject_name": PersonalColumn("namnet på den som fick ärendet tilldelat sig", Retention.REQUEST),
        "detail": PersonalColumn(
            "vad en rad i historiken visar utöver anteckningen, t.ex. en rättning före → efter (kan vara fritext)",
            Retention.REQUEST,
        ),
    },
    "request_followups": {
        "comment": PersonalColumn("chefens kommentar i uppföljningen (fritext)", Retention.FOLLOW_UP),
        "answered_by": PersonalColumn("vilken chef som svarade på uppföljningen", Retention.FOLLOW_UP),
    },
    "audit_log": {
        "actor_id": PersonalColumn("Entra- eller Teams-id för den som gjorde något", Retention.AUDIT),
        "actor_name": PersonalColumn("namnet på den som gjorde något", Retention.AUDIT),
        "subject": PersonalColumn("vad handlingen gällde, t.ex. ett ärendenummer eller en chefs id", Retention.AUDIT),
    },
    "bot_state": {
        "key": PersonalColumn("chattens och användarens Teams-id (nyckeln till chattens läge)", Retention.CHAT),
        "data": PersonalColumn(
            "var chefen är i dialogen, det som fylls i på ett kort innan det sparas, en kopia av chefens enheter",
            Retention.CHAT,
        ),
    },
    "outbox": {
        "manager_id": PersonalColumn("vilken chef ett meddelande ska till", Retention.OUTBOX),
        "payload": PersonalColumn(
            "vad meddelandet gäller: handling och period, ibland vem som agerade, en anteckning eller adressen "
            "till chefens chatt",
            Retention.OUTBOX,
        ),
    },
    "notification_channels": {
        "linked_by_id": PersonalColumn("Entra-id för administratören som kopplade kanalen", Retention.CHANNEL),
        "linked_by_name": PersonalColumn("namnet på administratören som kopplade kanalen", Retention.CHANNEL),
    },
    "team_installations": {
        "team_name": PersonalColumn("teamets namn (kan innehålla ett personnamn)", Retention.INSTALLATION),
    },
    "role_members": {
        "aad_object_id": PersonalColumn("Entra-id för den som har fått en roll", Retention.ROLE),
        "display_name": PersonalColumn("namnet på den som har fått en roll", Retention.ROLE),
        "added_by_id": PersonalColumn("Entra-id för administratören som gav rollen", Retention.ROLE),
        "added_by_name": PersonalColumn("namnet på administratören som gav rollen", Retention.ROLE),
    },
    "erasure_requests": {
        "manager_id": PersonalColumn("vilken chef som bad om radering", Retention.ERASURE_REQUEST),
        "decided_by_id": PersonalColumn("Entra-id för administratören som beslutade", Retention.ERASURE_REQUEST),
        "decided_by_name": PersonalColumn("namnet på administratören som beslutade", Retention.ERASURE_REQUEST),
        "reason": PersonalColumn("administratörens skäl för att avslå (fritext)", Retention.ERASURE_REQUEST),
    },
    "unit_manager_lists": {
        "content": PersonalColumn(
            "vilka som får leda vilken enhet: chefernas e-postadresser eller Entra-id per enhet",
            Retention.UNIT_MANAGER_LIST,
        ),
    },
    "group_rounds": {
        "started_by": PersonalColumn("vilken chef som startade arbetsgruppens bedömning", Retention.GROUP_ROUND),
    },
    "group_round_comments": {
        "text": PersonalColumn(
            "en medlems svar på ”Vad skulle göra störst skillnad?” (fritext utan namn, på en slumpad plats; kan "
            "ändå nämna någon)",
            Retention.GROUP_ROUND_TEXT,
        ),
    },
    "group_round_voters": {
        "token": PersonalColumn(
            "kontrollsumma (HMAC) av omgången och en medlems Teams-id, så att var och en svarar en gång; säger inte "
            "vad medlemmen svarade",
            Retention.GROUP_ROUND_OPEN,
        ),
    },
    "group_round_keys": {
        "key": PersonalColumn(
            "omgångens slumpade nyckel till kontrollsummorna; utan den går de inte att koppla till någon",
            Retention.GROUP_ROUND_OPEN,
        ),
    },
    "actions": {
        "what": PersonalColumn("en åtgärd i enhetens åtgärdsplan (fritext)", Retention.ACTION_PLAN),
        "responsible": PersonalColumn(
            "vem som ansvarar för åtgärden: oftast en roll, ibland ett namn (fritext)", Retention.ACTION_PLAN
        ),
        "outcome_comment": PersonalColumn(
            "chefens kommentar om hur åtgärden gick (fritext, valfri)", Retention.ACTION_PLAN
        ),
        "written_by": PersonalColumn("vilken chef som skrev åtgärden", Retention.ACTION_PLAN),
        "done_by": PersonalColumn("vilken chef som markerade åtgärden som klar", Retention.ACTION_PLAN),
        "followed_up_by": PersonalColumn("vilken chef som följde upp åtgärden", Retention.ACTION_PLAN),
    },
    "pulse_invitations": {
        "manager_id": PersonalColumn("vilken chef som fick styrmodellspulsen en period", Retention.PULSE),
        "asked_at": PersonalColumn("när chefen fick frågan", Retention.PULSE),
        "answered": PersonalColumn(
            "om chefen har svarat (inte vad: svaret sparas utan koppling till chefen)", Retention.PULSE
        ),
    },
    "pulse_answers": {
        "comment": PersonalColumn(
            "en chefs kommentar i styrmodellspulsen (fritext utan namn och tid, på en slumpad plats; kan ändå nämna "
            "någon)",
            Retention.PULSE_ANSWER,
        ),
    },
    "send_slots": {
        "key": PersonalColumn(
            "kontrollsumma (sha256) av chattens id, för att hålla Teams sändningsgränser", Retention.PACING
        ),
    },
    "processed_activities": {
        "key": PersonalColumn(
            "id för chatten och meddelandet (för att inte göra något två gånger)", Retention.REDELIVERY
        ),
    },
}

# Columns that hold no personal data: keys, statuses, scores, times of things rather than of people, and the
# municipality's own catalogue. A score is about a unit, not a person, once who gave it is gone.
NOT_PERSONAL: dict[str, tuple[str, ...]] = {
    "managers": ("id", "tenant_id"),
    "manager_units": ("unit_id", "created_at"),
    "assessments": (
        "id",
        "tenant_id",
        "unit_id",
        "period",
        "version",
        "status",
        "catalogue_version",
        "created_at",
        "updated_at",
        "submitted_at",
        "awaits_digest",
    ),
    "answers": ("assessment_id", "factor_key", "score", "updated_at", "unrated"),
    "improvement_ideas": ("assessment_id", "perspective_key"),
    "support_requests": (
        "id",
        "reference",
        "order_key",
        "tenant_id",
        "unit_id",
        "offering_key",
        "catalogue_version",
        "preferred_period",
        "assessment_id",
        "perspective_key",
        "factor_key",
        "urgent",
        "status",
        "planned_for",
        "planned_time",
        "planned_online",
        "revision",
        "card_activity_id",
        "card_conversation_id",
        "created_at",
        "updated_at",
    ),
    "request_events": ("id", "request_id", "action", "from_status", "to_status", "at"),
    "request_followups": ("request_id", "score", "answered_at"),
    "audit_log": ("id", "tenant_id", "action", "at"),
    "bot_state": ("e_tag", "updated_at"),
    "outbox": (
        "id",
        "kind",
        "target",
        "queue",
        "tenant_id",
        "request_id",
        "assessment_id",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_by",
        "claimed_until",
        "posted_activity_id",
        "last_error",
        "created_at",
        "sent_at",
    ),
    "notification_channels": (
        "tenant_id",
        "team_id",
        "channel_id",
        "channel_name",
        "service_url",
        "bot_id",
        "linked_at",
    ),
    "team_installations": ("team_id", "tenant_id", "service_url", "installed_at", "removed_at"),
    "processed_activities": ("received_at", "finished_at", "instance"),
    "send_slots": ("id", "at"),
    "instances": ("id", "host", "pid", "started", "beat_at"),
    "role_members": ("tenant_id", "role", "added_at"),
    "erasure_requests": ("id", "tenant_id", "requested_at", "status", "decided_at", "reminded_at"),
    "reference_counters": ("year", "last"),
    "catalogue_versions": ("version", "content", "created_at"),
    "catalogue_publications": ("id", "version", "origin", "published_at"),
    "unit_manager_lists": ("id", "digest", "units", "links", "created_at"),
    "unit_manager_publications": ("id", "list_id", "origin", "published_at"),
    "catalogue_factors": ("catalogue_version", "factor_key", "perspective_key", "position", "unit_type"),
    "units": ("id", "key", "name", "department_key", "department_name", "active", "updated_at", "unit_type"),
    # The work group's rounds: what was asked, where the card is (a chat's id names no one), how many answered;
    # the answers only as counts per factor and choice, with no time and no order.
    "group_rounds": (
        "id",
        "tenant_id",
        "unit_id",
        "period",
        "catalogue_version",
        "factor_keys",
        "status",
        "min_answers",
        "answers",
        "ends_on",
        "conversation_id",
        "service_url",
        "bot_id",
        "card_activity_id",
        "reminded_at",
        "created_at",
        "opened_at",
        "closed_at",
    ),
    "group_round_keys": ("round_id",),
    # The action plan: which unit, assessment and factor an action is for, its last day and how it went.
    "actions": (
        "id",
        "tenant_id",
        "unit_id",
        "assessment_id",
        "perspective_key",
        "factor_key",
        "due_on",
        "status",
        "created_at",
        "done_at",
        "reminded_at",
        "outcome",
        "followed_up_in",
        "followed_up_at",
    ),
    "group_round_voters": ("round_id",),
    "group_round_scores": ("round_id", "factor_key", "choice", "count"),
    "group_round_comments": ("round_id", "position"),
    # The pulse: which period and tenant an invitation or answer is for, and the rating, which names no one.
    "pulse_invitations": ("period", "tenant_id"),
    "pulse_answers": ("tenant_id", "period", "position", "score"),
}
