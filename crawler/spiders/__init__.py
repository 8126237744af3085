"""Scrapy spiders (routing only; extraction lives in crawler.pages)."""
