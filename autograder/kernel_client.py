"""The grader's client of a kernel (内核客户端): ready as soon as the kernel answers.

Before running a notebook, nbclient waits for the new kernel to be ready. jupyter_client's
wait sends `kernel_info` requests until one is answered on the shell channel and a message
arrives on the iopub channel (so iopub is connected), then goes on listening on iopub until
it has been quiet for 0.2 s, to throw away stray messages. That last fifth of a second is
idle time on every student. nbclient already ignores iopub messages that answer requests
it did not send, so `ReadyKernelClient` takes only what is there already and goes on.

    >>> ReadyKernelClient.__mro__[1].__name__
    'AsyncKernelClient'
"""

from __future__ import annotations

import math
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient

# How long one kernel_info request waits on the shell channel before it is sent again, and
# how long its reply waits for the first iopub message (none means iopub is not connected
# yet, and a fresh request starts over).
SHELL_WAIT_S = 1.0
IOPUB_WAIT_S = 0.2


class ReadyKernelClient(AsyncKernelClient):
    """An `AsyncKernelClient` whose `wait_for_ready` returns without the quiet-time wait."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (math.inf if timeout is None else timeout)
        while not await self._kernel_info_answered():
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while await self._take_iopub(0):  # only what has arrived already
            pass

    async def _kernel_info_answered(self) -> bool:
        """Ask for kernel_info once: True when the reply came and iopub is connected."""
        self.kernel_info()
        try:
            reply = await self.shell_channel.get_msg(timeout=SHELL_WAIT_S)
        except Empty:
            return False
        if reply["msg_type"] != "kernel_info_reply" or not await self._take_iopub(IOPUB_WAIT_S):
            return False
        self._handle_kernel_info_reply(reply)
        return True

    # AsyncKernelClient binds its public name to the private method once, at class creation
    wait_for_ready = _async_wait_for_ready

    async def _take_iopub(self, timeout: float) -> bool:
        """Take one iopub message, waiting at most `timeout` seconds; False if none came."""
        try:
            await self.iopub_channel.get_msg(timeout=timeout)
        except Empty:
            return False
        return True
