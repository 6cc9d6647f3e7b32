"""The fast paths of the line model (cleantext/linemodel.py) against the slow ones.

Inference compiles the trees to one Python function, and the description of
a line replaces a few searches with cheaper exact equivalents (a digit before
the date search, literal tests before the link search, the month names as a
factored alternation, the quick check of a line made once, substring tests
for the signs of a separator or a link, the digits of an ASCII line by one
search, one list display for a line's own features). Each is compared
here with the plain form it replaces: the trees walked node by node
(``LineModel.walk``), the original regular expressions (``_DATE``, ``_MARKS``,
``_LINK``), and, for whole documents, a copy of the straightforward
description and judging loop (``reference_judge``), which must return the
same removals with the same reasons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from hypothesis import example, given
from hypothesis import strategies as st

from cleantext import linemodel as lm
from cleantext.linemodel import FEATURES, LineModel, document_features, judge_lines
from cleantext.text import CLOSING_MARKS, TERMINAL_MARKS, prose_follows
from tests.strategies import corpus_lines

MODEL = LineModel.builtin()
N = len(FEATURES)
THRESHOLDS = sorted({t for nodes in MODEL.trees for f, t, *_ in nodes if f >= 0})


# -- the slow forms, as they were before the fast paths ----------------------


def _quick(lex: lm._Lexicon, text: str) -> bool:
    return lm._MARKS.search(text) is not None or not lex.quick.isdisjoint(text.casefold().split())


def _title_ratio(tokens: list[str]) -> float:
    letters = [t for t in tokens if t[:1].isalpha()]
    return sum(1 for t in letters if t[0].isupper()) / len(letters) if letters else 0.0


def _structure(text: str) -> bool:
    if len(text) > 1 and text[0] == "|" and text[-1] == "|":
        return True
    if lm._ENUMERATED.match(text) or lm._DECORATOR.match(text):
        return True
    if "](" in text or "**" in text:
        return True
    return text.startswith(("//", "/*")) or "()" in text or any(c in text for c in "{};=")


def describe(lex: lm._Lexicon, text: str, max_words: int, max_chars: int) -> lm._Line:
    if len(text) > max_chars or text.count(" ") >= max_words * 2:
        return lm._Line(None, max_words + 1, text.rstrip(lm._CLOSERS)[-1:] in lm._END, False, 0.0)
    tokens = text.split()
    n = len(tokens)
    end = text.rstrip(lm._CLOSERS)[-1:]
    prose = n >= 12 and end in lm._END
    if n > max_words:
        return lm._Line(None, n, prose, False, 0.0)
    if _quick(lex, text):
        bare = [t for t in (w.strip(lm._PUNCT) for w in tokens) if t]
        folded = [t.casefold() for t in bare]
        hits = lm._hits(lex, bare, folded)
        if "©" in text:
            hits.add("lex_copyright")
        body = text.lstrip(lm._BULLETS + " ")
        paired = {"»": "«", "›": "‹"}  # a guillemet with its counterpart in the line quotes
        seps = sum(body.count(c) for c in lm._SEPARATORS if paired.get(c, "\0") not in body) + body.count(" / ")
        link = lm._LINK.search(text) is not None
    else:
        folded = [t.casefold() for t in (w.strip(lm._PUNCT) for w in tokens) if t]
        hits, seps, link = set(), 0, False
    marks = bool(hits or seps or link)
    title = _title_ratio(tokens)
    if not marks or _structure(text):
        return lm._Line(None, n, prose, marks, title)
    stops = sum(1 for t in folded if t in lex.stopwords)
    x = [0.0] * N
    x[0] = float(n)
    x[1] = float(len(text))
    x[2] = stops / n
    x[3] = title
    x[4] = float(text.isupper())
    x[5] = float(text[0].islower())
    x[6] = float(end in lm._END)
    x[7] = float(end in ":：")
    x[8] = float(end.isalnum())
    x[9] = sum(map(str.isdigit, text)) / len(text)
    x[10] = float(lm._DATE.search(text) is not None)
    x[11] = float(min(seps, 8))
    x[12] = float(link)
    x[13] = float(any(c in text for c in lm._QUOTES))
    x[14] = float(lm._SENTENCE.search(text) is not None)
    x[15] = float(not text[0].isalnum() and text[0] not in lm._CLOSERS and text[0] not in "(¿¡")
    for h in hits:
        x[lm._LEX_INDEX[h]] = 1.0
    return lm._Line(x, n, prose, marks, title)


class ReferenceDocument(lm._Document):
    """Every line looked at to find the article text, every line described
    with the slow forms."""

    def __init__(self, lines: Sequence[str], lex: lm._Lexicon, max_words: int, max_chars: int) -> None:
        self.lines, self.lex, self.max_words, self.max_chars = lines, lex, max_words, max_chars
        self.judge, self.wide = MODEL.judge, MODEL.judge != lm._MARKED
        self.cache = {}
        body = [
            i
            for i, line in enumerate(lines)
            if (len(line) > max_chars and len(line.strip()) > max_chars)
            or (line.count(" ") >= max_words and len(line.split()) > max_words)
        ]
        last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
        self.last_cut = None
        if last is not None:
            end = lines[last].rstrip().rstrip(CLOSING_MARKS)
            if end[-1:] not in TERMINAL_MARKS or end.endswith(("…", "...")):
                self.last_cut = last
        if body and body[-1] == self.last_cut:
            body.pop()
        self.first_body = body[0] if body else None
        self.last_body = body[-1] if body else None

    def line(self, i: int) -> lm._Line:
        if i not in self.cache:
            self.cache[i] = describe(self.lex, self.lines[i].strip(), self.max_words, self.max_chars)
        return self.cache[i]


def walked(x: Sequence[float] | None) -> float:
    """``LineModel.score`` over the walked trees."""
    if x is None:
        return 0.0
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, MODEL.walk(x)))))


def reference_judge(lines: Sequence[str], threshold: float) -> dict[int, str]:
    """``judge_lines``: judged once, then again on the kept lines while the
    removals take the last non-blank line and the new last one reads as cut."""
    out = reference_judge_once(lines, threshold)
    while True:
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        if not nonblank or nonblank[-1] not in out:
            return out
        kept = [i for i in range(len(lines)) if i not in out]
        left = [i for i in kept if lines[i].strip()]
        if not left:
            return out
        end = lines[left[-1]].rstrip().rstrip(CLOSING_MARKS)
        if end[-1:] in TERMINAL_MARKS and not end.endswith(("…", "...")):
            return out
        more = reference_judge_once([lines[i] for i in kept], threshold)
        if not more:
            return out
        out.update({kept[k]: why for k, why in more.items()})
        lines = [lines[i] if i in kept else "" for i in range(len(lines))]


def reference_judge_once(lines: Sequence[str], threshold: float) -> dict[int, str]:
    """``judge_lines`` as it was written first: every line checked with the
    search for marks, the trees walked."""
    n = len(lines)
    first = lm._near(lines, -1, 1)
    lex = lm._lexicon(())
    maybe = [i for i in range(n) if len(lines[i]) <= MODEL.max_chars and i != first and _quick(lex, lines[i])]
    if not maybe:
        return {}
    doc = ReferenceDocument(lines, lex, MODEL.max_words, MODEL.max_chars)
    prose_after = None
    prev: dict[int, int | None] = {}
    nxt: dict[int, int | None] = {}
    out: dict[int, str] = {}
    stack = maybe[::-1]
    queued = set(stack)
    judged = set(maybe)
    while stack:
        i = stack.pop()
        queued.discard(i)
        if i in out or doc.line(i).own is None:
            continue
        p = prev[i] if i in prev else lm._near(lines, i, -1)
        q = nxt[i] if i in nxt else lm._near(lines, i, 1)
        prev[i], nxt[i] = p, q
        x = doc.features(i, p, q)
        if x is None:
            continue
        s = walked(x)
        if s < threshold:
            continue
        if x[lm._INDEX["lex_copyright"]]:
            if prose_after is None:
                prose_after = prose_follows(lines)
            if prose_after[i]:
                continue
        out[i] = f"likely boilerplate (score {s:.2f}): {', '.join(MODEL.explain(x)) or 'its overall form'}"
        if p is not None:
            nxt[p] = q
        if q is not None:
            prev[q] = p
        for j in (p, q):
            if j is not None and j in judged and j not in queued and j not in out:
                stack.append(j)
                queued.add(j)
    return out


# -- lines and documents ------------------------------------------------------

FURNITURE = [
    "Home » News » Politics",
    "Share this article",
    "Share on Facebook | Twitter | Email",
    "Advertisement",
    "Read more: The talks resume",
    "Follow us @cleantext",
    "© 2024 Example Media. All rights reserved.",
    "Photo: Jane Doe / Reuters",
    "Updated 10:45 GMT, 5 March 2024",
    "May 5, 2024 | 3 min read",
    "Related: www.example.com/news",
    "Sign up for our newsletter",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Tools",
    "More",
    "| Name | Price |",
    "x = 1;",
    "2. Redistributions of source code",
    "• Print • Email",
    "AP",
    "Top 10 tips for 2024",
]
PROSE = [
    "The minister said the talks would resume on Monday.",
    "Markets in Asia were mixed after the announcement.",
    "She moved to Facebook | Meta in 2019 after ten years at Google.",
    "The minister said on Monday that the talks with the unions would resume next week, after a long pause "
    "in which both sides had hardened their positions.",
    "Prices rose 5. March was the worst month since 1999, when the index fell by a fifth.",
]
pieces = st.one_of(
    st.sampled_from(FURNITURE),
    st.sampled_from(PROSE),
    corpus_lines(),
    st.just(""),
    st.just("   "),
    st.text(alphabet="ab |»«›‹/©@.:5 MayJun\t", max_size=30),
)
documents = st.lists(pieces, min_size=0, max_size=25)
# Lines at the edges of the search for the article text: blank lines of
# other white space (str.isspace, str.strip), short lines of many words,
# many spaces between few words, a line just too long to be judged.
edges = st.one_of(
    pieces,
    st.sampled_from(["\u00a0", "\u2003 \t", "\x1c", "\x85", "\u3000"]),
    st.just(" ".join("abcdefghijklmnopqrstuvwxyz")),
    st.just("a" + " " * 30 + "b."),
    st.just("x" * 101),
    st.just(" " * 3 + "y" * 99 + " " * 3),
)
edge_documents = st.lists(edges, min_size=0, max_size=25)
CASE_AND_DIGITS = [
    "Straße",
    "STRASSE",
    "İ",
    "ﬁ",
    "ǅ",
    "Σ",
    "ς",
    "²",
    "٣",
    "①",
    "2024",
    "Share:",
    "(Foto",
    "|",
    "»",
    "«",
    "@x",
    "·",
]


class TestTrees:
    @given(
        st.lists(
            st.one_of(st.sampled_from(THRESHOLDS), st.floats(-50, 200), st.sampled_from([0.0, 1.0])),
            min_size=N,
            max_size=N,
        )
    )
    def test_compiled_trees_give_the_walked_sum(self, x: list[float]) -> None:
        """The same float, not a close one: the same comparisons and additions."""
        assert MODEL.compiled()(x) == MODEL.walk(x)

    def test_a_long_run_switches_to_the_compiled_trees(self) -> None:
        """Walked first, compiled after a few hundred lines: the same floats throughout."""
        import random

        rng = random.Random(16)
        model = LineModel(MODEL.trees, MODEL.base, MODEL.threshold, MODEL.max_words, MODEL.max_chars)
        xs = [
            [rng.choice([0.0, 1.0, rng.choice(THRESHOLDS), rng.uniform(0, 100)]) for _ in range(N)] for _ in range(400)
        ]
        assert "_compiled" not in model.__dict__
        assert [model.raw(x) for x in xs] == [MODEL.walk(x) for x in xs]
        assert "_compiled" in model.__dict__
        assert len({round(MODEL.walk(x), 6) for x in xs}) > 100  # the vectors go many ways

    def test_a_model_pickles_without_its_compiled_trees(self) -> None:
        import pickle

        MODEL.compiled()
        again = pickle.loads(pickle.dumps(MODEL))
        assert again == MODEL and "_compiled" not in again.__dict__
        x = [1.0] * N
        assert again.compiled()(x) == MODEL.walk(x)

    def test_trees_too_deep_for_one_expression_are_walked(self) -> None:
        chain: list[tuple[int, float, int, int, float]] = []
        for d in range(100):  # each node's left child a leaf, its right the next node
            chain += [(0, float(d), len(chain) + 1, len(chain) + 2, 0.0), (-1, 0.0, 0, 0, float(d))]
        chain.append((-1, 0.0, 0, 0, 100.0))
        model = LineModel((tuple(chain),), 0.5, 0.9, 20)
        assert [model.compiled()([v] + [0.0] * (N - 1)) for v in (0.0, 50.5, 1000.0)] == [0.5, 51.5, 100.5]

    @given(st.lists(st.sampled_from([math.inf, -math.inf, math.nan, -0.0, 0.0]), min_size=N, max_size=N))
    def test_infinities_and_nan_go_the_same_way(self, x: list[float]) -> None:
        assert MODEL.compiled()(x) == MODEL.walk(x)

    @given(st.data())
    def test_any_ensemble(self, data: st.DataObject) -> None:
        """Random trees, leaves and thresholds (with -0.0, infinities and a
        feature compared with itself at several depths)."""
        values = st.one_of(st.floats(allow_nan=False), st.sampled_from([-0.0, 0.0, 0.5, math.inf, -math.inf]))

        def tree(depth: int) -> list[list[float]]:
            nodes: list[list[float]] = []

            def grow(d: int) -> int:
                k = len(nodes)
                nodes.append([-1, 0.0, 0, 0, data.draw(values)])
                if d < depth and data.draw(st.booleans()):
                    f = data.draw(st.integers(0, 3))
                    nodes[k][:2] = [f, data.draw(values)]
                    nodes[k][2] = grow(d + 1)
                    nodes[k][3] = grow(d + 1)
                return k

            grow(0)
            return nodes

        trees = [tree(data.draw(st.integers(0, 4))) for _ in range(data.draw(st.integers(0, 6)))]
        names = ["words", "chars", "separators", "link"]
        model = LineModel.from_dict(
            {"features": names, "base": data.draw(values), "trees": trees, "threshold": 0.9, "max_words": 20}
        )
        x = data.draw(st.lists(values, min_size=N, max_size=N))
        fast, slow = model.compiled()(x), model.walk(x)
        assert fast == slow or (math.isnan(fast) and math.isnan(slow))

    @given(st.data())
    def test_compiled_source_holds_only_numbers_and_fixed_names(self, data: st.DataObject) -> None:
        """The one source the package compiles: whatever a model's values
        are, they reach it as numbers, never as code."""
        import io
        import tokenize

        odd = st.one_of(st.floats(), st.integers(-(10**30), 10**30), st.sampled_from([True, -0.0, math.inf]))
        n_trees = data.draw(st.integers(1, 3))
        trees = tuple(
            (
                (data.draw(st.integers(0, N - 1)), data.draw(odd), 1, 2, data.draw(odd)),
                (-1, data.draw(odd), 0, 0, data.draw(odd)),
                (-1, data.draw(odd), 0, 0, data.draw(odd)),
            )
            for _ in range(n_trees)
        )
        source = lm._tree_source(trees, data.draw(odd))
        names = {"def", "raw", "features", "z", "return", "if", "else", "float"} | {f"x{i}" for i in range(N)}
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME:
                assert tok.string in names
            elif tok.type == tokenize.STRING:
                assert tok.string in {"'inf'", "'-inf'", "'nan'"}
            elif tok.type == tokenize.OP:
                assert tok.string in {"(", ")", ":", ",", "=", "+=", "<=", "-"}
            else:
                assert tok.type in {
                    tokenize.NUMBER,
                    tokenize.NEWLINE,
                    tokenize.INDENT,
                    tokenize.DEDENT,
                    tokenize.ENDMARKER,
                    tokenize.NL,
                }


class TestSearches:
    texts = st.one_of(
        corpus_lines(),
        st.sampled_from(FURNITURE + PROSE),
        st.text(alphabet="0123456789 .:\t,MayJunMärzmai août1920x/@w", max_size=40),
        st.lists(
            st.sampled_from(["5", "5.", "10:45", "2024", "May", "mai.", "Juni", "sept", "de", " ", ".", "1999"])
        ).map(" ".join),
    )

    @given(texts)
    @example("5. Mai")
    @example("am 3. sept war")
    @example("May 5")
    def test_date(self, text: str) -> None:
        assert lm._has_date(text) == (lm._DATE.search(text) is not None)

    @given(st.one_of(texts, st.text(alphabet="www.comorgnetuk|»›•·/©@ x", max_size=30)))
    def test_marks_and_links(self, text: str) -> None:
        assert lm._marked(text) == (lm._MARKS.search(text) is not None)
        assert lm._has_link(text) == (lm._LINK.search(text) is not None)

    def test_month_trie_takes_every_month(self) -> None:
        for month in lm._MONTHS.split("|"):
            assert lm._has_date(f"{month} 5") and lm._has_date(f"5. {month.upper()}")
            assert not lm._has_date(f"{month}x 5") and not lm._has_date(f"5 {month}x")


class TestDocuments:
    @given(
        st.one_of(
            corpus_lines(),
            st.sampled_from(FURNITURE + PROSE),
            st.text(max_size=60),
            # letters that change length or form when case-folded, digits
            # outside ASCII (str.isdigit), marks that stick to words
            st.lists(st.sampled_from(CASE_AND_DIGITS)).map(" ".join),
        )
    )
    @example("Straße | Foto: ²³ Jane")
    @example("İSTANBUL • ﬁnance ٣ May 2024")
    @example("Share:  «Teilen» 5. Mai")
    @example('"')
    @example("x = 1; // Follow us @cleantext")
    def test_description_of_a_line(self, text: str) -> None:
        text = text.strip() or "x"
        lex = lm._lexicon(())
        assert lm._describe(lex, text, 20, 100) == describe(lex, text, 20, 100)
        assert lm._describe(lex, text, 20, 100, _quick(lex, text)) == describe(lex, text, 20, 100)

    @given(st.one_of(documents, edge_documents))
    def test_where_the_article_text_is(self, lines: list[str]) -> None:
        lex = lm._lexicon(())
        fast, slow = lm._Document(lines, lex, 20, 100), ReferenceDocument(lines, lex, 20, 100)
        assert (fast.first_body, fast.last_body, fast.last_cut) == (slow.first_body, slow.last_body, slow.last_cut)

    @given(st.one_of(documents, edge_documents), st.sampled_from([MODEL.threshold, 0.5, 0.9]))
    def test_same_removals_and_reasons(self, lines: list[str], threshold: float) -> None:
        assert judge_lines(MODEL, lines, threshold) == reference_judge(lines, threshold)

    @given(documents)
    def test_same_features_for_fitting(self, lines: list[str]) -> None:
        """tools/train_linemodel.py fits on these: the same model comes out."""
        lex = lm._lexicon(())
        doc = ReferenceDocument(lines, lex, MODEL.max_words, MODEL.max_chars)
        idx = [i for i, line in enumerate(lines) if line.strip()]
        expected = []
        for k, i in enumerate(idx):
            x = doc.features(i, idx[k - 1] if k else None, idx[k + 1] if k + 1 < len(idx) else None)
            if x is not None:
                expected.append((i, x))
        assert document_features(lines, MODEL.max_words, MODEL.max_chars) == expected

    def test_a_page_of_furniture(self) -> None:
        """Removals happen here (the comparison above is not only of empty results)."""
        lines = ["Title", PROSE[3], *FURNITURE, PROSE[3], "Tools", "Home » World", "More", PROSE[0]]
        removed = judge_lines(MODEL, lines, MODEL.threshold)
        assert removed and removed == reference_judge(lines, MODEL.threshold)


class TestShortcuts:
    def test_ascii_digits(self) -> None:
        """In ASCII text str.isdigit takes 0-9 only."""
        assert [c for c in map(chr, range(128)) if c.isdigit()] == list("0123456789")
