"""Checks every file an administrator uploads passes before it is parsed: its size, and a workbook's zip entries
(count, unpacked size, compression ratio, no DTDs) before openpyxl opens it. Shared by the catalogue's files
(services/catalogue_files.py) and the list of unit managers' (services/unit_manager_files.py); each says a
refusal in its own problems, by the code `Refused` carries."""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

import openpyxl

MAX_ZIP_ENTRIES = 500  # a workbook of ten sheets has about 25
MAX_UNPACKED_BYTES = 50_000_000  # all entries together, unpacked; a 300-unit catalogue is well under 1 MB
MAX_RATIO = 200  # unpacked / packed, for an entry over RATIO_FROM bytes: more is a zip bomb, not a workbook
RATIO_FROM = 1_000_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook
_DTD = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le"))
_DTD += tuple(marker.encode("utf-16-be") for marker in ("<!DOCTYPE", "<!ENTITY"))


class Refused(Exception):
    """The file is refused before it is parsed; `code` (with `params`) says why, as a problem code."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def check_zip(data: bytes) -> None:
    """Refuse a zip bomb before openpyxl sees it. zipfile never unpacks an entry beyond its declared size, so
    the declared sizes bound the work; a DTD (entities, "billion laughs") has no place in a workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                raise Refused("workbook_too_large")
            for entry in entries:
                if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
                    raise Refused("workbook_too_large")
            for entry in entries:
                if _has_dtd(archive, entry):
                    raise Refused("not_xlsx")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
        raise Refused("not_xlsx") from error  # broken, encrypted or an unknown compression


def _has_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            if any(marker in window for marker in _DTD):
                return True
            tail = window[-32:]
    return False


def open_workbook(data: bytes) -> Any:
    """A checked workbook opened read-only, formulas as the values Excel saved, external links not loaded; the
    caller closes it. Refused as not_xlsx (or old_excel) when it is no workbook, or fails check_zip."""
    if not data.startswith(ZIP_MAGIC):
        raise Refused("old_excel" if data.startswith(OLE_MAGIC) else "not_xlsx")
    check_zip(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of parts it drops (extensions, data validation)
        try:
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except Exception as error:  # a hostile or broken file can fail anywhere inside openpyxl
            raise Refused("not_xlsx") from error


def other_encoding(data: bytes) -> bool:
    """Text in another encoding than UTF-8: UTF-16 (a byte order mark, or every other byte zero) or a
    single-byte one such as Windows-1252 (no zero bytes at all); a binary file has zero bytes here and there."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" not in head:
        return True
    odd, even = head[1::2].count(0) / len(head), head[0::2].count(0) / len(head)
    return (odd > 0.3 and even < 0.05) or (even > 0.3 and odd < 0.05)


def size_text(limit: int) -> str:
    """A size limit as people read it: "5 MB", "200 kB"."""
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{max(1, limit // 1000)} kB"
