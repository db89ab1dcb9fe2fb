from .contributors import BYLINE_ROLES, ArticleCredit, Contributor, CreditRole
from .pages import (
    LISTING_INDEX,
    ArticlePage,
    ArticleTag,
    HomePage,
    HomePageFeaturedArticle,
    SectionPage,
    StandardPage,
    articles_count,
    articles_in,
    attach_sections,
    edition_home_of,
)
from .topics import TopicTranslation

__all__ = [
    "BYLINE_ROLES",
    "LISTING_INDEX",
    "ArticleCredit",
    "ArticlePage",
    "ArticleTag",
    "Contributor",
    "CreditRole",
    "HomePage",
    "HomePageFeaturedArticle",
    "SectionPage",
    "StandardPage",
    "TopicTranslation",
    "articles_count",
    "articles_in",
    "attach_sections",
    "edition_home_of",
]
