"""A manager exports their data as a file into their own OneDrive over real HTTP: the consent card, the upload
of exactly the sender's data on "accept", nothing on "decline", and every forged or foreign answer refused
without a byte sent anywhere. The connector stand-in plays both Teams' connector and the upload session."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from app import DATABASE
from bot.file_consent import upload_target
from domain.catalogue import Catalogue
from domain.requests import Order
from services.catalogues import Catalogues
from services.privacy import Privacy
from services.requests import Requests
from settings import Settings, SettingsError
from storage.activities import ProcessedActivities
from storage.database import Database
from storage.models import BotStateRow, ManagerRow
from tests.constants import TODAY
from tests.http_service import Service, start_service
from tools.connector_standin import ConnectorStandIn

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
UNIQUE_ID = "1150D938-8870-4044-9F2C-5BBDEBA70C8C"


@pytest.fixture
async def export_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> AsyncIterator[Service]:
    """The service as in production, except that the stand-in on 127.0.0.1 plays the manager's OneDrive."""
    hosts = ("*.sharepoint.com", "http://127.0.0.1")
    running, runner = await start_service(replace(settings, file_upload_hosts=hosts), catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()


def said(service: Service, user: str, **fields: Any) -> dict[str, Any]:
    body = service.activity(user=user, **fields)
    body["from"]["name"] = {"anna": "Anna Andersson", "bo": "Bo Berg"}.get(user, user.title())
    return body


async def save_a_perspective(service: Service, catalogue: Catalogue, user: str, comment: str, idea: str) -> None:
    """The manager starts (or carries on) the unit's self-assessment and saves one card with their own text."""
    await service.post(said(service, user, text="självvärdering"))
    department = catalogue.departments[0]
    await service.post(said(service, user, value={"action": "choose_department", "department": department.key}))
    await service.post(said(service, user, value={"action": "choose_unit", "unit": department.units[0].key}))
    card = service.cards()[-1]
    perspective = next(p for p in catalogue.perspectives if p.name.sv == card["body"][0]["text"])
    values = {f"score.{f.key}": "3" for f in perspective.factors}
    values[f"comment.{perspective.factors[0].key}"] = comment
    await service.post(said(service, user, value={**card["actions"][0]["data"], **values, "idea": idea}))


async def two_managers_of_one_unit(service: Service, catalogue: Catalogue) -> None:
    """Anna and Bo work on the same draft, each with their own comment and idea; Anna has also ordered support."""
    await save_a_perspective(service, catalogue, "anna", "Annas kommentar om schemat", "Annas idé om handledning")
    await save_a_perspective(service, catalogue, "bo", "Bos hemliga kommentar", "Bos idé om lokalerna")
    database: Database = service.app[DATABASE]
    async with database.reading() as session:
        anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
    assert anna is not None
    requests = Requests(database, Catalogues(database, catalogue), today=lambda: TODAY)
    unit = catalogue.departments[0].units[0].key
    await requests.order(anna, Order("processkartlaggning", unit, {"process": "Inskrivning"}, "Annas behov", "asap"))


async def offer(service: Service, user: str = "anna") -> dict[str, Any]:
    """Open "Mina uppgifter", press "Exportera mina uppgifter", and return the consent attachment sent."""
    await service.post(said(service, user, text="mina uppgifter"))
    shown = data_card(service)
    [export] = [a for a in shown["actions"] if a["title"] == "Exportera mina uppgifter"]
    await service.post(said(service, user, value=export["data"]))
    offers = [m for m in service.connector.messages(f"a:personal-{user}") if _attachments(m.body, CONSENT)]
    [consent] = _attachments(offers[-1].body, CONSENT)
    return consent


def answer(
    service: Service, consent: dict[str, Any], action: str, *, user: str = "anna", name: str = "export", **where: Any
) -> dict[str, Any]:
    """Teams' `fileConsent/invoke` when the manager presses Allow or Decline; `uploadInfo` points at the stand-in."""
    context = consent["content"]["acceptContext" if action == "accept" else "declineContext"]
    value: dict[str, Any] = {"type": "fileUpload", "action": action, "context": context}
    if action == "accept":
        value["uploadInfo"] = {
            "contentUrl": f"{service.connector.url}files/{name}.json",
            "name": consent["name"],
            "uploadUrl": f"{service.connector.url}upload/{name}",
            "uniqueId": UNIQUE_ID,
            "fileType": "json",
            "etag": "1",
        }
    return said(service, user, type="invoke", name="fileConsent/invoke", value=value, **where)


def data_card(service: Service) -> dict[str, Any]:
    """The latest "Det här har jag sparat om dig" card."""
    return [c for c in service.cards() if c.get("body", [{}])[0].get("text") == "Det här har jag sparat om dig"][-1]


def _attachments(body: dict[str, Any], content_type: str) -> list[dict[str, Any]]:
    return [a for a in body.get("attachments") or [] if a.get("contentType") == content_type]


def file_cards(service: Service) -> list[dict[str, Any]]:
    return [a for m in service.connector.messages() for a in _attachments(m.body, FILE_INFO)]


async def test_the_data_card_offers_the_export_and_says_it_holds_every_text(
    export_service: Service, catalogue: Catalogue
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)

    shown = json.dumps(data_card(export_service), ensure_ascii=False)
    assert "Exporten innehåller allt som står här och dessutom hela texten i dina kommentarer" in shown
    assert re.fullmatch(r"kvalitetslotsen-mina-uppgifter-\d{4}-\d{2}-\d{2}\.json", consent["name"])
    content = consent["content"]
    assert content["sizeInBytes"] > 500 and "OneDrive" in content["description"]
    assert content["acceptContext"] == content["declineContext"]
    assert "anna" not in json.dumps(content["acceptContext"]).lower()  # the card names nobody
    assert export_service.connector.uploads == []  # offering uploads nothing

    # the data card stays usable after the offer: its other button still works
    erase = next(a for a in json.loads(shown)["actions"] if a["title"] == "Radera mina uppgifter")
    await export_service.post(said(export_service, "anna", value=erase["data"]))
    assert "Det här är allmänna handlingar" in json.dumps(export_service.cards()[-1], ensure_ascii=False)


async def test_accepting_uploads_exactly_the_senders_data_and_shows_the_file(
    export_service: Service, catalogue: Catalogue
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)

    status, body = await export_service.call(answer(export_service, consent, "accept"))
    assert (status, body) == (200, None)

    [upload] = export_service.connector.uploads
    size = len(upload.content)
    assert upload.headers["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    assert upload.headers["Content-Length"] == str(size)
    assert "Authorization" not in upload.headers  # OneDrive's upload URL carries its own authorisation
    raw = upload.content.decode()
    assert "Bos hemliga kommentar" not in raw and "Bos idé" not in raw and "Bo Berg" not in raw
    data = json.loads(raw)
    assert data["format"] == "kvalitetslotsen-personal-data" and data["language"] == "sv"
    datetime.fromisoformat(data["created_at"])
    person = data["person"]
    assert (person["display_name"], person["teams_user_id"], person["entra_object_id"]) == (
        "Anna Andersson",
        "29:anna",
        "aad-anna",
    )
    assert person["conversation_reference"]["conversation"]["id"] == "a:personal-anna"
    assert (person["reminders_off_since"], person["last_reminded"]) == (None, None)  # on, never reminded
    assert [u["key"] for u in data["units"]] == [catalogue.departments[0].units[0].key]
    [assessment] = data["self_assessments"]
    assert assessment["started_by_you"] and assessment["status"] == "draft"
    first = catalogue.perspectives[0]
    assert {a["factor_key"] for a in assessment["answers"]} == {f.key for f in first.factors}  # not Bo's factors
    commented = next(a for a in assessment["answers"] if a["comment"])
    assert commented["comment"] == "Annas kommentar om schemat" and commented["score"] == 3
    assert commented["factor"] == first.factors[0].text.sv and commented["perspective"] == first.name.sv
    assert commented["score_label"] == catalogue.scale.label(3).sv
    datetime.fromisoformat(commented["saved_at"])
    assert [i["text"] for i in assessment["improvement_ideas"]] == ["Annas idé om handledning"]
    [request] = data["support_requests"]
    assert (request["reference"], request["description"], request["fields"]) == (
        "KL-2026-0001",
        "Annas behov",
        {"process": "Inskrivning"},
    )
    assert [e["action"] for e in request["events"]] == ["created"] and request["events"][0]["by_you"]
    assert [(e["action"], e["by_you"]) for e in data["audit_log"]] == [("request.created", True)]

    [file_card] = file_cards(export_service)
    assert file_card["contentUrl"] == f"{export_service.connector.url}files/export.json"
    assert file_card["name"] == consent["name"]
    assert file_card["content"] == {"uniqueId": UNIQUE_ID, "fileType": "json"}
    assert export_service.texts()[-1] == "Klart! Filen med dina uppgifter finns nu i din OneDrive."


async def test_the_file_is_always_the_senders_own_whoever_accepts(
    export_service: Service, catalogue: Catalogue
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)  # Anna's offer …

    status, _ = await export_service.call(answer(export_service, consent, "accept", user="bo"))  # … Bo answers
    assert status == 200
    [upload] = export_service.connector.uploads
    raw = upload.content.decode()
    assert "Bos hemliga kommentar" in raw and "Annas kommentar" not in raw and "Annas behov" not in raw
    assert json.loads(raw)["person"]["teams_user_id"] == "29:bo"

    # a context that names someone is not this bot's offer at all: refused, nothing uploaded
    forged = {**consent, "content": {**consent["content"], "acceptContext": {"teams_user_id": "29:anna"}}}
    status, _ = await export_service.call(answer(export_service, forged, "accept", user="bo", name="forged"))
    assert status == 400
    assert len(export_service.connector.uploads) == 1


async def test_declining_uploads_nothing_and_says_so_politely(export_service: Service, catalogue: Catalogue) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)

    status, _ = await export_service.call(answer(export_service, consent, "decline"))
    assert status == 200
    assert export_service.connector.uploads == [] and file_cards(export_service) == []
    assert export_service.texts()[-1] == (
        "Okej, jag sparar ingen fil. Du kan exportera dina uppgifter när du vill under **mina uppgifter**."
    )


@pytest.mark.parametrize(
    "forge",
    [
        lambda url: url.replace("127.0.0.1", "localhost"),  # the same machine by a name not allowed
        lambda url: url.replace("http://", "http://anna@"),  # credentials in the URL
        lambda url: url.replace("http://127.0.0.1", "https://contoso-my.sharepoint.com.evil.example"),
        lambda url: "file:///etc/passwd",
    ],
    ids=["other-host", "credentials", "look-alike", "not-http"],
)
async def test_a_forged_upload_address_is_refused_and_nothing_is_sent(
    export_service: Service, catalogue: Catalogue, forge: Any
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)
    body = answer(export_service, consent, "accept")
    body["value"]["uploadInfo"]["uploadUrl"] = forge(body["value"]["uploadInfo"]["uploadUrl"])

    status, _ = await export_service.call(body)
    assert status == 200  # the chat has said why: an error status would only make Teams add its own message
    assert export_service.connector.uploads == [] and file_cards(export_service) == []
    assert export_service.texts()[-1].startswith("Jag sparade ingen fil: platsen den skulle sparas på är inte")

    # the file's shown address is checked as well: a forged one stops the upload too
    body = answer(export_service, consent, "accept")
    body["value"]["uploadInfo"]["contentUrl"] = "https://phishing.example/anna.json"
    status, _ = await export_service.call(body)
    assert status == 200 and export_service.connector.uploads == []
    assert export_service.texts()[-1].startswith("Jag sparade ingen fil: platsen den skulle sparas på är inte")


async def test_a_failed_upload_is_told_kindly_and_the_invoke_still_answered(
    export_service: Service, catalogue: Catalogue
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)
    export_service.connector.upload_status = 500

    status, _ = await export_service.call(answer(export_service, consent, "accept"))
    assert status == 200
    assert len(export_service.connector.uploads) == 1 and file_cards(export_service) == []
    assert export_service.texts()[-1] == (
        "Jag kunde inte spara filen i din OneDrive just nu. Försök igen om en stund under **mina uppgifter**."
    )


async def test_an_accept_sent_again_uploads_once_and_tells_the_outcome_once(
    export_service: Service, catalogue: Catalogue
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)
    accept = answer(export_service, consent, "accept")
    told_before = len(export_service.texts())

    first, again = await asyncio.gather(export_service.call(accept), export_service.call(accept))  # Teams retries
    later = await export_service.call(accept)
    retried = await export_service.call({**accept, "id": "another-activity"})  # the same consent's upload session
    assert [status for status, _ in (first, again, later, retried)] == [200, 200, 200, 200]
    assert len(export_service.connector.uploads) == 1 and len(file_cards(export_service)) == 1
    told = export_service.texts()[told_before:]
    assert told == ["Klart! Filen med dina uppgifter finns nu i din OneDrive."]  # never "failed" after "done"


async def chat_states(service: Service) -> set[tuple[str, str]]:
    database: Database = service.app[DATABASE]
    async with database.reading() as session:
        return {(row.key, row.data) for row in await session.scalars(select(BotStateRow))}


@pytest.mark.parametrize(
    ("owner", "method"),
    [(Privacy, "export_for"), (ProcessedActivities, "claim")],
    ids=["in-the-export", "in-the-turn"],  # the second reaches the turn's error handler
)
async def test_an_export_that_breaks_is_told_kindly_answered_and_leaves_the_chat_as_it_was(
    export_service: Service, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, owner: type, method: str
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)
    before = await chat_states(export_service)
    assert any(key.endswith("a:personal-anna") for key, _ in before)  # the dialog has a place to keep

    async def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(owner, method, broken)
    status, _ = await export_service.call(answer(export_service, consent, "accept"))

    assert status == 200
    assert export_service.connector.uploads == [] and file_cards(export_service) == []
    assert export_service.texts()[-1] == (
        "Jag kunde inte spara filen i din OneDrive just nu. Försök igen om en stund under **mina uppgifter**."
    )
    assert await chat_states(export_service) == before


async def test_an_answer_from_another_tenant_is_refused_like_every_invoke(
    export_service: Service, catalogue: Catalogue
) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)
    sent_before = len(export_service.connector.messages())

    body = answer(export_service, consent, "accept", tenant="00000000-0000-4000-8000-0000000000ff")
    status, _ = await export_service.call(body)
    assert status == 403
    assert export_service.connector.uploads == []
    assert len(export_service.connector.messages()) == sent_before  # not even an answer in the chat


