"""Fixed posts: the specimen article (post 226758) and the posts it links to.

With ``Site(include_specimen=True)`` these four posts are part of the site with their real
titles, slugs, dates and (for the specimen) its exact text, so the replica's rendering of
post 226758 must yield ``tests/fixtures/specimen/specimen-article.expected.json``.
Fixed post ids are multiples of 3; generated ids never are, so they cannot collide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tests.replica.content import Content
from tests.replica.model import Ad, AlsoRead, Figure, Para, Standfirst
from tests.replica.vocab import CATEGORY_INDEX, HOUSE_AUTHOR, TAG_BY_SLUG

SPECIMEN_ID = 226758
ALSO_READ_ID = 226707
PREVIOUS_ID = 226746
NEXT_ID = 226773


def _ts(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class FixedPost:
    post_id: int
    title: str
    slug: str
    primary: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    published: int
    modified: int | None
    content: Content | None = None  # None: generated like any other post


_SPECIMEN_PARAGRAPHS = (
    "Amid escalating fight between Russia and Ukraine, Russian Foreign Minister Sergey Lavrov on "
    "Saturday said that Moscow’s cooperation with Beijing will “get stronger” in the face of "
    "western sanctions.",
    "During a media event, he said, “At a time when the west is blatantly undermining all the "
    "foundations on which the international system is based, we — as two great powers — need "
    "to think how to carry on in this world,” reported CNN.",
    "The view was echoed at a separate event in Beijing on Saturday. Chinese Vice Foreign "
    "Minister Le Yucheng said Western sanctions against Russia were getting “more and more "
    "outrageous,” according to UK-based media.",
    "Although China has expressed concern about the war in Ukraine, Beijing has fallen short of "
    "condemning the Russian invasion. Chinese President Xi Jinping told US President Joe Biden "
    "during a video call Friday, “the Ukraine crisis is something we don’t want to see.”",
    "The Western countries have strongly condemned Russia’s attack on Ukraine calling it an "
    "invasion and imposed harsh sanctions on Russia.",
    "Lavrov also said that Russia hopes its military operation in Ukraine will end with a "
    "“comprehensive agreement” on security issues and Ukraine agreeing to neutral status, "
    "reported CNN.",
    "Lavrov said Moscow is “ready” to look for guarantees of security and “to coordinate them "
    "for Ukraine, for the Europeans and, of course, for ourselves beyond the expansion of the "
    "North-Atlantic Treaty.” (ANI)",
)


def _specimen_content() -> Content:
    p = [Para((text,)) for text in _SPECIMEN_PARAGRAPHS]
    figure = Figure(
        "2022/03/Russian-Foreign-Minister-Sergey-Lavrov.jpg",
        "Russian Foreign Minister Sergey Lavrov",
        None,
        226760,
        "caption",
    )
    blocks = (p[0], p[1], Ad(3), p[2], figure, *p[3:], AlsoRead(ALSO_READ_ID, 0))
    standfirst = Standfirst(
        core="Although China has expressed concern about the war in Ukraine, Beijing has fallen "
        "short of condemning the Russian invasion",
        credit="….reports Asian Lite News",
    )
    return Content((HOUSE_AUTHOR,), standfirst, blocks, "ANI")


FIXED_POSTS: tuple[FixedPost, ...] = (
    FixedPost(
        ALSO_READ_ID,
        "‘We recognise economic reasoning’: US on India buying Russian oil",
        "we-recognise-economic-reasoning-us-on-india-buying-russian-oil",
        "india-news",
        ("india-news", "top-news"),
        ("india", "russia", "oil"),
        _ts("2022-03-19T11:20:05"),
        None,
    ),
    FixedPost(
        PREVIOUS_ID,
        "Pak oppn threatens to block OIC meet",
        "pak-oppn-threatens-to-block-oic-meet",
        "asia-news",
        ("asia-news",),
        ("pakistan", "imran-khan"),
        _ts("2022-03-20T08:57:40"),
        None,
    ),
    FixedPost(
        SPECIMEN_ID,
        "Moscow-Beijing ties will get stronger despite sanctions: Lavrov",
        "moscow-beijing-ties-will-get-stronger-despite-sanctions-lavrov",
        "top-news",
        ("top-news", "asia-news"),
        ("china", "russia", "sergey-lavrov"),
        _ts("2022-03-20T09:41:12"),
        _ts("2022-03-20T09:43:50"),
        _specimen_content(),
    ),
    FixedPost(
        NEXT_ID,
        "Did Bajwa ask Imran to step down?",
        "did-bajwa-ask-imran-to-step-down",
        "asia-news",
        ("asia-news", "top-news"),
        ("pakistan", "imran-khan"),
        _ts("2022-03-20T10:15:31"),
        None,
    ),
)

#: Generated posts are kept out of this window so the specimen's neighbours are the fixed ones.
QUIET_WINDOW = (_ts("2022-03-20T08:50:00"), _ts("2022-03-20T10:30:00"))


def category_indexes(post: FixedPost) -> tuple[int, ...]:
    return tuple(CATEGORY_INDEX[slug] for slug in post.categories)


def tag_indexes(post: FixedPost) -> tuple[int, ...]:
    return tuple(TAG_BY_SLUG[slug] for slug in post.tags)
