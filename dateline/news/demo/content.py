"""The demo newsroom's content. Every story, name and quote here is invented for Dateline.

Body items are paragraphs (plain strings), ("heading", text) or ("quote", text, attribution).
"""

NEWSROOM = {
    "en": {
        "title": "Northern Wire",
        "tagline": "A demonstration newsroom: every story here is invented.",
    },
    "ko": {"title": "노던 와이어", "tagline": "시연용 뉴스룸입니다. 모든 기사는 지어낸 것입니다."},
}

SECTIONS = [
    # key, English title, Korean title, English intro
    ("north-korea", "North Korea", "북한", "Daily life, markets and power inside the country."),
    ("economy", "Economy", "경제", "Prices, trade and the money that crosses the border."),
    ("society", "Society", "사회", "Families, schools, health and the rules people live by."),
    (
        "human-rights",
        "Human Rights",
        "인권",
        "Detention, surveillance and the people who document them.",
    ),
]

CONTRIBUTORS = [
    # slug, name, bio
    ("han-ji-woo", "Han Ji-woo", "Covers markets and the border economy from the Seoul desk."),
    ("park-seo-yeon", "Park Seo-yeon", "Reports on education, health and family life."),
    ("lee-min-jun", "Lee Min-jun", "Translates the Korean service's reporting into English."),
    ("claire-dunmore", "Claire Dunmore", "Writes the English edition's versions of our reporting."),
    ("oh-tae-ho", "Oh Tae-ho", "Night editor."),
    ("yoon-ha-eun", "Yoon Ha-eun", "Photographer and illustrator."),
    ("kang-eun-bi", "Kang Eun-bi", "Human rights reporter."),
]

# The names each edition prints for them; any other edition prints the name above.
CONTRIBUTOR_NAMES = {
    "han-ji-woo": {"ko": "한지우", "ug": "خەن جىۋۇ"},
    "park-seo-yeon": {"ko": "박서연", "ug": "پاك سېيون"},
    "lee-min-jun": {"ko": "이민준", "ug": "لى مىنجۇن"},
    "claire-dunmore": {"ko": "클레어 더모어", "ug": "كلەير دانمور"},
    "oh-tae-ho": {"ko": "오태호", "ug": "ئو تەخو"},
    "yoon-ha-eun": {"ko": "윤하은", "ug": "يۇن خائېن"},
    "kang-eun-bi": {"ko": "강은비", "ug": "كاڭ ئېنبى"},
}

# Topics of the translated pair, as each edition names them: (original's topic, translation's).
TOPIC_PAIRS = [("쌀값", "rice prices"), ("장마당", "markets")]

# The Korean original of the one story the demo shows in both editions.
TRANSLATED_PAIR = {
    "ko": {
        "section": "north-korea",
        "slug": "hyesan-rice-price",
        "title": "혜산 쌀값, 한 달 새 두 배 가까이 올라",
        "standfirst": "국경 단속이 강화되면서 장마당 쌀값이 급등했고, 주민들은 옥수수로 끼니를 바꾸고 있다.",
        "body": [
            "양강도 혜산의 장마당에서 쌀값이 한 달 사이 두 배 가까이 올랐다고 현지 소식통이 전했다.",
            (
                "quote",
                "지난달에는 쌀 1킬로그램을 사던 돈으로 지금은 반밖에 못 산다.",
                "혜산의 한 상인",
            ),
            ("heading", "국경 단속과 물가"),
            "소식통에 따르면 이달 들어 국경 경비가 강화되면서 중국에서 들어오던 곡물이 크게 줄었다.",
            "주민들은 쌀 대신 옥수수를 사거나 하루 두 끼로 줄이고 있다고 전했다.",
        ],
        "tags": ["쌀값", "장마당"],
        "credits": [("han-ji-woo", "reporter")],
        "days_ago": 1,
        "seed": 11,
        "caption": "국경 도시의 저녁 풍경을 그린 삽화.",
        "alt": "언덕에서 내려다본 낮은 지붕들과 그 뒤로 겹겹이 이어진 산줄기.",
    },
    "en": {
        "slug": "hyesan-rice-price-doubles",
        "title": "Rice nearly doubles in price in Hyesan in a month",
        "standfirst": (
            "As border controls tighten, the price of rice in the city's market has soared and "
            "families are switching to corn."
        ),
        "body": [
            "The price of rice in the market of Hyesan, Ryanggang Province, has nearly doubled in a "
            "month, a source in the city said.",
            (
                "quote",
                "The money that bought a kilogram of rice last month buys half of one now.",
                "a trader in Hyesan",
            ),
            ("heading", "Border controls and prices"),
            "According to the source, grain that used to come in from China has dwindled since "
            "border guards were reinforced at the start of the month.",
            "Residents are buying corn instead of rice, or cutting down to two meals a day, the "
            "source added.",
        ],
        "tags": ["rice prices", "markets"],
        "credits": [("lee-min-jun", "translator"), ("claire-dunmore", "writer")],
        "caption": "An illustration of a border town at dusk.",
        "alt": "Low roofs seen from a hill, with ridges of mountains behind them.",
    },
}