async def test_an_answer_from_a_channel_is_refused(export_service: Service, catalogue: Catalogue) -> None:
    await two_managers_of_one_unit(export_service, catalogue)
    consent = await offer(export_service)
    body = answer(export_service, consent, "accept")
    channel = export_service.in_channel("invoke", name="fileConsent/invoke", value=body["value"])

    status, _ = await export_service.call(channel)
    assert status == 400 and export_service.connector.uploads == []


LOCAL = ("*.sharepoint.com", "http://127.0.0.1")


@pytest.mark.parametrize(
    ("url", "plain_http", "allowed"),
    [
        ("https://contoso-my.sharepoint.com/personal/anna/_api/v2.0/uploadSession?guid=a%2Bb", False, True),
        ("https://CONTOSO-MY.SharePoint.com/x", False, True),
        ("https://contoso-my.sharepoint.com:443/x", False, True),
        ("https://sharepoint.com/x", False, False),  # the wildcard needs a subdomain
        ("https://contoso-my.sharepoint.com:8443/x", False, False),
        ("https://contoso-my.sharepoint.com./x", False, False),
        ("https://evil.example/?.sharepoint.com", False, False),
        ("https://evil.example#.sharepoint.com", False, False),
        ("https://evilsharepoint.com/x", False, False),
        ("https://a.sharepoint.com@evil.example/x", False, False),
        ("https://evil.example\\@a.sharepoint.com/x", False, False),
        ("https://a.sharepoint.com/x y", False, False),
        ("https://a.sharepoint.com/x\r\nHost: evil", False, False),
        ("http://contoso-my.sharepoint.com/x", True, False),  # plain HTTP only to a listed local host
        ("https://169.254.169.254/latest/meta-data", False, False),
        ("http://127.0.0.1:8080/upload/x", True, True),
        ("http://127.0.0.1:8080/upload/x", False, False),  # production: never plain HTTP
        ("//contoso-my.sharepoint.com/x", False, False),
        (None, False, False),
        (["https://contoso-my.sharepoint.com/x"], False, False),
    ],
)
def test_only_https_addresses_on_allowed_hosts_are_upload_targets(url: object, plain_http: bool, allowed: bool) -> None:
    assert (upload_target(url, LOCAL, plain_http=plain_http) is not None) is allowed


