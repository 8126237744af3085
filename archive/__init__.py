"""The Asian Lite News archive: database, storage and research queries. Never imports scrapy."""
