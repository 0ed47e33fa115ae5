"""Teams' sending limits per bot and conversation, kept by the outbox worker before Teams has to say 429.

Per conversation Teams allows 7 messages a second, 8 in 2 seconds, 60 in 30 seconds and 1,800 an hour
("Optimize your bot: rate limiting and best practices"). A burst — say a hundred cards that waited for a
channel to be linked — is spread out to stay inside every window.

The limits are Teams', for every instance of the app together: the outbox engine reserves each send's
moment in the database against the windows declared here (storage/send_slots.py). These in-memory
counters see only this process's sends — a subset — so they are a first check that costs no query: when
they already say "wait", the database would too.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from time import monotonic

JITTER_MARGIN = 0.05  # seconds
TEAMS_WINDOWS: tuple[tuple[float, int], ...] = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))


class SlidingWindows:
    """At most N events per key in each of several sliding windows (seconds, N)."""

    def __init__(
        self, windows: tuple[tuple[float, int], ...] = TEAMS_WINDOWS, clock: Callable[[], float] = monotonic
    ) -> None:
        self.windows = windows
        self.clock = clock
        self._sent: defaultdict[str, deque[float]] = defaultdict(deque)
        self._longest = max(seconds for seconds, _ in windows)
        self._calls = 0

    def wait(self, key: str) -> float:
        """Seconds until one more event for the key stays within every window (0: now)."""
        now = self.clock()
        sent = self._sent[key]
        while sent and now - sent[0] >= self._longest:
            sent.popleft()
        if not sent:
            del self._sent[key]  # forget quiet keys: thousands of users must not accumulate
            return 0.0
        needed = 0.0
        for seconds, allowed in self.windows:
            recent = [moment for moment in sent if now - moment < seconds]
            if len(recent) >= allowed:
                needed = max(needed, recent[-allowed] + seconds - now)
        return needed

    def sent(self, key: str) -> None:
        self._sent[key].append(self.clock())
        self._calls += 1
        if self._calls % 1000 == 0:  # now and then forget everyone who has been quiet long enough
            now = self.clock()
            for quiet in [k for k, moments in self._sent.items() if now - moments[-1] >= self._longest]:
                del self._sent[quiet]


class ConversationPace(SlidingWindows):
    """Teams' limits for one bot sending to one conversation."""


class TenantPace(SlidingWindows):
    """All sends to one tenant: Teams allows about 50 requests a second per app and tenant, shared by every
    instance and by replies to users, so the instances together keep to a share of it (SEND_RATE_PER_SECOND).
    The window is a little longer than a second: sends that left evenly spaced can arrive bunched after
    network jitter."""

    def __init__(self, per_second: int, clock: Callable[[], float] = monotonic) -> None:
        super().__init__(((1.0 + JITTER_MARGIN, per_second),), clock)
