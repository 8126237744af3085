"""prepare_article: the content hash never changes for unchanged content, validation is exact.

Archives store ``content_hash``; if the hash of unchanged content ever changed, the next fetch
of every article would look like an edit and write a spurious revision. The hashes below are
the ones archives already hold for these records (golden values, not recomputed here).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.errors import InvalidRecord
from archive.write.prepare import prepare_article
from tests.servers.records import make_record

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


#: content_hash of each UNUSUAL record as archives hold it (unicode, a naive and an offset
#: time, names to de-duplicate, page-time links, an image with an extra key).
UNUSUAL_HASHES = [
    "c994e42bcb899f0316a6a611a5a9389751569d784b736be5a2c4be74b522bc10",
    "b9600a90a94056f55dc7b356e29026d9e891bb04ae0f3d0aacd8523cb491762e",
    "5b174fb3a2a84a96af9da2213940be5d6431ee347367866773dc1c8ad4992dca",
    "9b1e7be6a74f0652465554399e85a376ad93474904e4a5d379e71a9d14af76c3",
]


@pytest.mark.parametrize("article, expected", list(zip(UNUSUAL, UNUSUAL_HASHES, strict=True)))
def test_content_hash_of_unusual_records_is_the_archived_one(article, expected):
    assert prepare_article(article).content_hash == expected


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
