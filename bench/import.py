"""WordPress import speed and peak memory on a large generated export, beside a bare parse of it.

    .venv/bin/python bench/import.py                 # 20,000 items (posts, pages, attachments)
    .venv/bin/python bench/import.py --items 50000   # larger
    .venv/bin/python bench/import.py --keep DIR      # keep the export, uploads and database

One run generates an export in the shape WordPress writes it (classic-editor posts with captions,
links, lists, curly quotes and Korean text; threaded comments of every status; nested categories;
tags; pages; image attachments with their files in an uploads folder), then measures, each in a
fresh process so that one measure's memory cannot hide in another's:

- the reference: a bare lxml iterparse pass over the same file, clearing each element as it
  goes: the fastest anyone can read the file, and the least memory that reading takes;
- the reader: Dateline's streaming WXR reader turning the file into typed records;
- the import: `dateline import_wordpress` into a fresh, migrated SQLite database, as an operator
  runs it (batches that commit, search index, reference index and rendition tasks queued for
  the worker), timed item by item so that the first and the last thousand items' rates show
  whether the import slows down as the site grows.

It prints items per second and peak memory (tracemalloc for the two parses, which never leave
Python; the process's peak RSS for the import, whose database and image work happen partly in C),
and the ratios to the reference. The export's size is printed too: the reader's memory must not
grow with it, and a second, smaller run (--items) shows whether it does.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench Desk</title>
	<link>https://benchdesk.example</link>
	<language>en</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://benchdesk.example</wp:base_site_url>
	<wp:base_blog_url>https://benchdesk.example</wp:base_blog_url>
"""

SENTENCES = [
    "Traders in Hyesan say the price of rice has “doubled” since January.",
    "A kilo now costs 8,000 won — the sharpest rise in years.",
    "‘We cannot feed our children on promises,’ one woman said…",  # noqa: RUF001
    "혜산 시장에서 쌀값이 두 배로 올랐다고 상인들이 말했다.",
    "Officials did not answer questions about the new market rules.",
    "The border has been closed to most trade since the spring.",
]


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def post_content(rng: random.Random, attachment_id: int | None) -> str:
    paragraphs = []
    for _ in range(rng.randint(4, 8)):
        paragraphs.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 4))))
    if attachment_id:
        paragraphs.insert(
            1,
            f'[caption id="attachment_{attachment_id}" align="alignnone" width="800"]'
            f'<img class="size-large wp-image-{attachment_id}" '
            f'src="https://benchdesk.example/wp-content/uploads/2024/03/photo-{attachment_id}-800x600.png" '
            f'alt="" /> A caption for photo {attachment_id}.[/caption]',
        )
    paragraphs.append(
        'Read the <a href="https://benchdesk.example/2024/01/earlier/">earlier report</a>.'
    )
    paragraphs.append("<ul>\n<li>Rice: <strong>8,000 won</strong></li>\n<li>Corn</li>\n</ul>")
    return "\n\n".join(paragraphs)


def comment(comment_id: int, parent: int, status: str, day: int) -> str:
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata(f'Reader {comment_id}')}</wp:comment_author>"
        f"<wp:comment_author_email>reader{comment_id}@readers.example</wp:comment_author_email>"
        f"<wp:comment_author_url></wp:comment_author_url>"
        f"<wp:comment_author_IP>198.51.100.{comment_id % 250}</wp:comment_author_IP>"
        f"<wp:comment_date>2024-03-{day:02d} 10:00:00</wp:comment_date>"
        f"<wp:comment_date_gmt>2024-03-{day:02d} 01:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata('Same in Musan.' + chr(10) + chr(10) + 'Prices are “unbearable”.')}</wp:comment_content>"
        f"<wp:comment_approved>{status}</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def item(
    post_id: int,
    post_type: str,
    title: str,
    content: str,
    *,
    slug: str,
    status: str = "publish",
    excerpt: str = "",
    categories=(),
    meta=(),
    comments=(),
    attachment_url: str = "",
) -> str:
    day = 1 + post_id % 28
    parts = [
        "<item>",
        f"<title>{cdata(title)}</title>",
        f"<link>https://benchdesk.example/2024/03/{slug}/</link>",
        "<dc:creator>author-" + str(post_id % 20) + "</dc:creator>",
        f'<guid isPermaLink="false">https://benchdesk.example/?p={post_id}</guid>',
        f"<content:encoded>{cdata(content)}</content:encoded>",
        f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>",
        f"<wp:post_id>{post_id}</wp:post_id>",
        f"<wp:post_date>2024-03-{day:02d} 18:00:00</wp:post_date>",
        f"<wp:post_date_gmt>2024-03-{day:02d} 09:00:00</wp:post_date_gmt>",
        "<wp:comment_status>open</wp:comment_status>",
        f"<wp:post_name>{slug}</wp:post_name>",
        f"<wp:status>{status}</wp:status>",
        f"<wp:post_type>{post_type}</wp:post_type>",
        "<wp:post_password></wp:post_password>",
    ]
    if attachment_url:
        parts.append(f"<wp:attachment_url>{attachment_url}</wp:attachment_url>")
    for domain, nicename, name in categories:
        parts.append(f'<category domain="{domain}" nicename="{nicename}">{cdata(name)}</category>')
    for key, value in meta:
        parts.append(
            f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
            f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
        )
    parts.extend(comments)
    parts.append("</item>\n")
    return "".join(parts)


