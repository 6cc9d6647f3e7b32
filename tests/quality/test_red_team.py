"""The cases of issue "Leave content alone", as unit tests of the ``news``
preset: text a new user tried that must come out whole.

Each case is a text and the lines of it that must survive with every word
(whitespace aside): for most cases the whole text. Lines a pass may rightly
remove (a credit line under a paragraph) are left out of the lines to keep.
"""

from __future__ import annotations

import pytest

from cleantext.pipeline import Pipeline

from ..regression_corpus import compare

NEWS = Pipeline.from_preset("news")

# (id, text, lines to keep or None for all of them)
CASES: list[tuple[str, str, list[str] | None]] = [
    # repair-truncation: no complete sentence, or a complete last line
    ("headlines", "Stocks rally as Fed signals pause\nOil prices slip on demand worries\n", None),
    ("cjk-lines", "東京で新しい会議が開かれた\n大阪でも同じ会議が予定されている\n", None),
    ("chat-lines", "alice: are you coming tonight\nbob: yes, in five minutes\n", None),
    ("percent-end", "The report was published on Monday.\nIn 2003, the economy expanded by 1.3%\n", None),
    ("title-end", "Valve released the game today.\nHalf-Life 2 is out now for the PC\n", None),
    (
        "award-list",
        "Winners were named on Sunday.\nBest Picture: Oppenheimer\nBest Director: Christopher Nolan\n",
        None,
    ),
    ("sports-result", "Tore: 1:0 Müller (12.), 2:0 Kane (56.)\nGelbe Karten: Auer, Novota\n", None),
    ("tv-listing", "Die Sendung läuft heute Abend.\nBis 3.40, ZDF\n", None),
    ("waste-land", "Datta. Dayadhvam. Damyata.\nShantih shantih shantih\n", None),
    ("emoji-end", "We played the final on Sunday.\nWe won the cup 🎉\n", None),
    ("german-quote", "„Wir haben viel erreicht.\n\nDas war ein guter Tag für alle.“\n", None),
    ("chevrons", "Er sagte am Abend: »Das ist ein Anfang.«\n", None),
    ("german-ordinal", "Das Spiel war lange offen.\nDer Ausgleich fiel in der 56. Minute\n", None),
    ("inc-end", "The deal was announced on Friday by Acme Inc.\n", None),
    ("yahoo-headline", "Yahoo! Ups Ante for Small Businesses\n", None),
    ("semicolon-list", "You will need:\n- a valid passport;\n- two photos;\n- the fee;\n", None),
    (
        "comma-poem",
        "I wandered lonely as a cloud\nThat floats on high o'er vales and hills,\nWhen all at once I saw a crowd,\n",
        None,
    ),
    ("legal-clauses", "The parties are:\n(a) the buyer;\n(b) the seller; and\n(c) the agent\n", None),
    ("address-block", "Jane Doe\n10 Main Street\nSpringfield, IL 62704\nUSA\n", None),
    ("word-list", "apples\npears\nplums\ncherries\n", None),
    # normalize-names: identifiers, glosses, fixed names, other languages
    ("url", "See https://example.com/Kiev-guide/Zelenskiy.html for more.\n", None),
    ("email", "Write to press@Kiev.gov.ua today.\n", None),
    ("handle", "Follow @Zelenskiy and #Kiev for updates.\n", None),
    ("path", "The file is /data/Kiev/report.txt on the server.\n", None),
    ("gloss", "Mumbai (Bombay) is India's largest city.\n", None),
    ("formerly", "Mumbai, formerly Bombay, is India's largest city.\n", None),
    ("bombay-talkies", "Bombay Talkies was a film studio.\n", None),
    ("salaam-bombay", "Salaam Bombay! won a prize at Cannes.\n", None),
    ("battle", "The Third Battle of Kharkov was fought in 1943.\n", None),
    ("convention", "The Convention of Peking was signed in 1860.\n", None),
    ("lvov-warsaw", "The Lvov-Warsaw school shaped modern logic.\n", None),
    ("stadium", "The match was played at Gaddafi Stadium in Lahore.\n", None),
    ("saint", "Saint Teresa of Calcutta was canonized in 2016.\n", None),
    ("iim", "She studied at IIM Calcutta.\n", None),
    ("kiev-class", "The Kiev-class carrier was built in the 1970s.\n", None),
    ("german-peking", "Die Universität Peking liegt im Nordwesten der Stadt.\n", None),
    ("french-peskov", "Le porte-parole Dmitri Peskov a déclaré que les discussions continueraient.\n", None),
    ("spanish-peskov", "El portavoz Dmitri Peskov dijo que las conversaciones seguirían.\n", None),
    # strip-captions and strip-promos: paragraphs over credit lines, wire sign-offs, headings
    (
        "paragraph-over-credit",
        "The minister spoke for an hour about the budget and answered questions from reporters.\nFoto: Reuters\n",
        ["The minister spoke for an hour about the budget and answered questions from reporters."],
    ),
    (
        "paragraph-over-copyright-credit",
        "The new model goes on sale in March, the company said on Tuesday.\n© Foto: Skoda\n",
        ["The new model goes on sale in March, the company said on Tuesday."],
    ),
    ("wire-sign-off", "Die Regierung hat am Montag neue Maßnahmen beschlossen. (dpa)\n", None),
    ("recipe-tags", "# Pancakes\n\nMix the flour and the eggs.\n\nTags: sample\n", None),
    ("markdown-headings", "## Search\n\nType a word to find it.\n\n## Tags\n\nEach page has tags.\n", None),
]


@pytest.mark.parametrize(("text", "keep"), [pytest.param(t, k, id=i) for i, t, k in CASES])
def test_news_preset_keeps_it(text: str, keep: list[str] | None) -> None:
    out = NEWS(text)
    expected = "\n".join(keep) + "\n" if keep is not None else text
    output = out if keep is None else "\n".join(line for line in out.splitlines() if line.strip() in keep) + "\n"
    damage = compare(expected, output)
    assert not damage, f"{text!r} -> {out!r}: " + "; ".join(str(d) for d in damage)