KOREAN_ARTICLES = [
    {
        "section": "society",
        "slug": "school-labour-mobilisation",
        "title": "신학기 앞두고 학생 노력동원 늘어",
        "standfirst": "학교들이 학생들을 농촌 지원과 건설 현장에 보내면서 수업 시간이 줄고 있다.",
        "body": [
            "함경북도의 여러 학교가 신학기를 앞두고 학생들을 농촌 지원에 동원하고 있다고 소식통이 전했다.",
            ("quote", "아이들이 책가방 대신 삽을 들고 나간다.", "청진의 한 학부모"),
            "학부모들은 동원에서 빠지려면 돈이나 물품을 내야 한다고 말했다.",
        ],
        "tags": ["교육"],
        "credits": [("park-seo-yeon", "reporter")],
        "days_ago": 3,
        "seed": 21,
        "caption": "산골 마을 위로 해가 지는 모습을 그린 삽화.",
        "alt": "해 질 녘 산등성이 아래 자리 잡은 작은 마을.",
    },
    {
        "section": "economy",
        "slug": "yuan-exchange-rate",
        "title": "장마당 위안화 환율 다시 올라",
        "standfirst": "위안화 환율이 석 달 만에 최고치를 기록하면서 수입품 가격도 함께 오르고 있다.",
        "body": [
            "평안북도 신의주의 장마당에서 위안화 환율이 석 달 만에 가장 높은 수준으로 올랐다.",
            "소식통은 외화 단속이 심해지면서 환전상들이 몸을 사리고 있다고 설명했다.",
            ("quote", "환전상을 찾기가 어려워졌고, 찾아도 값을 더 부른다.", "신의주 주민"),
        ],
        "tags": ["환율", "장마당"],
        "credits": [("han-ji-woo", "reporter")],
        "days_ago": 4,
        "seed": 22,
        "caption": "강가 도시의 아침 풍경을 그린 삽화.",
        "alt": "옅은 하늘 아래 낮은 건물들이 늘어선 강가 마을.",
    },
]

