"""Draw the app's icons (a lighthouse, "lotsen" guides the way) as PNG with the standard library only.

python tools/make_icons.py      writes appPackage/color.png (192×192) and appPackage/outline.png (32×32)
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

Pixel = tuple[int, int, int, int]
OUT = Path(__file__).resolve().parents[1] / "appPackage"
BLUE: Pixel = (15, 92, 140, 255)
WHITE: Pixel = (255, 255, 255, 255)
AMBER: Pixel = (242, 193, 78, 255)
CLEAR: Pixel = (0, 0, 0, 0)


def png(width: int, height: int, pixel: Callable[[float, float], Pixel]) -> bytes:
    """A PNG whose pixel at (x, y) is pixel(x / width, y / height), sampled at the pixel's centre."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel((x + 0.5) / width, (y + 0.5) / height)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def lighthouse(x: float, y: float) -> str | None:
    """Which part of the lighthouse covers the point (coordinates 0..1), if any."""
    if 0.22 <= x <= 0.78 and 0.84 <= y <= 0.90:
        return "base"
    if 0.38 <= y < 0.84:
        half = 0.10 + (y - 0.38) / (0.84 - 0.38) * 0.08
        if abs(x - 0.5) <= half:
            return "tower"
    if 0.27 <= y < 0.38 and abs(x - 0.5) <= 0.11:
        return "lamp"
    if 0.15 <= y < 0.27 and abs(x - 0.5) <= (y - 0.15) / 0.12 * 0.14:
        return "roof"
    return None


def color(x: float, y: float) -> Pixel:
    part = lighthouse(x, y)
    return AMBER if part == "lamp" else (WHITE if part else BLUE)


def outline(x: float, y: float) -> Pixel:
    return WHITE if lighthouse(x, y) else CLEAR


def main() -> None:
    (OUT / "color.png").write_bytes(png(192, 192, color))
    (OUT / "outline.png").write_bytes(png(32, 32, outline))


if __name__ == "__main__":
    main()
