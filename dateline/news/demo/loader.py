"""Build the demo newsroom from `content.py`, creating only what is missing, so a rerun adds nothing."""

import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Collection, Locale
from wagtail.rich_text import RichText

from dateline.core.images import prepare_renditions
from dateline.core.models import NewsImage

from ..editions import edition_home_for_language
from ..models import ArticleCredit, ArticlePage, Contributor, HomePage, SectionPage
from ..publishing import publish
from ..roles import EDITORS, REPORTERS
from . import content
from .artwork import paint_landscape

DEMO_ACCOUNTS = [
    # username, role group (None for a superuser), display name: a person's name, because emails
    # and the admin address staff by it ("Hello Seo-yeon", not "Hello Demo").
    ("reporter", REPORTERS, "Seo-yeon Park"),
    ("editor", EDITORS, "Mi-rae Kang"),
    # The comments app's group (dateline/comments/roles.py), named rather than imported: news
    # does not import comments.
    ("moderator", "Moderators", "Tae-min Yoon"),
    ("admin", None, "Hana Lee"),
]


def _accounts_file() -> Path:
    return Path(settings.DATELINE_HOME) / "demo-accounts.txt"


def demo_accounts_on_file() -> list[tuple[str, str]]:
    """Return the demo log-ins (username, password) kept in DATELINE_HOME, if the demo was loaded."""
    path = _accounts_file()
    if not path.exists():
        return []
    return [tuple(line.split(" ", 1)) for line in path.read_text().splitlines() if " " in line]


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def body_blocks(items) -> list:
    """Turn content items into StreamField blocks: paragraphs, ("heading", t), ("quote", t, who)."""
    blocks = []
    for item in items:
        if isinstance(item, str):
            blocks.append(("paragraph", RichText(f"<p>{escape(item)}</p>")))
        elif item[0] == "heading":
            blocks.append(("heading", item[1]))
        else:
            blocks.append(("quote", {"quote": item[1], "attribution": item[2]}))
    return blocks