ENGLISH_ARTICLES = [
    {
        "section": "north-korea",
        "slug": "smartphone-inspections-trains",
        "title": "Inspectors search phones on trains heading north",
        "standfirst": (
            "Passengers on the line to the border say inspectors now open their phones' photo "
            "galleries and message histories before letting them travel on."
        ),
        "body": [
            "Inspection teams have begun checking passengers' mobile phones on trains bound for "
            "the northern border provinces, two people who made the journey said.",
            (
                "quote",
                "They scroll through everything: photos, songs, messages. If they find a "
                "South Korean song you are taken off the train.",
                "a passenger from Hamhung",
            ),
            "The checks appear to target foreign media saved on phones, which has been punishable "
            "for years but was rarely searched for on trains.",
            ("heading", "Fees to avoid a search"),
            "One passenger said some travellers pay inspectors to skip the check, a practice that "
            "he said had become common within weeks.",
        ],
        "tags": ["surveillance", "mobile phones"],
        "credits": [
            ("kang-eun-bi", "reporter"),
            ("claire-dunmore", "writer"),
            ("oh-tae-ho", "editor"),
        ],
        "days_ago": 2,
        "seed": 1,
        "caption": "An illustration of mountain ridges along the railway line.",
        "alt": "Layered grey mountain ridges under a pale sky.",
        "featured": True,
    },
    {
        "section": "north-korea",
        "slug": "electricity-rationing-winter",
        "title": "Cities ration electricity as winter begins",
        "standfirst": "Households in provincial cities say they now get power for about four hours a day.",
        "body": [
            "Residents of two provincial cities said electricity supply to homes has fallen to "
            "around four hours a day since the first frost.",
            "Factories designated as priorities continue to receive power, they said, while "
            "apartment blocks are switched off in rotation.",
            (
                "quote",
                "We charge everything we can in those four hours: the battery, the lamp, "
                "the phone.",
                "a resident of Kimchaek",
            ),
            "Households that can afford it have bought small solar panels brought in from China.",
        ],
        "tags": ["electricity", "winter"],
        "credits": [("park-seo-yeon", "reporter"), ("lee-min-jun", "translator")],
        "days_ago": 5,
        "seed": 2,
        "caption": "An illustration of a town under a winter sky.",
        "alt": "Dark rooftops in the foreground of a cold blue evening landscape.",
    },
    {
        "section": "north-korea",
        "slug": "new-apartment-blocks-allocation",
        "title": "New apartments go to officials first, residents say",
        "standfirst": (
            "Families who were promised flats in a new housing district say officials and their "
            "relatives were housed before them."
        ),
        "body": [
            "A new housing district completed this autumn has been allocated mostly to officials, "
            "according to two people who live near the site.",
            (
                "quote",
                "We were told we were on the list. Then the list changed.",
                "a factory worker whose family applied",
            ),
            "The district was announced as housing for workers whose homes were damaged by floods.",
        ],
        "tags": ["housing"],
        "credits": [("han-ji-woo", "reporter")],
        "days_ago": 9,
        "seed": 3,
        "caption": "An illustration of low houses at the foot of the hills.",
        "alt": "A row of low-roofed houses in front of green hills.",
    },
    {
        "section": "economy",
        "slug": "fuel-prices-fishing-season",
        "title": "Fuel shortage keeps fishing boats in port",
        "standfirst": "Diesel has become so expensive on the east coast that many small boats have stopped going out.",
        "body": [
            "The price of diesel in east coast markets has risen by about a third since the "
            "summer, according to a source in the fishing trade.",
            "Owners of small boats say they cannot cover the cost of fuel with the catch.",
            (
                "quote",
                "A boat that does not go out does not lose money. That is where we are.",
                "a boat owner on the east coast",
            ),
            ("heading", "State quotas remain"),
            "State fishing companies still have catch quotas to meet, which they pass on to the "
            "crews, the source said.",
        ],
        "tags": ["fuel", "fishing"],
        "credits": [("han-ji-woo", "reporter"), ("claire-dunmore", "writer")],
        "days_ago": 6,
        "seed": 4,
        "caption": "An illustration of the coast at sunrise.",
        "alt": "Warm orange sky over dark hills and a line of roofs.",
        "featured": True,
    },
    {
        "section": "economy",
        "slug": "market-stall-fees-rise",
        "title": "Market stall fees raised for the second time this year",
        "standfirst": "Traders in a northern city say the monthly fee for a stall has doubled since January.",
        "body": [
            "Market management offices in a northern city have raised the monthly fee for a stall "
            "for the second time this year, traders said.",
            "Stallholders who cannot pay have moved to the alleys outside the market, where they "
            "risk having their goods confiscated.",
            ("quote", "Inside you pay the office. Outside you pay the patrol.", "a trader"),
        ],
        "tags": ["markets"],
        "credits": [("park-seo-yeon", "reporter")],
        "days_ago": 12,
        "seed": 5,
        "caption": "An illustration of a market town in the evening.",
        "alt": "A quiet town of small houses beneath evening hills.",
    },
    {
        "section": "economy",
        "slug": "border-trade-trucks-return",
        "title": "Trucks return to a border crossing after months of quiet",
        "standfirst": "Cargo trucks have been seen crossing again, though traders say only state companies may use them.",
        "body": [
            "Cargo trucks have begun crossing a border bridge again after several months in which "
            "almost no traffic was seen, two sources said.",
            "Private traders say they are still shut out of the trade, which goes through "
            "state-licensed companies.",
            (
                "quote",
                "The goods come in, but not to us. We buy from those who have a licence.",
                "a wholesale trader",
            ),
        ],
        "tags": ["trade", "border"],
        "credits": [
            ("han-ji-woo", "reporter"),
            ("lee-min-jun", "translator"),
            ("claire-dunmore", "writer"),
        ],
        "days_ago": 15,
        "seed": 6,
        "caption": "An illustration of a river valley at dawn.",
        "alt": "Pale sky over a river valley, with mountains rising behind it.",
    },
    {
        "section": "society",
        "slug": "hospital-medicine-markets",
        "title": "Patients buy their own medicine before surgery",
        "standfirst": "Families say hospitals ask them to bring antibiotics and anaesthetic bought in the market.",
        "body": [
            "Families of patients at a provincial hospital say they were asked to buy antibiotics "
            "and anaesthetic in the market before operations could go ahead.",
            (
                "quote",
                "The doctor gave us a list. We went to the market with it.",
                "the daughter of a patient",
            ),
            "Medicine sold in markets is often smuggled and its quality is hard to check, a former "
            "doctor now living in the South said.",
        ],
        "tags": ["health"],
        "credits": [("park-seo-yeon", "reporter"), ("oh-tae-ho", "editor")],
        "days_ago": 7,
        "seed": 7,
        "caption": "An illustration of a provincial town at midday.",
        "alt": "Soft green hills behind a row of small buildings.",
    },
    {
        "section": "society",
        "slug": "weddings-smaller-costs",
        "title": "Weddings grow smaller as costs rise",
        "standfirst": "Couples in cities are holding shorter celebrations with fewer guests.",
        "body": [
            "Couples in provincial cities are cutting back on wedding celebrations, inviting fewer "
            "guests and skipping the second day of feasting, residents said.",
            (
                "quote",
                "People used to borrow to hold a wedding. Now nobody will lend.",
                "a woman in Hamhung",
            ),
            "Some families now hold the meal at home instead of renting a restaurant room.",
        ],
        "tags": ["family"],
        "credits": [("park-seo-yeon", "reporter"), ("claire-dunmore", "writer")],
        "days_ago": 18,
        "seed": 8,
        "caption": "An illustration of evening light over the rooftops.",
        "alt": "Purple evening sky above dark ridges and rooftops.",
    },
    {
        "section": "human-rights",
        "slug": "families-of-detainees-not-told",
        "title": "Families of detainees say they were never told where they were held",
        "standfirst": (
            "Relatives of people detained at the border describe months without news, and bribes "
            "paid for a single message."
        ),
        "body": [
            "Relatives of three people detained while trying to cross the border say they were "
            "never officially told where their family members were being held.",
            (
                "quote",
                "We learned he was alive from a man who had been in the same cell.",
                "the brother of a detainee",
            ),
            ("heading", "Paying for news"),
            "Two of the families said they paid intermediaries for news, without knowing whether "
            "what they were told was true.",
            "Human rights groups have documented similar accounts for years.",
        ],
        "tags": ["detention", "border"],
        "credits": [
            ("kang-eun-bi", "reporter"),
            ("lee-min-jun", "translator"),
            ("oh-tae-ho", "editor"),
        ],
        "days_ago": 8,
        "seed": 9,
        "caption": "An illustration of a mountain border at night.",
        "alt": "Dark layered mountains under a deep blue night sky.",
        "featured": True,
    },
    {
        "section": "human-rights",
        "slug": "neighbourhood-watch-meetings",
        "title": "Neighbourhood units told to report visitors within a day",
        "standfirst": "Residents say the heads of their neighbourhood units must now report any overnight guest within 24 hours.",
        "body": [
            "Heads of neighbourhood watch units in several cities have been told to report any "
            "overnight visitor within a day, residents said.",
            (
                "quote",
                "Even a relative from the next county has to be written down.",
                "a resident of Hyesan",
            ),
            "The rule has long existed, but residents said it is now enforced with fines.",
        ],
        "tags": ["surveillance"],
        "credits": [("kang-eun-bi", "reporter")],
        "days_ago": 11,
        "seed": 10,
        "caption": "An illustration of houses close together below the hills.",
        "alt": "Tightly packed low houses under grey hills.",
    },
    {
        "section": "human-rights",
        "slug": "labour-camp-testimony",
        "title": "Former detainee describes quotas in a labour camp",
        "standfirst": "A woman who left the country last year describes daily work quotas and punishment for missing them.",
        "body": [
            "A woman who spent two years in a labour camp before leaving the country described "
            "daily work quotas in its fields and workshops.",
            (
                "quote",
                "If you did not finish, your food was cut. If you did not finish again, you "
                "were beaten.",
                "a former detainee, now living in the South",
            ),
            "She asked that her name and the camp's location not be published, to protect family "
            "members who remain in the country.",
        ],
        "tags": ["detention", "testimony"],
        "credits": [("kang-eun-bi", "reporter"), ("claire-dunmore", "writer")],
        "days_ago": 20,
        "seed": 12,
        "caption": "An illustration of a valley under a pale sky.",
        "alt": "Grey ridges fading into a pale sky.",
    },
]

# The plain pages the footer links in each edition: slug, English and Korean title and body.
FOOTER_PAGES = [
    (
        "about",
        "About us",
        "소개",
        "Northern Wire is a demonstration newsroom: its reporters, stories and photos are invented.",
        "노던 와이어는 시연용 뉴스룸입니다. 기자와 기사, 사진은 모두 지어낸 것입니다.",
    ),
    (
        "contact",
        "Contact",
        "연락처",
        "Send tips to the desk by the ways listed under “Other ways to reach us”.",
        "제보는 “다른 접속 방법”에 안내한 경로로 보내 주세요.",
    ),
    (
        "privacy",
        "Privacy",
        "개인정보 보호",
        "We keep no record of who reads what, set no cookies for readers and load nothing from "
        "other sites.",
        "누가 무엇을 읽는지 기록하지 않으며, 독자에게 쿠키를 쓰지 않고 다른 사이트의 자원을 "
        "불러오지 않습니다.",
    ),
]
# The networks the demo offers share links to (dateline/core/sharing.py).
SHARE_NETWORKS = ["telegram", "x", "facebook"]
