"""Build the Teams app package: build/appPackage.zip with the bot's app id and the municipality's links.

    python tools/build_app_package.py [--version 1.0.1] [--out build/appPackage.zip]

The app id comes from MicrosoftAppId, the municipality's pages from WEBSITE_URL, PRIVACY_URL and
TERMS_OF_USE_URL, each in the environment or in `.env`: the manifest's example addresses never reach Teams.
The manifest is validated against the vendored Teams schema before the zip is written, so Teams will not refuse
it for its shape.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import jsonschema

from domain.privacy_notice import is_web_address

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "appPackage"
SCHEMAS = ROOT / "tests" / "schemas" / "teams-v1.30"
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
FILES = ("color.png", "outline.png", "en-us.json")
# The manifest's developer links (field → setting): Teams shows them with the app, so none may stay an example
LINKS = {"websiteUrl": "WEBSITE_URL", "privacyUrl": "PRIVACY_URL", "termsOfUseUrl": "TERMS_OF_USE_URL"}


class PackageError(Exception):
    """The package cannot be built; the message says why and what to do."""


def setting_from(name: str, environment: dict[str, str], env_file: Path) -> str:
    """A setting from the environment, else from `.env` (KEY=VALUE lines)."""
    if environment.get(name):
        return environment[name].strip()
    if env_file.exists():
        for line in env_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == name:
                return value.strip().strip("'\"")
    return ""


def app_id_from(environment: dict[str, str], env_file: Path) -> str:
    return setting_from("MicrosoftAppId", environment, env_file)


def links_from(environment: dict[str, str], env_file: Path) -> dict[str, str]:
    """The manifest's privacyUrl and termsOfUseUrl, as the municipality configured them."""
    return {field: setting_from(name, environment, env_file) for field, name in LINKS.items()}


def manifest_for(app_id: str, version: str | None, links: dict[str, str]) -> dict[str, Any]:
    if not GUID.match(app_id):
        raise PackageError(
            "MicrosoftAppId must be the bot registration's app id (a GUID); set it in the environment or .env"
        )
    for field, name in LINKS.items():
        if not is_web_address(links.get(field, "")):
            raise PackageError(
                f"{name} must be the municipality's own https page (Teams shows it with the app); "
                f"set it in the environment or .env, got {links.get(field, '')!r}"
            )
    manifest = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
    manifest["developer"].update({field: links[field] for field in LINKS})
    manifest["id"] = app_id
    for bot in manifest["bots"]:
        bot["botId"] = app_id
    if version:
        manifest["version"] = version
    schema = json.loads((SCHEMAS / "MicrosoftTeams.schema.json").read_text(encoding="utf-8"))
    try:
        jsonschema.Draft4Validator(schema).validate(manifest)
    except jsonschema.ValidationError as error:
        raise PackageError(f"manifest.json does not match the Teams schema: {error.message}") from error
    return manifest


def build(app_id: str, out: Path, version: str | None = None, *, links: dict[str, str]) -> Path:
    manifest = manifest_for(app_id, version, links)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for name in FILES:
            archive.write(PACKAGE / name, name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", help="the app version to write into the manifest, e.g. 1.0.1")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "appPackage.zip")
    args = parser.parse_args(argv)
    try:
        environment, env_file = dict(os.environ), ROOT / ".env"
        path = build(
            app_id_from(environment, env_file), args.out, args.version, links=links_from(environment, env_file)
        )
    except PackageError as error:
        print(f"Cannot build the app package: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {path}; upload it in Teams (Apps → Manage your apps → Upload an app).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
