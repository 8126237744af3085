"""item_record: the plain record the store pipeline keeps, as itemadapter would give it."""

from __future__ import annotations

from itemadapter import ItemAdapter

from crawler.items import ArticleItem, CategoryLink, ImageItem, LinkItem
from pipelines.records import item_record


def _item() -> ArticleItem:
    return ArticleItem(
        url="https://asianlite.com/2022/uk-news/a-story",
        title="A story",
        authors=["Ann", "Bo"],
        images=[ImageItem(url="https://asianlite.com/wp-content/uploads/2022/01/a.jpg")],
        links=[LinkItem("previous_story", "https://asianlite.com/2022/uk-news/before", "Before")],
        category_links=[CategoryLink(name="UK News", slug="uk-news")],
        layers={"title": "theme"},
        site_aliases=(("127.0.0.1:8080", "asianlite.com"),),
    )


def test_a_dataclass_item_becomes_the_record_itemadapter_gives() -> None:
    item = _item()
    record = item_record(item)
    assert record == ItemAdapter(item).asdict()
    assert record["links"][0] == {
        "kind": "previous_story",
        "url": "https://asianlite.com/2022/uk-news/before",
        "text": "Before",
    }
    assert record["category_links"] == [{"name": "UK News", "slug": "uk-news"}]


def test_the_record_is_a_copy_of_the_item_containers() -> None:
    item = _item()
    record = item_record(item)
    record["authors"].append("Cy")
    record["layers"]["body"] = "theme"
    assert item.authors == ["Ann", "Bo"] and item.layers == {"title": "theme"}


def test_a_dict_item_passes_through_itemadapter() -> None:
    assert item_record({"url": "u", "links": [LinkItem("x", "v", None)]}) == {
        "url": "u",
        "links": [{"kind": "x", "url": "v", "text": None}],
    }
