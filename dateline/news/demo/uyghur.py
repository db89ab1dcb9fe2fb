"""The demo's Uyghur edition (`ug`, Arabic script, right to left), loaded when the edition exists.

It proves a third, right-to-left edition needs only a setting (`DATELINE_EXTRA_LANGUAGES=ug`,
which `make run` sets): its pages, feeds, sitemaps and search come from the same code as English
and Korean. Every story, name and quote here is invented for Dateline, like the rest of the demo.
"""

LANGUAGE = "ug"

NEWSROOM = {
    "title": "نوردېرن ۋايەر",
    "tagline": "كۆرسىتىش ئۈچۈن قۇرۇلغان خەۋەر ئورنى: بۇ يەردىكى ھەممە خەۋەر ئويدۇرما.",
}

# Section key (as in content.SECTIONS) → its Uyghur title.
SECTION_TITLES = {
    "north-korea": "شىمالىي كورېيە",
    "economy": "ئىقتىساد",
    "society": "جەمئىيەت",
    "human-rights": "كىشىلىك ھوقۇق",
}

# A writer of the Uyghur edition's own; the others are content.CONTRIBUTORS, named per language.
CONTRIBUTORS = [
    (
        "aynur-tursun",
        "Aynur Tursun",
        "ئاينۇر تۇرسۇن",
        "Writes and translates for the Uyghur edition.",
    ),
]

ARTICLES = [
    {
        "section": "economy",
        "slug": "flour-price-rises-again",
        "title": "بازاردا ئۇن باھاسى يەنە ئۆستى",
        "standfirst": (
            "چېگرا تەكشۈرۈشى كۈچەيگەندىن كېيىن، نۇرغۇن ئائىلىلەر كۈندىلىك تاماقنى ئازايتىشقا "
            "مەجبۇر بولماقتا."
        ),
        "body": [
            "بىر چېگرا شەھىرىدىكى بازاردا ئۇن باھاسى بىر ئاي ئىچىدە ئۈچتىن بىر ئۆستى، دېدى "
            "شەھەردىكى بىر مەنبە.",
            (
                "quote",
                "ئىلگىرى بىر خالتا ئۇن ئالغان پۇلغا ھازىر يېرىم خالتىمۇ ئالالمايمىز.",
                "بازاردىكى بىر سودىگەر",
            ),
            ("heading", "سودىگەرلەر ماللىرىنى يوشۇرماقتا"),
            "مەنبەنىڭ ئېيتىشىچە، بەزى سودىگەرلەر تەكشۈرۈشتىن قورقۇپ ماللىرىنى ئۆيىدە ساقلاشقا "
            "باشلىغان.",
        ],
        "tags": ["باھا", "بازار"],
        "credits": [("han-ji-woo", "reporter"), ("aynur-tursun", "writer")],
        "days_ago": 1,
        "seed": 41,
        "caption": "چېگرا شەھىرىنىڭ كەچلىك مەنزىرىسى تەسۋىرلەنگەن رەسىم.",
        "alt": "تاغ باغرىدىن كۆرۈنگەن پەس ئۆگزىلەر ۋە ئۇلارنىڭ ئارقىسىدىكى تاغ تىزمىلىرى.",
    },
    {
        "section": "society",
        "slug": "schools-ask-for-firewood",
        "title": "مەكتەپلەر ئوقۇغۇچىلاردىن قىشلىق ئوتۇن تەلەپ قىلماقتا",
        "standfirst": "ئاتا-ئانىلار ھەر بىر بالا ئۈچۈن ئوتۇن ياكى پۇل تاپشۇرۇشقا بۇيرۇلدى.",
        "body": [
            "بىر قانچە مەكتەپ قىش كېلىشتىن بۇرۇن ھەر بىر ئوقۇغۇچىدىن بىر باغ ئوتۇن ئېلىپ "
            "كېلىشنى تەلەپ قىلغان.",
            ("quote", "ئوتۇن تاپالمىساق، ئورنىغا پۇل بېرىشكە توغرا كېلىدۇ.", "بىر ئانا"),
            "ئاتا-ئانىلار بۇ تەلەپنىڭ ھەر يىلى ئېغىرلىشىۋاتقانلىقىنى ئېيتتى.",
        ],
        "tags": ["مائارىپ"],
        "credits": [("park-seo-yeon", "reporter"), ("aynur-tursun", "writer")],
        "days_ago": 3,
        "seed": 42,
        "caption": "قىشلىق ئاسمان ئاستىدىكى بىر يېزا تەسۋىرلەنگەن رەسىم.",
        "alt": "سوغۇق كەچتە قاراڭغۇ ئۆگزىلەر ۋە كۆك ئاسمان.",
    },
]

# Topics of the translated story, as the Uyghur edition names them: (English topic, Uyghur).
TOPIC_PAIRS = [("surveillance", "نازارەت"), ("mobile phones", "يانفون")]

# The English story the Uyghur edition translates: its slug in content.ENGLISH_ARTICLES.
TRANSLATION = {
    "original": "smartphone-inspections-trains",
    "slug": "phone-checks-on-northbound-trains",
    "title": "شىمالغا ماڭىدىغان پويىزلاردا تېلېفون ئاختۇرۇش باشلاندى",
    "standfirst": (
        "يولۇچىلارنىڭ ئېيتىشىچە، تەكشۈرگۈچىلەر ئۇلارنىڭ تېلېفونىدىكى سۈرەت ۋە ئۇچۇرلارنى "
        "بىر-بىرلەپ كۆرۈپ چىققاندىن كېيىن ئاندىن يولغا قويغان."
    ),
    "body": [
        "چېگرا ئۆلكىلىرىگە ماڭىدىغان پويىزلاردا تەكشۈرۈش گۇرۇپپىلىرى يولۇچىلارنىڭ يانفونىنى "
        "تەكشۈرۈشكە باشلىغان، دېدى بۇ يولنى بېسىپ ئۆتكەن ئىككى كىشى.",
        ("quote", "ھەممە نەرسىنى كۆرۈپ چىقتى: سۈرەت، ناخشا، ئۇچۇر.", "بىر يولۇچى"),
        "تەكشۈرۈش تېلېفونلاردا ساقلانغان چەت ئەل مەتبۇئاتلىرىنى نىشان قىلغاندەك قىلىدۇ.",
    ],
    "credits": [("aynur-tursun", "translator"), ("kang-eun-bi", "reporter")],
    "caption": "تۆمۈر يول بويىدىكى تاغ تىزمىلىرى تەسۋىرلەنگەن رەسىم.",
    "alt": "سۇس ئاسمان ئاستىدا قەۋەت-قەۋەت كۈلرەڭ تاغ تىزمىلىرى.",
}
