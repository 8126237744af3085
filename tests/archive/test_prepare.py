"""prepare_article: the content hash is stable across implementations, validation is exact.

Archives store ``content_hash``; if the hash of unchanged content ever changed, the next fetch
of every article would look like an edit and write a spurious revision. The reference below is
the hash's definition (SHA-256 of the sorted-key JSON of the contract record without page-time
links); prepare_article must agree with it on every kind of record.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from archive.contract import PAGE_TIME_KINDS, to_record
from archive.errors import InvalidRecord
from archive.times import iso_utc
from archive.write.prepare import prepare_article
from tests.servers.records import make_record, replica_records


def reference_hash(article: dict[str, Any]) -> str:
    """The definition, written the slow and obvious way."""
    prepared = prepare_article(article)
    record = to_record({key: getattr(prepared, key) for key in prepared.__dataclass_fields__})
    record["published_at"] = iso_utc(prepared.published_at)
    record["modified_at"] = iso_utc(prepared.modified_at)
    record["links"] = [link for link in record["links"] if link["kind"] not in PAGE_TIME_KINDS]
    payload = json.dumps(record, sort_keys=True, ensure_ascii=False, default=list)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


UNUSUAL = [
    {"url": "https://asianlite.com/a", "title": "T", "body": ""},
    {"url": "https://asianlite.com/a", "title": " T ", "body": "B", "authors": None,
     "tags": ["x", " x ", "", "y"], "images": None, "links": None, "summary": "  "},
    {"url": "https://asianlite.com/a", "title": "T", "body": "Ünïcode — “quotes”",
     "published_at": "2022-03-20T15:11:12+05:30", "modified_at": datetime(2022, 3, 21, 8, 0),
     "post_id": "42", "reading_minutes": "3"},
    {"url": "https://asianlite.com/a", "title": "T", "body": "B",
     "links": [{"kind": "latest_from", "url": "https://asianlite.com/x", "text": "x"},
               {"kind": "body", "url": "https://asianlite.com/y", "text": None},
               {"kind": "dont_miss", "url": "https://asianlite.com/z"}],
     "images": [{"url": "https://asianlite.com/i.jpg", "extra": "ignored"}]},
]


@pytest.mark.parametrize("article", [
    *[make_record(i, total=50) for i in range(20)],
    *replica_records(30),
    *UNUSUAL,
])
def test_content_hash_matches_its_definition(article):
    assert prepare_article(article).content_hash == reference_hash(article)


def test_content_hash_ignores_page_time_links_and_sees_content_links():
    base = make_record(3)
    page_time = {"kind": "latest_from", "url": "https://asianlite.com/other", "text": "Other"}
    content = {"kind": "body", "url": "https://asianlite.com/other", "text": "Other"}
    same = prepare_article({**base, "links": [*base["links"], page_time]}).content_hash
    changed = prepare_article({**base, "links": [*base["links"], content]}).content_hash
    assert same == prepare_article(base).content_hash
    assert changed != same


def test_prepared_values_are_normalised():
    prepared = prepare_article(UNUSUAL[2])
    assert prepared.post_id == 42 and prepared.reading_minutes == 3
    assert prepared.published_at == datetime(2022, 3, 20, 9, 41, 12, tzinfo=UTC)
    assert prepared.modified_at == datetime(2022, 3, 21, 8, 0, tzinfo=UTC)
    prepared = prepare_article(UNUSUAL[1])
    assert prepared.title == "T" and prepared.summary is None
    assert prepared.tags == ("x", "y") and prepared.authors == () and prepared.links == ()
    assert prepare_article(UNUSUAL[3]).images == (
        {"url": "https://asianlite.com/i.jpg", "caption": None, "alt": None},)
    assert prepare_article(UNUSUAL[3]).links[1] == {
        "kind": "body", "url": "https://asianlite.com/y", "text": None}


@pytest.mark.parametrize("change, message", [
    ({"links": ["https://asianlite.com/x"]}, r"links\[0\]: expected a mapping, got str"),
    ({"links": [{"kind": "body", "url": " "}]}, r"links\[0\].url: missing"),
    ({"links": [{"kind": "body", "url": 5}]}, r"links\[0\].url: expected text, got int"),
    ({"links": [{"kind": "body", "url": "https://a", "text": 3}]}, r"links\[0\].text: expected text"),
    ({"images": [{"url": "https://a", "alt": 1}]}, r"images\[0\].alt: expected text"),
    ({"images": "x.jpg"}, "images: expected a list"),
])
def test_bad_links_and_images_name_the_position(change, message):
    with pytest.raises(InvalidRecord, match=message):
        prepare_article({**make_record(1), **change})


def test_the_specimen_hash_is_the_one_archives_already_hold(specimen):
    """Golden value: archives written since the first release store this hash for the specimen.

    A different value means every archived article would be re-versioned on its next fetch.
    """
    assert prepare_article(specimen).content_hash == (
        "7e6acdbb73a57b9d7ec56d1951d1c71df95e47da2ee5dbc01e041925a3132279")
