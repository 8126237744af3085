"""The crawl's garbage-collection settings (issue 18), on the real collector of this process."""

from __future__ import annotations

import gc

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.extensions.garbage_collection import GarbageCollection


def test_the_engine_start_freezes_the_heap_and_its_stop_sets_the_collector_back() -> None:
    crawler = get_crawler(settings_dict={"GC_GEN0_THRESHOLD": 12_345, "MEMUSAGE_ENABLED": False})
    crawler.stats.open_spider()
    extension = GarbageCollection.from_crawler(crawler)  # signals hold their receivers weakly
    before = gc.get_threshold()
    try:
        crawler.signals.send_catch_log(signals.engine_started)
        assert gc.get_threshold() == (12_345, *before[1:])
        frozen = crawler.stats.get_value("gc/frozen_objects")
        assert frozen > 1000  # modules, classes, settings: the start-up heap
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert extension.saved is None


def test_a_threshold_of_zero_leaves_the_collector_alone() -> None:
    crawler = get_crawler(settings_dict={"GC_GEN0_THRESHOLD": 0})
    with pytest.raises(NotConfigured):
        GarbageCollection.from_crawler(crawler)
