"""Raw capture in WARC files: what the crawler received, kept as it came (issue 12).

``http_records`` turns a Scrapy request/response into warcio records, ``writer`` writes them
into size-rotated ``*.warc.gz`` files, ``captures`` remembers each URL's last payload so that an
unchanged page becomes a ``revisit`` record, ``reader`` reads one record back for
``archive reprocess``, ``cdxj`` indexes a closed file for replay (pywb).
"""
