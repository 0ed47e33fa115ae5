"""Sending to one conversation stays within Teams' limits: 7 a second, 8 in 2 seconds, 60 in 30 seconds."""

from __future__ import annotations

from outbox.pacing import ConversationPace


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def send_as_allowed(pace: ConversationPace, clock: Clock, conversation: str, count: int) -> list[float]:
    """Send `count` messages as fast as the pace lets; the moments they went out."""
    moments = []
    for _ in range(count):
        clock.now += pace.wait(conversation)
        pace.sent(conversation)
        moments.append(clock.now)
    return moments


def test_a_burst_is_spread_over_every_window() -> None:
    clock = Clock()
    pace = ConversationPace(clock=clock)
    moments = send_as_allowed(pace, clock, "19:channel", 70)
    for seconds, allowed in ((1.0, 7), (2.0, 8), (30.0, 60)):
        for index, start in enumerate(moments):
            within = [m for m in moments[index:] if m - start < seconds]
            assert len(within) <= allowed, (seconds, allowed)
    assert moments[6] == moments[0]  # the first seven go at once
    assert moments[60] - moments[0] >= 30.0  # the 61st waits for the 30-second window


def test_conversations_are_paced_separately() -> None:
    clock = Clock()
    pace = ConversationPace(clock=clock)
    send_as_allowed(pace, clock, "19:channel", 8)
    assert pace.wait("19:channel") > 0
    assert pace.wait("a:anna") == 0