class DemoNewsroomLoader:
    def __init__(self):
        self.report = DemoReport()
        self.now = timezone.now().replace(second=0, microsecond=0)

    @transaction.atomic
    def load(self) -> DemoReport:
        """Fill every edition with the demo newsroom: sections, contributors, articles, accounts."""
        homes = {
            code: HomePage.objects.get(pk=edition_home_for_language(code).pk)
            for code in ("en", "ko")
        }
        for code, home in homes.items():
            self._brand(home, content.NEWSROOM[code])
        contributors = self._contributors()
        sections = self._sections(homes)
        for story in content.ENGLISH_ARTICLES:
            self._article(sections["en"][story["section"]], story, contributors)
        for story in content.KOREAN_ARTICLES:
            self._article(sections["ko"][story["section"]], story, contributors)
        self._translated_pair(sections, contributors)
        self._feature(homes["en"])
        self._accounts()
        transaction.on_commit(self._prepare_renditions)
        return self.report

    def _brand(self, home, newsroom) -> None:
        if home.title == newsroom["title"]:
            return
        home.title, home.tagline = newsroom["title"], newsroom["tagline"]
        publish(home)

    def _contributors(self) -> dict[str, Contributor]:
        found = {
            c.slug: c
            for c in Contributor.objects.filter(slug__in=[c[0] for c in content.CONTRIBUTORS])
        }
        for slug, name, bio in content.CONTRIBUTORS:
            if slug not in found:
                found[slug] = Contributor.objects.create(slug=slug, name=name, bio=bio)
                self.report.count("contributors")
        return found

    def _sections(self, homes) -> dict[str, dict[str, SectionPage]]:
        sections = {"en": {}, "ko": {}}
        for slug, title_en, title_ko, intro in content.SECTIONS:
            english = SectionPage.objects.child_of(homes["en"]).filter(slug=slug).first()
            if english is None:
                english = homes["en"].add_child(
                    instance=SectionPage(title=title_en, slug=slug, intro=intro, show_in_menus=True)
                )
                publish(english)
                self.report.count("sections")
            korean = english.get_translation_or_none(Locale.objects.get(language_code="ko"))
            if korean is None:
                korean = english.copy_for_translation(Locale.objects.get(language_code="ko"))
                korean.title, korean.intro = title_ko, ""
                publish(korean)
                self.report.count("sections")
            sections["en"][slug], sections["ko"][slug] = english, korean.specific
        return sections

    def _image(self, story) -> NewsImage:
        title = f"Demo illustration {story['seed']}"
        image = NewsImage.objects.filter(title=title).first()
        if image is None:
            picture = paint_landscape(story["seed"])
            image = NewsImage.objects.create(
                title=title,
                description=story["alt"],
                credit="Yoon Ha-eun",
                collection=Collection.get_first_root_node(),
                file=ImageFile(io.BytesIO(picture), name=f"art-{story['seed']}.jpg"),
            )
            self.report.count("images")
        return image

    def _article(self, section, story, contributors, translated_from=None) -> ArticlePage:
        existing = ArticlePage.objects.child_of(section).filter(slug=story["slug"]).first()
        if existing is not None:
            return existing
        article = ArticlePage(
            title=story["title"],
            slug=story["slug"],
            standfirst=story["standfirst"],
            body=body_blocks(story["body"]),
            hero_image=self._image(story),
            hero_caption=story["caption"],
            hero_alt=story["alt"],
            translated_from=translated_from,
            live=False,
        )
        self._credit(article, story, contributors)
        article.tags.add(*story["tags"])
        section.add_child(instance=article)
        published_at = self.now - timedelta(days=story["days_ago"], hours=story["seed"] % 7)
        publish(article, at=published_at)
        self.report.count("articles")
        return article

    def _credit(self, article, story, contributors) -> None:
        """Set the article's credits in memory; saving the page saves them, as the admin form does."""
        article.credits = [
            ArticleCredit(contributor=contributors[slug], role=role, sort_order=order)
            for order, (slug, role) in enumerate(story["credits"])
        ]

    def _translated_pair(self, sections, contributors) -> None:
        """Publish the Korean original, then its English translation made the way an editor would."""
        original_story, english_story = content.TRANSLATED_PAIR["ko"], content.TRANSLATED_PAIR["en"]
        original = self._article(
            sections["ko"][original_story["section"]], original_story, contributors
        )
        english_locale = Locale.objects.get(language_code="en")
        if original.has_translation(english_locale):
            return
        # The translation gets its own credits below; copying the original's only to replace them
        # would leave queued index tasks pointing at deleted rows.
        translation = original.copy_for_translation(
            english_locale, exclude_fields=["credits"]
        ).specific
        translation.title = english_story["title"]
        translation.slug = english_story["slug"]
        translation.standfirst = english_story["standfirst"]
        translation.body = body_blocks(english_story["body"])
        translation.hero_caption = english_story["caption"]
        translation.hero_alt = english_story["alt"]
        self._credit(translation, english_story, contributors)
        translation.tags.clear()
        translation.tags.add(*english_story["tags"])
        translation.save()
        publish(translation, at=original.first_published_at + timedelta(hours=5))
        self.report.count("articles")

    def _feature(self, home) -> None:
        if home.featured_articles.exists():
            return
        slugs = [story["slug"] for story in content.ENGLISH_ARTICLES if story.get("featured")]
        articles = ArticlePage.objects.descendant_of(home).filter(slug__in=slugs)
        for order, article in enumerate(sorted(articles, key=lambda a: slugs.index(a.slug))):
            home.featured_articles.create(article=article, sort_order=order)
        publish(home)

    def _accounts(self) -> None:
        """Create one log-in per role, with passwords kept in DATELINE_HOME to print every time."""
        passwords = dict(demo_accounts_on_file())
        user_model = get_user_model()
        accounts = []
        for username, group_name, display_name in DEMO_ACCOUNTS:
            user = user_model.objects.filter(username=username).first()
            if user is None or username not in passwords:
                passwords[username] = secrets.token_urlsafe(12)
                first, last = display_name.split(" ", 1)
                user = user or user_model(username=username)
                user.first_name, user.last_name = first, last
                user.email = f"{username}@example.com"
                user.is_superuser = user.is_staff = group_name is None
                user.set_password(passwords[username])
                user.save()
                if group_name:
                    user.groups.add(Group.objects.get(name=group_name))
                self.report.count("accounts")
            accounts.append((username, passwords[username]))
        path = _accounts_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text("".join(f"{username} {password}\n" for username, password in accounts))

    def _prepare_renditions(self) -> None:
        for image_id in NewsImage.objects.filter(title__startswith="Demo illustration").values_list(
            "pk", flat=True
        ):
            prepare_renditions.call(image_id, ["hero", "card"])
