"""Render the generated part of docs/dataskydd.md — the tables and columns that hold personal data, and how long
each stays — from storage/personal_data.py, so the record of processing cannot drift from the schema.

    python tools/dataskydd.py          rewrite the generated part of docs/dataskydd.md
    python tools/dataskydd.py --check  exit 1 when the document is not what the schema says
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.personal_data import HOW_LONG, NOT_PERSONAL, PERSONAL  # noqa: E402

DOCUMENT = ROOT / "docs" / "dataskydd.md"
BEGIN = "<!-- genererat från storage/personal_data.py: ändra där och kör python tools/dataskydd.py -->"
END = "<!-- /genererat -->"


def rendered() -> str:
    lines = ["| Tabell | Kolumn | Vad den innehåller | Kategori |", "|---|---|---|---|"]
    for table in sorted(PERSONAL):
        for column, fact in PERSONAL[table].items():
            lines.append(f"| `{table}` | `{column}` | {fact.what} | {fact.retention.value} |")
    lines += [
        "",
        "Hur länge varje kategori sparas (N är `RETENTION_MONTHS`; med 0 gallrar tjänsten inte själv, utom "
        "gruppbedömningens fritextsvar):",
        "",
    ]
    lines += [f"- **{kind.value}**: {how_long}" for kind, how_long in HOW_LONG.items()]
    lines += ["", "Kolumner utan personuppgifter:", ""]
    lines += [f"- `{table}`: " + ", ".join(f"`{c}`" for c in NOT_PERSONAL[table]) for table in sorted(NOT_PERSONAL)]
    return "\n".join(lines)


def with_generated(document: str) -> str:
    head, begin, rest = document.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise SystemExit(f"{DOCUMENT} lacks the markers of its generated part")
    return f"{head}{BEGIN}\n{rendered()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args(argv).check
    current = DOCUMENT.read_text(encoding="utf-8")
    wanted = with_generated(current)
    if check:
        if current != wanted:
            print(f"{DOCUMENT} is out of date: run python tools/dataskydd.py", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