def generate(folder: Path, items: int, seed: int = 7) -> tuple[Path, Path, dict]:
    """Write export.xml and an uploads folder with its images; return them and what is in it."""
    from PIL import Image

    rng = random.Random(seed)
    export, uploads = folder / "export.xml", folder / "uploads"
    photo = uploads / "2024/03"
    photo.mkdir(parents=True, exist_ok=True)
    attachments = items * 15 // 100
    pages = items * 2 // 100
    posts = items - attachments - pages
    counts = {"posts": posts, "pages": pages, "attachments": attachments, "comments": 0}
    statuses = ["1", "1", "1", "1", "0", "spam", "trash"]
    with export.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for number in range(20):
            out.write(
                f"<wp:author><wp:author_login>author-{number}</wp:author_login>"
                f"<wp:author_display_name>{cdata(f'Reporter {number}')}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for number in range(40):
            parent = f"desk-{number // 8}" if number >= 8 else ""
            out.write(
                f"<wp:category><wp:category_nicename>desk-{number}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{cdata(f'Desk {number}')}</wp:cat_name></wp:category>\n"
            )
        for number in range(200):
            out.write(
                f"<wp:tag><wp:tag_slug>topic-{number}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(f'Topic {number}')}</wp:tag_name></wp:tag>\n"
            )
        first_attachment = posts + pages + 1
        comment_id = 0
        for post_id in range(1, posts + 1):
            attachment_id = first_attachment + (post_id % attachments) if attachments else None
            post_comments, thread = [], []
            for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
                comment_id += 1
                parent = rng.choice(thread) if thread and rng.random() < 0.4 else 0
                post_comments.append(
                    comment(comment_id, parent, rng.choice(statuses), 1 + post_id % 28)
                )
                thread.append(comment_id)
                counts["comments"] += 1
            out.write(
                item(
                    post_id,
                    "post",
                    f"Story {post_id}: prices rise again",
                    post_content(rng, attachment_id),
                    slug=f"story-{post_id}",
                    status="publish" if post_id % 10 else "draft",
                    excerpt=""
                    if post_id % 2
                    else "Prices have doubled since January, traders say.",
                    categories=[
                        ("category", f"desk-{post_id % 40}", f"Desk {post_id % 40}"),
                        ("post_tag", f"topic-{post_id % 200}", f"Topic {post_id % 200}"),
                    ],
                    meta=[("_thumbnail_id", str(attachment_id))] if attachment_id else [],
                    comments=post_comments,
                )
            )
        for page_id in range(posts + 1, posts + pages + 1):
            out.write(
                item(
                    page_id,
                    "page",
                    f"Page {page_id}",
                    post_content(rng, None),
                    slug=f"page-{page_id}",
                )
            )
        for attachment_id in range(first_attachment, first_attachment + attachments):
            name = f"photo-{attachment_id}.png"
            Image.new("RGB", (16, 12), (attachment_id % 256, 80, 120)).save(photo / name)
            out.write(
                item(
                    attachment_id,
                    "attachment",
                    f"Photo {attachment_id}",
                    "",
                    slug=f"photo-{attachment_id}",
                    status="inherit",
                    excerpt=f"A caption for photo {attachment_id}.",
                    meta=[
                        ("_wp_attached_file", f"2024/03/{name}"),
                        ("_wp_attachment_image_alt", f"Market stalls, photo {attachment_id}"),
                    ],
                    attachment_url=f"https://benchdesk.example/wp-content/uploads/2024/03/{name}",
                )
            )
        out.write("</channel>\n</rss>\n")
    return export, uploads, counts


REFERENCE = """
import json, sys, time, tracemalloc
from lxml import etree
tracemalloc.start()
start = time.perf_counter()
items = 0
for _event, element in etree.iterparse(sys.argv[1], events=("end",), huge_tree=True):
    if element.tag == "item":
        items += 1
    if element.getparent() is not None and element.getparent().tag == "channel":
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
elapsed = time.perf_counter() - start
print(json.dumps({"items": items, "seconds": elapsed, "peak_bytes": tracemalloc.get_traced_memory()[1]}))
"""

READER = """
import json, sys, time, tracemalloc
import django
django.setup()
from dateline.wordpress.records import Item
from dateline.wordpress.wxr import WXRReader
tracemalloc.start()
start = time.perf_counter()
items = sum(1 for record in WXRReader(sys.argv[1]).records() if isinstance(record, Item))
elapsed = time.perf_counter() - start
print(json.dumps({"items": items, "seconds": elapsed, "peak_bytes": tracemalloc.get_traced_memory()[1]}))
"""

IMPORT = """
import json, resource, sys, time
from pathlib import Path
import django
django.setup()
from dateline.wordpress.importer import WordPressImporter
def rss_kb():
    return int(next(line for line in open("/proc/self/status") if line.startswith("VmRSS")).split()[1])
class Clock:
    # the importer's progress bar, noting when each item is done
    def __init__(self):
        self.done = []
    def start(self, total):
        pass
    def advance(self):
        self.done.append(time.perf_counter() - start)
    def finish(self):
        pass
before = rss_kb()
clock = Clock()
start = time.perf_counter()
report = WordPressImporter(Path(sys.argv[1]), uploads=Path(sys.argv[2]), progress=clock).run()
elapsed = time.perf_counter() - start
counts = {kind: sum(outcomes.values()) for kind, outcomes in report.counts.items()}
print(json.dumps({
    "seconds": elapsed,
    "rss_before_kb": before,
    "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "counts": counts,
    "skipped": len(report.skipped),
    "item_done_seconds": clock.done,
}))
"""


def measure(code: str, *args: str, env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"A measured run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def thousands(
    done: list[float], total_seconds: float, attachments: int
) -> tuple[float, float] | None:
    """Return the import's posts/s over its first and its last thousand posts and pages.

    The attachments are imported first, and an image is other work than a post, so the first
    window starts after them. Each item's time is when it was done; the last window runs to the
    end of the run, so the last batch's revisions and indexes are counted in it.
    """
    if len(done) - attachments < 2000:
        return None
    before = done[attachments - 1] if attachments else 0.0
    return 1000 / (done[attachments + 999] - before), 1000 / (total_seconds - done[-1001])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20000, help="items in the export")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep what it makes")
    options = parser.parse_args()

    folder = Path(options.keep) if options.keep else Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    home = folder / "home"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(home),
        "DATELINE_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)

    print(f"Generating an export of {options.items:,} items in {folder} ...", flush=True)
    export, uploads, counts = generate(folder, options.items)
    size_mb = export.stat().st_size / 1e6
    print(
        f"  {size_mb:.1f} MB: {counts['posts']:,} posts, {counts['pages']:,} pages, "
        f"{counts['attachments']:,} attachments (files in uploads), {counts['comments']:,} comments",
        flush=True,
    )
    subprocess.run(
        [sys.executable, "-m", "dateline", "migrate", "--noinput", "-v0"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )

    print("Reference: bare lxml iterparse ...", flush=True)
    reference = measure(REFERENCE, str(export), env=env)
    print("Dateline's WXR reader ...", flush=True)
    reader = measure(READER, str(export), env=env)
    print("Import into a fresh SQLite database ...", flush=True)
    imported = measure(IMPORT, str(export), str(uploads), env=env)

    items = reference["items"]
    rates = {
        "reference": items / reference["seconds"],
        "reader": items / reader["seconds"],
        "import": items / imported["seconds"],
    }
    print()
    print(f"Export: {items:,} items, {size_mb:.1f} MB")
    print(
        f"  reference parse  {rates['reference']:>10,.0f} items/s  {reference['seconds']:7.1f} s  "
        f"peak {reference['peak_bytes'] / 1e6:6.1f} MB (tracemalloc)"
    )
    print(
        f"  WXR reader       {rates['reader']:>10,.0f} items/s  {reader['seconds']:7.1f} s  "
        f"peak {reader['peak_bytes'] / 1e6:6.1f} MB (tracemalloc)"
    )
    growth = (imported["peak_rss_kb"] - imported["rss_before_kb"]) / 1e3
    print(
        f"  full import      {rates['import']:>10,.1f} items/s  {imported['seconds']:7.1f} s  "
        f"peak RSS {imported['peak_rss_kb'] / 1e3:6.1f} MB "
        f"({growth:+.1f} MB over the {imported['rss_before_kb'] / 1e3:.1f} MB it started with)"
    )
    print(f"  imported: {imported['counts']}, skipped: {imported['skipped']}")
    windows = thousands(imported["item_done_seconds"], imported["seconds"], counts["attachments"])
    if windows:
        first, last = windows
        print(
            f"  posts and pages: first 1,000 {first:,.1f} items/s, last 1,000 {last:,.1f} items/s "
            f"(last/first {last / first:.2f}; the attachments before them are left out)"
        )
    print(
        f"  load average at the end: {os.getloadavg()[0]:.2f} (1 min), {os.getloadavg()[1]:.2f} (5 min)"
    )
    print(
        f"Ratios to the reference: reader speed {rates['reader'] / rates['reference']:.2f}, "
        f"reader memory {reader['peak_bytes'] / max(reference['peak_bytes'], 1):.2f}; "
        f"import speed {rates['import'] / rates['reference']:.4f} "
        f"(the import reads the file three times and writes pages, revisions, images and comments)"
    )
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"import-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(
        json.dumps(
            {
                "items": items,
                "export_mb": size_mb,
                "contents": counts,
                "reference": reference,
                "reader": reader,
                "import": imported,
                "items_per_second": rates,
                "first_and_last_thousand_posts_per_second": thousands(
                    imported["item_done_seconds"], imported["seconds"], counts["attachments"]
                ),
                "load_average": os.getloadavg(),
            },
            indent=2,
        )
    )
    print(f"Results written to {path.relative_to(REPO)}")
    if not options.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(bench took {time.perf_counter() - start:.0f} s)")
