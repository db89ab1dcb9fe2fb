"""Words for the generated archive: headlines, standfirsts, bodies and names in English and Korean.

The archive generator needs text of a real article's length and shape (a headline, a sentence
under it, eight to fourteen paragraphs with a heading and a quote) so that pages, feeds and the
search index weigh what they weigh on a real site. Everything is drawn from a seeded random
generator, so one seed always gives the same archive.
"""

import random
from uuid import UUID

PLACES = {
    "en": ["Hyesan", "Sinuiju", "Pyongyang", "Hamhung", "Chongjin", "Wonsan", "Kaesong", "Rason"],
    "ko": ["혜산", "신의주", "평양", "함흥", "청진", "원산", "개성", "라선"],
}
SUBJECTS = {
    "en": ["rice", "corn", "fuel", "the exchange rate", "rent", "cooking oil", "school fees"],
    "ko": ["쌀값", "옥수수", "연료", "환율", "집세", "식용유", "학비"],
}
EVENTS = {
    "en": ["rises again", "falls for the first time in a year", "doubles in a month", "holds"],
    "ko": ["다시 올라", "1년 만에 처음 내려", "한 달 새 두 배로", "제자리"],
}
CLAUSES = {
    "en": [
        "traders at the market said on Tuesday",
        "according to a resident reached by phone",
        "as border controls tighten again",
        "while families switch to cheaper grain",
        "after the authorities announced new quotas",
        "in a change that sources linked to the harvest",
        "although officials have denied any shortage",
        "which a second source in the province confirmed",
    ],
    "ko": [
        "장마당 상인들이 화요일 전했다",
        "전화로 연락이 닿은 한 주민에 따르면",
        "국경 단속이 다시 강화되면서",
        "가족들이 더 싼 곡물로 바꾸는 가운데",
        "당국이 새 할당량을 발표한 뒤",
        "소식통들은 이 변화를 수확과 연결지었다",
        "관리들은 부족을 부인했지만",
        "도내 다른 소식통도 이를 확인했다",
    ],
}
HEADINGS = {
    "en": ["What traders say", "At the border", "Behind the numbers", "What comes next"],
    "ko": ["상인들의 말", "국경에서", "숫자 뒤에는", "앞으로는"],
}
SPEAKERS = {
    "en": ["a mother in Hyesan", "a trader in Sinuiju", "a retired teacher", "a driver"],
    "ko": ["혜산의 한 어머니", "신의주의 한 상인", "은퇴한 교사", "한 운전기사"],
}
GIVEN_NAMES = ["Ji-woo", "Min-jun", "Su-a", "Ha-eun", "Seo-yeon", "Do-hyun", "Claire", "Tom"]
FAMILY_NAMES = ["Han", "Lee", "Kim", "Yoon", "Park", "Choi", "Dunmore", "Jang", "Seo", "Oh"]
TOPIC_WORDS = {
    "en": ["markets", "border", "food", "energy", "labour", "schools", "health", "housing"],
    "ko": ["시장", "국경", "식량", "에너지", "노동", "학교", "보건", "주거"],
}


def seeded(*parts) -> random.Random:
    """Return a generator seeded by the parts, so item N is the same whatever else a run makes."""
    return random.Random("-".join(str(part) for part in parts))


def stable_uuid(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


def headline(rng: random.Random, language: str) -> str:
    place, subject = rng.choice(PLACES[language]), rng.choice(SUBJECTS[language])
    event = rng.choice(EVENTS[language])
    if language == "ko":
        return f"{place} {subject}, {event}"
    return f"{subject.capitalize()} {event} in {place}"


def sentence(rng: random.Random, language: str) -> str:
    place, subject = rng.choice(PLACES[language]), rng.choice(SUBJECTS[language])
    clause, other = rng.sample(CLAUSES[language], 2)
    if language == "ko":
        return f"{place}에서 {subject} 가격이 {rng.randint(2, 90)}% 움직였다고 {clause}. {other}."
    return (
        f"The price of {subject} in {place} moved by {rng.randint(2, 90)} percent, {clause}, "
        f"{other}."
    )


def body(rng: random.Random, language: str) -> list[dict]:
    """Return a StreamField body as stored: paragraphs of four to six sentences, a heading, a quote."""
    paragraphs = rng.randint(8, 14)
    blocks = []
    for number in range(paragraphs):
        if number == paragraphs // 2:
            blocks.append(_block(rng, "heading", rng.choice(HEADINGS[language])))
        if number == 2:
            quote = {
                "quote": sentence(rng, language),
                "attribution": rng.choice(SPEAKERS[language]),
            }
            blocks.append(_block(rng, "quote", quote))
        text = " ".join(sentence(rng, language) for _ in range(rng.randint(4, 6)))
        blocks.append(_block(rng, "paragraph", f"<p>{text}</p>"))
    return blocks


def _block(rng: random.Random, kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(stable_uuid(rng))}


def person_name(number: int) -> str:
    rng = seeded("person", number)
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"


def topic_name(number: int, language: str) -> str:
    words = TOPIC_WORDS[language]
    return f"{words[number % len(words)]} {number // len(words) + 1}"
