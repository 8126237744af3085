"""What the crawler keeps in the archive besides articles: runs and rejects, fetches, the crawl
lock, and the known articles an incremental crawl starts from."""
