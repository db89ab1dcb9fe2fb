"""A feed entry's HTML is read away from the site: its addresses are made whole, nothing else."""

from dateline.feeds.links import with_absolute_urls

ROOT = "https://news.example"


def test_links_images_and_every_srcset_candidate_become_absolute():
    html = (
        '<p>See <a href="/north-korea/rice/" title="Rice">the report</a>.</p>\n'
        '<picture><source srcset="/media/a.webp 400w, /media/b.webp 800w">'
        '<img src="/media/a.jpg" alt="Market" /></picture>\n'
        '<blockquote cite="../sources/1/">Quoted</blockquote>'
    )

    assert with_absolute_urls(html, ROOT) == (
        '<p>See <a href="https://news.example/north-korea/rice/" title="Rice">the report</a>.</p>\n'
        '<picture><source srcset="https://news.example/media/a.webp 400w, '
        'https://news.example/media/b.webp 800w">'
        '<img src="https://news.example/media/a.jpg" alt="Market" /></picture>\n'
        '<blockquote cite="https://news.example/sources/1/">Quoted</blockquote>'
    )


def test_text_that_looks_like_an_address_is_left_as_written():
    html = '<p>The leaflet said href="/free" and src=\'/x\' &amp; more &lt;a href="/y"&gt;</p>'

    assert with_absolute_urls(html, ROOT) == html


def test_an_address_keeps_its_query_and_an_attribute_its_quotes_and_ampersands():
    html = '<a href="/search/?q=rice&amp;page=2" data-note="say &quot;hi&quot;">Rice</a>'

    assert with_absolute_urls(html, ROOT) == (
        '<a href="https://news.example/search/?q=rice&amp;page=2" '
        'data-note="say &quot;hi&quot;">Rice</a>'
    )


def test_addresses_already_whole_and_korean_text_are_kept():
    html = '<p>혜산 쌀값 <a href="https://example.org/report">보고서</a></p>'

    assert with_absolute_urls(html, ROOT) == html


def test_srcset_candidates_split_on_any_white_space_keep_their_descriptors():
    html = '<img srcset="/a.jpg\t1x,\n  /b.jpg\n2x," src="/a.jpg">'

    assert with_absolute_urls(html, ROOT) == (
        '<img srcset="https://news.example/a.jpg 1x, https://news.example/b.jpg 2x" '
        'src="https://news.example/a.jpg">'
    )
