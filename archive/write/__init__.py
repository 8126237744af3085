"""Writing articles: check and normalise a record (prepare), then insert or update it with its
revisions, taxonomy, images and links (store), using the dialects' upserts (upsert)."""
