"""The files the bot offers to put in someone's OneDrive (bot/file_consent.py): a manager's own data, and the
catalogue for an administrator. Each is built when the person accepts, for the sender of that answer alone."""

from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards.catalogue import catalogue_instructions
from bot.cards.privacy import export_file_name
from bot.file_consent import FileOffer
from bot.sender import entra_id_of, tenant_of
from domain.calendar import municipal_today
from services.catalogue_publishing import CataloguePublishing
from services.privacy import Privacy
from texts import Texts

MY_DATA, CATALOGUE_XLSX = "my_data_export", "catalogue_xlsx"  # the offers' names, as their cards' context says


def my_data_offer(privacy: Privacy) -> FileOffer:
    async def build(activity: Activity, texts: Texts) -> bytes:
        about = texts.t("my_data.export_about")
        return await privacy.export_for(
            tenant_of(activity) or "", activity.from_property.id, language=texts.language, about=about
        )

    return FileOffer(build, lambda texts: export_file_name(texts, municipal_today()), "json", "my_data.export")


def catalogue_offer(publishing: CataloguePublishing) -> FileOffer:
    """The catalogue in force as Excel, for an administrator still (NotAllowed otherwise); audited as a download."""

    async def build(activity: Activity, texts: Texts) -> bytes:
        return await publishing.download(
            tenant_of(activity) or "",
            holder=entra_id_of(activity),
            format="xlsx",
            instructions=catalogue_instructions(texts),
        )

    return FileOffer(build, catalogue_file_name, "xlsx", "catalogue.onedrive")


def catalogue_file_name(texts: Texts) -> str:
    return f"kvalitetslotsen-{texts.plain('catalogue.file_name')}.xlsx"
