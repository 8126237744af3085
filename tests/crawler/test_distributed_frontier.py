"""The shared frontier's parts against a real Redis (started by the test setup): our
fingerprints in the seen-set, leased pops, a dead worker's leases re-queued, the run's keys
deleted, the budget's rate and concurrency."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.distributed import keys
from crawler.distributed.budget import SharedBudgetMiddleware
from crawler.distributed.idle import IdleClose
from crawler.distributed.run import DistributedRun
from crawler.distributed.scheduler import RunScheduler
from crawler.spiders.asianlite import AsianliteSpider

pytestmark = pytest.mark.redis


class _Worker:
    """One crawler process's scheduler and run on the shared Redis, without an engine."""

    def __init__(self, redis_url: str, run_id: int, **settings: Any) -> None:
        self.crawler = get_crawler(AsianliteSpider, {
            "REDIS_URL": redis_url, "REQUEST_FINGERPRINTER_CLASS": "crawler.fingerprint.HostAwareFingerprinter",
            **settings})
        self.crawler.spider = self.crawler._create_spider()
        self.run = DistributedRun.of(self.crawler)
        self.run.take_part(run_id, alive_seconds=settings.get("DISTRIBUTED_DEAD_AFTER_SECONDS", 30))
        self.scheduler = RunScheduler.from_crawler(self.crawler)
        self.scheduler.open(self.crawler.spider)


@pytest.fixture
def flushed(redis_url: str) -> Iterator[str]:
    """The session's Redis, empty before and after the test."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield redis_url
    client.flushdb()


def test_two_sites_on_one_address_are_two_requests_and_a_repeat_is_one(flushed: str) -> None:
    worker = _Worker(flushed, run_id=1)
    main = Request("http://127.0.0.1:9/", headers={"Host": "asianlite.com"})
    old = Request("http://127.0.0.1:9/", headers={"Host": "archive.asianlite.com"})
    assert worker.scheduler.enqueue_request(main)
    assert worker.scheduler.enqueue_request(old)
    assert not worker.scheduler.enqueue_request(main.replace())
    fingerprints = redis.Redis.from_url(flushed).smembers(keys.RunKeys(1).seen)
    assert fingerprints == {worker.crawler.request_fingerprinter.fingerprint(r).hex().encode()
                            for r in (main, old)}


def test_a_second_worker_sees_the_first_ones_requests(flushed: str) -> None:
    first, second = _Worker(flushed, run_id=2), _Worker(flushed, run_id=2)
    assert first.scheduler.enqueue_request(Request("http://127.0.0.1:9/a", priority=1))
    assert first.scheduler.enqueue_request(Request("http://127.0.0.1:9/b", priority=5))
    assert not second.scheduler.enqueue_request(Request("http://127.0.0.1:9/a"))
    assert second.scheduler.next_request().url == "http://127.0.0.1:9/b"  # priority first
    assert first.scheduler.next_request().url == "http://127.0.0.1:9/a"
    assert second.scheduler.next_request() is None


def test_a_dead_workers_taken_requests_come_back_and_a_live_ones_do_not(flushed: str) -> None:
    doomed = _Worker(flushed, run_id=3, DISTRIBUTED_DEAD_AFTER_SECONDS=0.5)
    survivor = _Worker(flushed, run_id=3)
    for n in range(3):
        doomed.scheduler.enqueue_request(Request(f"http://127.0.0.1:9/{n}"))
    taken = [doomed.scheduler.next_request(), survivor.scheduler.next_request()]
    assert all(taken) and survivor.scheduler.next_request() is not None
    idle = IdleClose(survivor.crawler)
    assert idle.requeue_dead() == 0  # both alive
    for _ in range(40):  # the doomed worker stops beating: its alive key expires in 0.5 s
        if not redis.Redis.from_url(flushed).exists(keys.RunKeys(3).alive(doomed.run.worker)):
            break
        time.sleep(0.05)
    assert idle.requeue_dead() == 1
    assert survivor.scheduler.next_request().url == taken[0].url
    assert survivor.scheduler.next_request() is None


def test_the_last_worker_out_deletes_the_runs_keys(flushed: str) -> None:
    first, second = _Worker(flushed, run_id=4), _Worker(flushed, run_id=4)
    first.run.publish(4, "holder")
    first.scheduler.enqueue_request(Request("http://127.0.0.1:9/x"))
    first.scheduler.next_request()
    assert first.run.leave({"new": 2}) == 1
    assert second.run.leave({"new": 3}) == 0
    assert second.run.totals() == ({"new": 5}, sorted([first.run.worker, second.run.worker]))
    second.run.forget_run()
    assert redis.Redis.from_url(flushed).keys("asianlite:*") == []


async def _take_budget(middleware: SharedBudgetMiddleware, count: int) -> list[float]:
    moments = []
    for n in range(count):
        request = Request(f"http://127.0.0.1:9/{n}")
        await middleware.process_request(request)
        moments.append(time.monotonic())
        middleware._give_back(request)
    return moments


def test_the_budget_spaces_requests_of_all_workers_together(flushed: str) -> None:
    import asyncio

    settings = {"SHARED_RATE_LIMIT": 20, "SHARED_CONCURRENCY": 2}
    budgets = [SharedBudgetMiddleware.from_crawler(_Worker(flushed, 5, **settings).crawler) for _ in range(3)]

    async def together() -> list[list[float]]:
        return await asyncio.gather(*(_take_budget(b, 10) for b in budgets))

    moments = sorted(m for ms in asyncio.run(together()) for m in ms)
    assert len(moments) == 30
    assert moments[-1] - moments[0] >= 29 / 20 * 0.9  # 30 requests at 20/s take ~1.45 s


def test_the_budget_caps_requests_in_flight_across_workers(flushed: str) -> None:
    import asyncio

    settings = {"SHARED_RATE_LIMIT": 0, "SHARED_CONCURRENCY": 2}
    first, second = (SharedBudgetMiddleware.from_crawler(_Worker(flushed, 6, **settings).crawler)
                     for _ in range(2))
    held = [Request("http://127.0.0.1:9/1"), Request("http://127.0.0.1:9/2")]

    async def scenario() -> bool:
        await first.process_request(held[0])
        await second.process_request(held[1])
        third = asyncio.ensure_future(first.process_request(Request("http://127.0.0.1:9/3")))
        await asyncio.sleep(0.3)
        blocked = not third.done()
        second._give_back(held[1])
        await asyncio.wait_for(third, 2)
        return blocked

    assert asyncio.run(scenario())
