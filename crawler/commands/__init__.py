"""Scrapy commands of this project (COMMANDS_MODULE): `crawl` with honest exit codes."""
