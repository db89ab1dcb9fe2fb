from .article import ArticlePage, ArticleTag, date_topics
from .contributors import BYLINE_ROLES, ArticleCredit, Contributor, CreditRole
from .pages import (
    HomePage,
    HomePageFeaturedArticle,
    SectionPage,
    StandardPage,
    articles_credited,
    articles_in,
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
    "attach_sections",
    "credited_ids",
    "date_topics",
    "listing_of",
    "tagged_ids",
    "topic_rows",
]