@pytest.mark.parametrize(
    ("listed", "environment", "accepted"),
    [
        ("*.sharepoint.com", "production", True),
        ("*.sharepoint.com,contoso-my.sharepoint.com", "production", True),
        ("http://127.0.0.1", "local", True),
        ("http://127.0.0.1", "production", False),  # production uploads over HTTPS only
        ("http://files.example.org", "local", False),  # plain HTTP only to this machine
        ("*.com", "local", False),
        ("https://a.sharepoint.com/path", "local", False),
    ],
)
def test_file_upload_hosts_setting(
    monkeypatch: pytest.MonkeyPatch, listed: str, environment: str, accepted: bool
) -> None:
    for name in ("MicrosoftAppId", "MicrosoftAppTenantId", "ALLOWED_TENANT_IDS", "UNIT_MANAGERS_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENVIRONMENT", environment)
    monkeypatch.setenv("FILE_UPLOAD_HOSTS", listed)
    try:
        settings = Settings.from_environment(env_file=None)
    except SettingsError as error:  # production without an app id stops too, but not for this setting
        refused = "FILE_UPLOAD_HOSTS" in str(error)
    else:
        refused = False
        assert settings.file_upload_hosts == tuple(listed.split(","))
    assert refused is not accepted


def test_by_default_only_sharepoint_online_hosts_are_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FILE_UPLOAD_HOSTS", raising=False)
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    assert Settings.from_environment(env_file=None).file_upload_hosts == ("*.sharepoint.com",)
