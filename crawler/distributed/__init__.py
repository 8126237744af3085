"""Several crawler processes on one shared frontier in Redis (scrapy-redis), one archive.

Switched on by ``REDIS_URL`` (crawler/settings.py applies :func:`settings.distributed_settings`).

- :mod:`.run`: the run's Redis keys and this worker's identity (one object per crawler);
- :mod:`.scheduler`, :mod:`.queue`, :mod:`.dupefilter`: scrapy-redis with run-scoped keys, our
  fingerprints, atomic "seen + queued" and a lease on every request taken;
- :mod:`.leases`: a request's lease is released once its callback's output was taken;
- :mod:`.budget`: the site's request rate and concurrency shared by all processes;
- :mod:`.coordination`: seed or join a run, finish it when the last worker leaves;
- :mod:`.idle`: worker heartbeats, re-queueing a dead worker's leases, the idle close.

docs/distributed.md explains the design and what scrapy-redis 0.9.1 does under Scrapy 2.19.
"""
