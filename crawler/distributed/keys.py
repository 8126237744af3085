"""Redis key names of the shared frontier. Everything of one run carries the run id, so
:meth:`RunKeys.all_of_run` can delete the run's state when it finishes."""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "asianlite"
#: JSON ``{"run_id": ..., "holder": ...}`` of the run in progress: joiners read it
CURRENT_RUN = f"{PREFIX}:current-run"
#: the site's shared politeness budget (not per run: the site does not care about our runs)
BUDGET_INFLIGHT = f"{PREFIX}:budget:inflight"
BUDGET_NEXT = f"{PREFIX}:budget:next"


@dataclass(frozen=True)
class RunKeys:
    run_id: int

    @property
    def base(self) -> str:
        return f"{PREFIX}:run:{self.run_id}"

    @property
    def queue(self) -> str:
        return f"{self.base}:queue"

    @property
    def seen(self) -> str:
        return f"{self.base}:seen"

    @property
    def workers(self) -> str:
        """Workers taking part now (a dead one is removed when its leases are re-queued)."""
        return f"{self.base}:workers"

    @property
    def members(self) -> str:
        """Every worker that ever took part (for ``crawl_runs``)."""
        return f"{self.base}:members"

    @property
    def counts(self) -> str:
        return f"{self.base}:counts"

    @property
    def alive_prefix(self) -> str:
        return f"{self.base}:alive:"

    @property
    def leases_prefix(self) -> str:
        return f"{self.base}:leases:"

    def alive(self, worker: str) -> str:
        return self.alive_prefix + worker

    def leases(self, worker: str) -> str:
        return self.leases_prefix + worker

    def fixed(self) -> list[str]:
        return [self.queue, self.seen, self.workers, self.members, self.counts]
