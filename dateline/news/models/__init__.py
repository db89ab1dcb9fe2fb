from .article import ArticlePage, ArticleTag, refresh_listing_rows
from .contributors import BYLINE_ROLES, ArticleCredit, Contributor, CreditRole
from .pages import (
    HomePage,
    HomePageFeaturedArticle,
    SectionPage,
    StandardPage,
    articles_credited,
    articles_in,
    articles_tagged,
    attach_sections,
    credited_ids,
    listing_of,
    tagged_ids,
    topic_rows,
)
from .topics import TopicTranslation

__all__ = [
    "BYLINE_ROLES",
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
    "articles_credited",
    "articles_in",
    "articles_tagged",
    "attach_sections",
    "credited_ids",
    "listing_of",
    "refresh_listing_rows",
    "tagged_ids",
    "topic_rows",
]
