"""Scrapy extensions: the crawl run tracker (lock, crawl_runs, summary) and the fetch log."""
