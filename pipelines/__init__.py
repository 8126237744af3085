"""Item pipelines, one job each: chrome -> normalize -> validate -> store."""
