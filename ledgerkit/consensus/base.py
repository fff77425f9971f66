"""What every consensus engine shares: messages, steps with captions, and a history.

A consensus engine (共识引擎) here is a pure, deterministic state machine. Each call of
`step()` performs one message round or one event and returns a `Step` that says what
happened, in English and Chinese. After every step the engine keeps a snapshot of all node
states, so a widget can show any past moment again (scrub back in time, as in RaftScope).

>>> from ledgerkit.consensus.base import Message
>>> Message(0, 1, "prepare", {"seq": 1}).kind
'prepare'
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ledgerkit.i18n import text


@dataclass(frozen=True)
class Message:
    """One message from node `sender` to node `receiver` (−1 stands for the client)."""

    sender: int
    receiver: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One step of an engine: its phase, the messages sent and a caption.

    The caption is stored as an i18n key and fields, so it can be shown in either language.
    """

    number: int
    time_ms: float
    phase: str
    messages: tuple[Message, ...]
    caption_key: str
    caption_fields: dict[str, Any] = field(default_factory=dict)

    def caption(self, lang: str | None = None) -> str:
        """What happened in this step, as a sentence in `lang` (default: current language)."""
        return text(self.caption_key, lang=lang, **self.caption_fields)


class History:
    """Steps and the node states after each one; index 0 is the state before any step.

    >>> history = History({"leader": None})
    >>> len(history), history.state(0)
    (1, {'leader': None})
    """

    def __init__(self, initial_state: Any) -> None:
        self._states = [copy.deepcopy(initial_state)]
        self._steps: list[Step] = []

    def record(self, step: Step, state: Any) -> Step:
        """Remember `step` and a deep copy of the state it left behind."""
        self._steps.append(step)
        self._states.append(copy.deepcopy(state))
        return step

    @property
    def steps(self) -> list[Step]:
        """All steps so far, oldest first."""
        return list(self._steps)

    def state(self, index: int) -> Any:
        """The state after `index` steps (0: before the first step). A copy: safe to draw."""
        return copy.deepcopy(self._states[index])

    def __len__(self) -> int:
        return len(self._states)
