"""The ``HEALTH_*`` settings the monitors check against, read once from the crawler.

Every threshold has a default (crawler/settings.py lists them with a comment each); a
setting given with ``-s`` or in the environment overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrapy.settings import BaseSettings

DEFAULT_MIN_ITEMS = {"backfill": 1, "url": 1, "incremental": 0, "refresh": 0, "repair": 0}
DEFAULT_FIELD_COVERAGE = {"title": 1.0, "body": 1.0, "published_at": 0.95, "category": 0.9}


@dataclass(frozen=True)
class Thresholds:
    min_items: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_MIN_ITEMS))
    field_coverage: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FIELD_COVERAGE))
    finish_reasons: tuple[str, ...] = ("finished",)
    max_error_share: float = 0.1
    max_5xx_share: float = 0.1
    max_retry_share: float = 0.5
    max_reject_share: float = 0.05
    drift_share_drop: float = 0.25
    drift_missing_rise: float = 0.25
    drift_runs: int = 5
    drift_min_items: int = 5

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Thresholds:
        return cls(
            min_items={**DEFAULT_MIN_ITEMS, **_ints(settings.getdict("HEALTH_MIN_ITEMS"))},
            field_coverage={**DEFAULT_FIELD_COVERAGE, **_floats(settings.getdict("HEALTH_FIELD_COVERAGE"))},
            finish_reasons=tuple(settings.getlist("HEALTH_FINISH_REASONS", ["finished"])),
            max_error_share=settings.getfloat("HEALTH_MAX_ERROR_SHARE", 0.1),
            max_5xx_share=settings.getfloat("HEALTH_MAX_5XX_SHARE", 0.1),
            max_retry_share=settings.getfloat("HEALTH_MAX_RETRY_SHARE", 0.5),
            max_reject_share=settings.getfloat("HEALTH_MAX_REJECT_SHARE", 0.05),
            drift_share_drop=settings.getfloat("HEALTH_DRIFT_SHARE_DROP", 0.25),
            drift_missing_rise=settings.getfloat("HEALTH_DRIFT_MISSING_RISE", 0.25),
            drift_runs=settings.getint("HEALTH_DRIFT_RUNS", 5),
            drift_min_items=settings.getint("HEALTH_DRIFT_MIN_ITEMS", 5),
        )


def _ints(raw: dict[str, Any]) -> dict[str, int]:
    return {str(key): int(value) for key, value in raw.items()}


def _floats(raw: dict[str, Any]) -> dict[str, float]:
    return {str(key): float(value) for key, value in raw.items()}
