"""What normalize-names and unify-name-variants change, and whether they should.

Three parts, each run by its flag (all three by default):

--cases     A name-case evaluation written for this script (synthetic
            sentences, several languages): cases that must come out unchanged
            (identifiers, glosses of an old name, fixed and historical names,
            text in other languages) and cases that must be rewritten
            (ordinary English news). The cases are split in two halves by a
            hash of their text, fixed before any rule was tuned on them:
            `dev` (rules were tuned on it) and `test` (held out, reported).
            The share right is printed for each half; the failures of both are
            listed so they can be read.
--pages     The English gold texts of the shared web-pages set
            (shared/data/web-pages/pages.jsonl.gz, found in a parent folder,
            or --pages-data PATH): how many documents normalize-names changes,
            and a sample of the changes (--sample N) to read for false rewrites.
--articles  Both passes over the article-extraction benchmark's ground truth
            and extractor outputs (shared/data/article-extraction-benchmark):
            every change with its document and reason, then counts per file.

    python benchmarks/names_changes.py [--cases] [--pages] [--articles] [--sample 40]

Run it with PYTHONPATH pointing at another checkout to measure that version.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import zlib
from collections import Counter
from pathlib import Path

FILES = ("ground-truth", "output-readability", "output-newspaper", "output-boilerpipe")

# Cases that must come out exactly as they went in.
MUST_STAY: tuple[str, ...] = (
    # identifiers
    "Photos at https://news.example.net/Kharkov/gallery?id=3 are free to use.",
    "Contact Kharkov.Desk@example.com with tips.",
    "The archive posts as @Gaddafi on the platform.",
    "#Zelenskiy trended on Monday.",
    "The file was saved as D:\\Reports\\Kiev\\summary.docx by the clerk.",
    "See ./data/Lugansk/report.csv for the figures.",
    "Visit www.Bombay-Times.example.com for listings.",
    "Mail Zelenskiy.Press@example.ua for accreditation.",
    "The page lives at /srv/www/Peking/index.html on the server.",
    "Search the tag #Kharkov for pictures.",
    # glosses and quotations of the old name
    "Chennai (Madras) hosted the summit.",
    "Kolkata, formerly Calcutta, hosted the match.",
    "Beijing (then Peking) was the capital of the empire.",
    "Kharkiv, also spelled Kharkov, lies near the border.",
    "Lviv, known as Lvov in Russian, is in western Ukraine.",
    "The city was renamed from Bombay to Mumbai in 1995.",
    "Older maps use the spelling 'Kiev'.",
    "Gurugram (formerly Gurgaon) is a technology hub.",
    "Mumbai, which was once called Bombay, is a port.",
    "Separatists still use the Russian name Lugansk.",
    "Chennai – then Madras – hosted the conference.",
    "Kyiv (Kiev) is the capital of Ukraine.",
    "Zaporizhzhia (Zaporozhye) is on the Dnipro.",
    "He wrote “Peking” on the envelope.",
    # fixed and historical names
    "The Siege of Peking ended in August 1900.",
    "The Battle of Lvov was fought in 1920.",
    "The Treaty of Peking was signed in 1860.",
    "The Principality of Kiev was a medieval state.",
    "Researchers at IIT Madras published the study.",
    "She graduated from the University of Madras.",
    "The Bombay Natural History Society counts birds.",
    "The Calcutta Cricket and Football Club is old.",
    "He taught at Madras Christian College.",
    "She trained at Peking Union Medical College.",
    "He was the Metropolitan of Kiev and all Rus.",
    "Yaroslav was Grand Prince of Kiev.",
    "A Kiev-class cruiser sailed past.",
    "The Lvov-Warsaw School shaped modern logic.",
    "A statue of Teresa of Calcutta was unveiled.",
    "The Archbishop of Calcutta led the service.",
    "IIM Calcutta alumni met in London.",
    "The Bombay Burmah Trading Corporation is listed.",
    "The Gaddafi International Prize was awarded once more.",
    "The Second Battle of Kharkov ended in May 1942.",
    # other languages
    "Muammar al-Gaddafi wurde im Oktober 2011 getötet, berichtete die Agentur.",
    "In Peking trafen sich die Außenminister am Montag zu Gesprächen.",
    "Der Konflikt im Donbass dauert seit 2014 an, sagte der Sprecher.",
    "Die Huthis haben die Verantwortung für den Angriff übernommen.",
    "Präsident Erdoğan hat die Wahl gewonnen, sagte die Kommission.",
    "Le président Erdoğan a annoncé des élections anticipées pour le printemps.",
    "La guerre dans le Donbass a commencé en 2014 selon les experts.",
    "Dmitri Peskov, le porte-parole du Kremlin, a démenti les informations.",
    "Les rebelles Huthis ont revendiqué l'attaque de mardi.",
    "Dmitri Peskov, portavoz del Kremlin, negó las acusaciones de los periodistas.",
    "El líder libio Muammar Gaddafi murió en 2011 en Sirte.",
    "La guerra en el Donbass comenzó en 2014 y sigue hasta hoy.",
    "Il presidente Erdoğan ha vinto le elezioni con il 52 per cento.",
    "Muammar Gaddafi è stato ucciso nel 2011 dopo la caduta di Tripoli.",
    "President Erdoğan heeft de verkiezingen gewonnen, zei de commissie.",
    "O presidente Erdoğan venceu as eleições, disse a comissão.",
    "Prezydent Erdoğan wygrał wybory, które odbyły się w niedzielę.",
    "Striderna i Donbass har pågått sedan 2014, och det är inte över.",
    "Cumhurbaşkanı Erdoğan bu yıl için daha çok yatırım olacak dedi.",
    "Dmitri Peskov a déclaré que le Kremlin ne commenterait pas.",
)

# Cases that must be rewritten: (input, expected output).
MUST_REWRITE: tuple[tuple[str, str], ...] = (
    ("Kiev said on Monday it would not negotiate.", "Kyiv said on Monday it would not negotiate."),
    ("President Zelenskiy met aides in Kiev.", "President Zelenskyy met aides in Kyiv."),
    (
        "KIEV, March 3 (Reuters) - Ukrainian forces held the line.",
        "KYIV, March 3 (Reuters) - Ukrainian forces held the line.",
    ),
    ("Muammar Gaddafi ruled Libya for four decades.", "Moammar Gadhafi ruled Libya for four decades."),
    ("Erdoğan said Turkey would not back down.", "Erdogan said Turkey would not back down."),
    ("Fighting in the Donbass region intensified.", "Fighting in the Donbas region intensified."),
    ("Huthi rebels claimed the attack.", "Houthi rebels claimed the attack."),
    (
        "Kremlin spokesman Dmitri Peskov told reporters there was no deal.",
        "Kremlin spokesman Dmitry Peskov told reporters there was no deal.",
    ),
    ("Officials in Kharkov said two people died.", "Officials in Kharkiv said two people died."),
    ("The train from Lvov arrived late.", "The train from Lviv arrived late."),
    ("Separatists in Lugansk declared a ceasefire.", "Separatists in Luhansk declared a ceasefire."),
    ("Flights to Bombay were cancelled on Monday.", "Flights to Mumbai were cancelled on Monday."),
    ("Police in Calcutta arrested three men.", "Police in Kolkata arrested three men."),
    ("The talks in Peking ended without a deal.", "The talks in Beijing ended without a deal."),
    ("Sergey Lavrov met his Chinese counterpart.", "Sergei Lavrov met his Chinese counterpart."),
    ("Zelenskiy's office said the Kiev-based bank was safe.", "Zelenskyy's office said the Kyiv-based bank was safe."),
    ("Rebels loyal to Gaddafi fled the town.", "Rebels loyal to Gadhafi fled the town."),
    ("Russian forces shelled Zaporozhye overnight.", "Russian forces shelled Zaporizhzhia overnight."),
    ("Floods hit Madras, the capital of Tamil Nadu.", "Floods hit Chennai, the capital of Tamil Nadu."),
    ("A drone struck Odessa, Ukraine, on Sunday.", "A drone struck Odesa, Ukraine, on Sunday."),
    ("Mao Tse-tung founded the People's Republic.", "Mao Zedong founded the People's Republic."),
    ("Kim Jong-un watched the missile test.", "Kim Jong Un watched the missile test."),
    ("al Qaeda claimed responsibility for the attack.", "al-Qaida claimed responsibility for the attack."),
    (
        "Kiev and Moscow traded accusations, the ministry said.",
        "Kyiv and Moscow traded accusations, the ministry said.",
    ),
    (
        "Photos: Kiev under curfew (https://example.com/Kiev) on Sunday.",
        "Photos: Kyiv under curfew (https://example.com/Kiev) on Sunday.",
    ),
    ("In Kharkov, residents queued for water.", "In Kharkiv, residents queued for water."),
    ("The battle for Kiev entered its third week.", "The battle for Kyiv entered its third week."),
    ("Calcutta's airport reopened after the storm.", "Kolkata's airport reopened after the storm."),
    ("BOMBAY, Dec 6 - Police fired tear gas.", "MUMBAI, Dec 6 - Police fired tear gas."),
    ("Turkish President Tayyip Erdoğan spoke in Ankara.", "Turkish President Tayyip Erdogan spoke in Ankara."),
    ("The Kiev government said it had not been told.", "The Kyiv government said it had not been told."),
    ("Zelenskiy (pictured) spoke on Monday.", "Zelenskyy (pictured) spoke on Monday."),
    ("He flew from Peking to Shanghai.", "He flew from Beijing to Shanghai."),
    ("Yemen's Huthis fired missiles at ships.", "Yemen's Houthis fired missiles at ships."),
    ("Pro-Kiev forces advanced on the town.", "Pro-Kyiv forces advanced on the town."),
    ("A Kiev court ruled on Friday that the law stands.", "A Kyiv court ruled on Friday that the law stands."),
    ("The Peking government protested the visit.", "The Beijing government protested the visit."),
    ("Gaddafi's son was captured in the desert.", "Gadhafi's son was captured in the desert."),
    ("Russia attacked Kharkov, then Kiev.", "Russia attacked Kharkiv, then Kyiv."),
    ("The mayor of Kiev said the metro would reopen.", "The mayor of Kyiv said the metro would reopen."),
    ("Lavrov and Peskov spoke after Zelenskiy did.", "Lavrov and Peskov spoke after Zelenskyy did."),
    ("Residents of Lugansk and Donetsk were told to leave.", "Residents of Luhansk and Donetsk were told to leave."),
)


def half(text: str) -> str:
    """The half a case belongs to, fixed by its text: 'dev' or 'test'."""
    return "dev" if zlib.crc32(text.encode("utf-8")) % 2 == 0 else "test"


def find(*parts: str) -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent.joinpath("shared", "data", *parts)
        if candidate.exists():
            return candidate
    return None


def run_cases() -> None:
    from cleantext.passes.names import NormalizeNames

    p = NormalizeNames()
    rows: dict[str, Counter[str]] = {"dev": Counter(), "test": Counter()}
    failures: list[str] = []
    for text in MUST_STAY:
        h = half(text)
        out = p(text)
        rows[h]["stay"] += 1
        rows[h]["stay right"] += out == text
        if out != text:
            failures.append(f"  [{h}] must stay:   {text!r}\n           became:      {out!r}")
    for text, expected in MUST_REWRITE:
        h = half(text)
        out = p(text)
        rows[h]["rewrite"] += 1
        rows[h]["rewrite right"] += out == expected
        if out != expected:
            failures.append(f"  [{h}] must rewrite: {text!r}\n           became:       {out!r}")
    print("name cases (synthetic, written for this evaluation; halves fixed by a hash of the text)")
    print(f"{'half':<6} {'must stay':>10} {'right':>6} {'share':>7}   {'must rewrite':>12} {'right':>6} {'share':>7}")
    for h in ("dev", "test"):
        r = rows[h]
        print(
            f"{h:<6} {r['stay']:>10} {r['stay right']:>6} {r['stay right'] / max(1, r['stay']):>7.1%}   "
            f"{r['rewrite']:>12} {r['rewrite right']:>6} {r['rewrite right'] / max(1, r['rewrite']):>7.1%}"
        )
    print("failures:" if failures else "failures: none")
    for f in failures:
        print(f)


def run_pages(path: Path | None, sample: int) -> None:
    from cleantext.passes.names import NormalizeNames

    if path is None or not path.exists():
        print("pages: shared/data/web-pages/pages.jsonl.gz not found (give --pages-data PATH)")
        return
    p = NormalizeNames()
    docs = changed = 0
    pairs: Counter[tuple[str, str]] = Counter()
    changes = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            page = json.loads(line)
            if page["language"] != "en" or page["synthetic"] or not page["gold"]:
                continue
            docs += 1
            _, found = p.apply(page["gold"])
            if found:
                changed += 1
            for c in found:
                pairs[c.before, c.after] += 1
                changes.append((page["id"], c))
    print(
        f"\nweb-pages English gold: {docs} documents, {changed} changed ({changed / max(1, docs):.2%}), {len(changes)} changes"
    )
    for (before, after), n in pairs.most_common():
        print(f"  {n:>4}  {before!r} -> {after!r}")
    rng = random.Random(0)
    shown = rng.sample(changes, min(sample, len(changes)))
    if shown:
        print(f"a sample of {len(shown)} changes, with their line, to read for false rewrites:")
    for doc_id, c in sorted(shown, key=lambda dc: (dc[0], dc[1].line or 0)):
        print(f"  {doc_id} line {c.line}: {c.before!r} -> {c.after!r}")


def run_articles(data: Path | None) -> None:
    from cleantext.passes.names import NormalizeNames, UnifyNameVariants

    if data is None or not (data / "ground-truth.json").exists():
        print("articles: article-extraction-benchmark data not found")
        return
    passes = (NormalizeNames(), UnifyNameVariants())
    totals = []
    for name in FILES:
        docs = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
        counts = dict.fromkeys((p.name for p in passes), 0)
        touched = dict.fromkeys((p.name for p in passes), 0)
        for doc_id, record in docs.items():
            for p in passes:
                _, changes = p.apply(record["articleBody"])
                counts[p.name] += len(changes)
                touched[p.name] += bool(changes)
                for c in changes:
                    print(f"{name} {doc_id[:12]} line {c.line}: {p.name}: {c.before!r} -> {c.after!r} ({c.reason})")
        totals.append((name, len(docs), counts, touched))
    print()
    print(f"{'file':<20} {'docs':>5}  " + "  ".join(f"{p.name + ' (docs)':>30}" for p in passes))
    for name, n, counts, touched in totals:
        cells = "  ".join(f"{f'{counts[p.name]} ({touched[p.name]})':>30}" for p in passes)
        print(f"{name:<20} {n:>5}  {cells}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", action="store_true", help="the name-case evaluation")
    parser.add_argument("--pages", action="store_true", help="English gold texts of the web-pages set")
    parser.add_argument("--articles", action="store_true", help="the article-extraction benchmark, every change")
    parser.add_argument("--sample", type=int, default=40, help="changes to show from the web pages (default 40)")
    parser.add_argument("--pages-data", type=Path, default=None, help="path to pages.jsonl.gz")
    parser.add_argument("--data", type=Path, default=None, help="folder holding ground-truth.json")
    args = parser.parse_args()
    every = not (args.cases or args.pages or args.articles)
    if args.cases or every:
        run_cases()
    if args.pages or every:
        run_pages(args.pages_data or find("web-pages", "pages.jsonl.gz"), args.sample)
    if args.articles or every:
        run_articles(args.data or find("article-extraction-benchmark"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
