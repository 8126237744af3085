"""Crawl health, checked on every run with Spidermon.

- :mod:`.profile`: counts, per contract field, the extraction layer of every scraped article
  (the run's *field profile*, the input of the coverage and drift monitors);
- :mod:`.thresholds`: the ``HEALTH_*`` settings, read once;
- :mod:`.suite`: the monitors (items, field coverage, finish reason, errors and retries,
  rejects, drift) and the suite Spidermon runs when the spider closes;
- :mod:`.report`: the report of every monitor into ``crawl_runs.health`` and a JSON file;
  a failed monitor sets the ``health/failed`` stat (``scrapy crawl`` exits with 3);
- :mod:`.notify`: email (SMTP) and webhook notifications, off unless configured.
"""
