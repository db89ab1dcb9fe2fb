"""Small WordPress exports written for one test: posts, attachments and comments as WXR 1.2."""

from pathlib import Path
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Test Desk</title>
	<link>https://testdesk.example</link>
	<language>en</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://testdesk.example</wp:base_site_url>
	<wp:base_blog_url>https://testdesk.example</wp:base_blog_url>
"""


def category(slug: str, name: str) -> str:
    return (
        f"<wp:category><wp:category_nicename>{slug}</wp:category_nicename>"
        f"<wp:category_parent></wp:category_parent>"
        f"<wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>"
    )


def comment(number: int, author: str, text: str = "Thank you for this.") -> str:
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>{escape(author)}</wp:comment_author>"
        f"<wp:comment_content>{escape(text)}</wp:comment_content>"
        "<wp:comment_date_gmt>2024-03-04 10:00:00</wp:comment_date_gmt>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
    )


def item(number: int, *, title="", post_type="post", slug="", body="", extra="") -> str:
    title = title or f"Story {number}"
    section = (
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        if post_type == "post"
        else ""
    )
    return f"""<item>
	<title>{escape(title)}</title>
	<link>https://testdesk.example/?p={number}</link>
	<dc:creator><![CDATA[editor]]></dc:creator>
	{section}
	<content:encoded><![CDATA[{body or f"Text of story {number}."}]]></content:encoded>
	<excerpt:encoded><![CDATA[Standfirst of story {number}.]]></excerpt:encoded>
	<wp:post_id>{number}</wp:post_id>
	<wp:post_date_gmt>2024-03-04 09:30:00</wp:post_date_gmt>
	<wp:comment_status>open</wp:comment_status>
	<wp:post_name>{slug or f"story-{number}"}</wp:post_name>
	<wp:status>publish</wp:status>
	<wp:post_type>{post_type}</wp:post_type>
	<wp:post_password></wp:post_password>
	{extra}
</item>"""


def attachment(number: int, relative: str) -> str:
    return f"""<item>
	<title>Picture {number}</title>
	<wp:post_id>{number}</wp:post_id>
	<wp:status>inherit</wp:status>
	<wp:post_type>attachment</wp:post_type>
	<wp:attachment_url>https://testdesk.example/wp-content/uploads/{relative}</wp:attachment_url>
	<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{relative}</wp:meta_value></wp:postmeta>
	<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>A picture</wp:meta_value></wp:postmeta>
</item>"""


def write_export(path: Path, *parts: str) -> Path:
    path.write_text(HEADER + category("news", "News") + "\n".join(parts) + "\n</channel></rss>")
    return path
