"""A small discrete-event engine (离散事件仿真): a clock and a queue of timed actions.

Why our own and not SimPy: a simulation here has a few thousand events (block discoveries
and "block reached everyone" notices), while the heavy work — how a block spreads through
10,000 nodes — is a shortest-path computation done in numpy, or a message-level relay
with its own bare heap of tuples (see `network.py`). A heap of `(time, order, action)`
events is all that needs: no dependency, readable in a minute, and at a few thousand events
its cost is invisible next to the spreading work, so SimPy's processes and resources would
add a dependency and buy nothing here.

Events at the same time run in the order they were scheduled, so a run is deterministic;
`rng` is a seeded `random.Random` for models that want their randomness from the engine.

>>> engine = Engine(seed=1)
>>> seen = []
>>> _ = engine.schedule(2.0, seen.append, "second")
>>> _ = engine.schedule(1.0, seen.append, "first")
>>> engine.run()
2
>>> seen, engine.now
(['first', 'second'], 2.0)
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

register_strings({
    "sim.err.delay": ("An event's delay must be a number of seconds >= 0; got {got!r}.",
                      "事件的延迟必须是不小于 0 的秒数；实际为 {got!r}。"),
})


@dataclass(order=True)
class Event:
    """One scheduled action; ordered by time, then by the order it was scheduled in.

    >>> Event(1.0, 0, print) < Event(1.0, 1, print)
    True
    """

    time: float
    order: int
    action: Callable[..., object] = field(compare=False)
    args: tuple = field(default=(), compare=False)
    cancelled: bool = field(default=False, compare=False)


class Engine:
    """A clock (`now`, in seconds) and a priority queue of events, seeded.

    >>> engine = Engine(seed=7)
    >>> event = engine.schedule(5.0, print, "never")
    >>> event.cancelled = True
    >>> engine.run(), engine.now
    (0, 0.0)
    """

    def __init__(self, seed: int | None = None) -> None:
        self.now = 0.0
        self.rng = random.Random(seed)
        self._queue: list[Event] = []
        self._order = itertools.count()

    def schedule(self, delay: float, action: Callable[..., object], *args: object) -> Event:
        """Run `action(*args)` `delay` seconds from now; returns the event (to cancel it).

        >>> Engine().schedule(0.5, print, "hi").time
        0.5
        """
        if not delay >= 0:  # also refuses NaN
            raise InputError("sim.err.delay", got=delay)
        event = Event(self.now + delay, next(self._order), action, args)
        heapq.heappush(self._queue, event)
        return event

    def pending(self) -> int:
        """How many events are waiting (cancelled ones included until they are popped).

        >>> engine = Engine()
        >>> _ = engine.schedule(1, print, "x")
        >>> engine.pending()
        1
        """
        return len(self._queue)

    def run(self, until: float = math.inf, max_events: int | None = None) -> int:
        """Run events in time order up to time `until`; returns how many actions ran.

        Events later than `until` stay queued, and the clock stops at `until` (if finite),
        so `run` can be called again to continue.

        >>> engine = Engine()
        >>> _ = engine.schedule(1, print, "one")
        >>> _ = engine.schedule(3, print, "three")
        >>> engine.run(until=2)
        one
        1
        >>> engine.now
        2
        """
        ran = 0
        while self._queue and self._queue[0].time <= until:
            if max_events is not None and ran >= max_events:
                return ran
            event = heapq.heappop(self._queue)
            if event.cancelled:
                continue
            self.now = event.time
            event.action(*event.args)
            ran += 1
        if until != math.inf:
            self.now = max(self.now, until)
        return ran
