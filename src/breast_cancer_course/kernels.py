"""How many lessons keep a running kernel in one JupyterLab session.

Each lesson runs in its own kernel of about 70 MB, and JupyterLab keeps a kernel for every notebook left
open in a tab, so a learner who goes through the whole course in one session would hold twelve of them
(about 1 GB with the server: more than a Binder session may get).  :class:`LessonKernelManager` keeps
the kernels of the few lessons used most recently: when a new kernel starts and more than
``keep_kernels`` are running, it shuts down the idle ones used longest ago.  A learner who goes back to
such a lesson sees JupyterLab's "no kernel" state; the quiz's Check button then says what to do
(see :mod:`.frontend`).  Answers are saved as they are given, so nothing is lost.

The repository's ``jupyter-config/jupyter_server_config.json`` names this class, so ``make lab`` and
Binder use it.  This module imports jupyter_server only; a kernel never imports it.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer


class LessonKernelManager(AsyncMappingKernelManager):
    """A kernel manager that shuts the least recently used idle kernels beyond ``keep_kernels``."""

    keep_kernels = Integer(
        4,
        min=1,
        config=True,
        help="How many kernels may run at once; starting one more shuts down the idle kernels used longest ago.",
    )

    async def start_kernel(self, *, kernel_id: str | None = None, path=None, **kwargs) -> str:
        known = kernel_id is not None and kernel_id in self
        kernel_id = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        if not known:
            await self.shut_least_recent(spare=kernel_id)
        return kernel_id

    def least_recent(self, spare: str) -> list[str]:
        """The idle kernels to shut so that at most ``keep_kernels`` run, oldest activity first."""
        others = [k for k in self.list_kernel_ids() if k != spare]
        extra = len(others) + 1 - self.keep_kernels
        if extra <= 0:
            return []
        idle = [self.get_kernel(k) for k in others if getattr(self.get_kernel(k), "execution_state", "") == "idle"]
        idle.sort(key=lambda kernel: kernel.last_activity)
        return [kernel.kernel_id for kernel in idle[:extra]]

    async def shut_least_recent(self, spare: str) -> None:
        for kernel_id in self.least_recent(spare):
            self.log.info(
                "Shutting down kernel %s, idle and used longest ago: at most %d lessons keep a kernel",
                kernel_id,
                self.keep_kernels,
            )
            await self.shutdown_kernel(kernel_id)
