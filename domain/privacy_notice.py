"""What the municipality tells a manager about the processing of their personal data (GDPR art. 13): who is
responsible, on what legal basis, for how long, whom to ask, and the right to complain. The facts are the
municipality's own and come from its configuration; the wording is in texts/."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

SUPERVISORY_AUTHORITY_URL = "https://www.imy.se"  # Integritetsskyddsmyndigheten, where a complaint is filed


@dataclass(frozen=True)
class PrivacyNotice:
    controller: str = ""  # personuppgiftsansvarig, e.g. "Kommunstyrelsen i Sjövik"
    dpo_contact: str = ""  # how to reach the municipality's data protection officer (e-mail or phone)
    privacy_url: str = ""  # the municipality's page on how it processes personal data
    retention_months: int = 0  # what RETENTION_MONTHS says: 0 is "kept until erased or culled by the plan"

    @property
    def complete(self) -> bool:
        """Everything art. 13 asks for is configured (production refuses to start otherwise)."""
        return bool(self.controller and self.dpo_contact and is_web_address(self.privacy_url))


def is_web_address(text: str) -> bool:
    """An https address a Teams client can open (no placeholder host)."""
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    placeholder = host in ("example.org", "example.com", "example.net") or host.endswith(".example")
    return parts.scheme == "https" and bool(host) and "." in host and not placeholder
