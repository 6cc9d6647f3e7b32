"""The encoding family: mojibake and entities, Unicode forms, whitespace."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from operator import methodcaller
from typing import Any, Literal

from cleantext import fastpath
from cleantext.registry import Pass, option, register
from cleantext.text import lazy_compile

__all__ = ["FixEncoding", "NormalizeUnicode", "NormalizeWhitespace"]

# The longest line ftfy fixes whole (its ``max_decode_length``): see FixEncoding._config.
_DECODE_LIMIT = 1 << 17

# Unicode space separators (category Zs) other than the ASCII space.
_ZS = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ZS_RE = re.compile(f"[{_ZS}]")


@register("fix-encoding")
@dataclass(frozen=True, kw_only=True, repr=False)
class FixEncoding(Pass):
    """Repair mojibake, HTML entities and control characters with ftfy.

    The options are ftfy's, with defaults chosen for news text in any script:
    curly quotes and full-width characters are correct text, not damage, so
    they are kept; line breaks and Unicode normalization are left to
    ``normalize-whitespace`` and ``normalize-unicode``, so each change has one
    owner and lines this pass does not repair come out byte-identical.

    >>> FixEncoding()("The Mona Lisa doesnâ€™t have eyebrows.")
    'The Mona Lisa doesn’t have eyebrows.'
    >>> FixEncoding()("Tom &amp; Jerry’s “show”: ＡＢＣ 東京")
    'Tom & Jerry’s “show”: ＡＢＣ 東京'

    Mojibake is repaired in the form the rest of the family will give the
    line, so that a pipeline run twice changes nothing the second time:
    decomposed (NFD) mojibake, and mojibake split by a tab.

    >>> import unicodedata
    >>> FixEncoding()(unicodedata.normalize("NFD", "CafÃ©"))
    'Café'
    >>> FixEncoding()("Ã\tla carte")
    'à la carte'
    """

    unescape_html: Literal["auto", True, False] = option(
        "auto", "decode entities like &amp; unless the text looks like real HTML (has tags)"
    )
    remove_terminal_escapes: bool = option(True, "ANSI colour codes are never article text")
    fix_encoding: bool = option(True, "mojibake is the main damage scraped text carries")
    restore_byte_a0: bool = option(True, "mojibake often lost the byte 0xA0 to a space; ftfy puts it back")
    replace_lossy_sequences: bool = option(True, "unrecoverable mojibake becomes U+FFFD, visible and searchable")
    decode_inconsistent_utf8: bool = option(True, "fix mojibake even where it is mixed with correct text")
    fix_c1_controls: bool = option(True, "C1 controls in text are cp1252 characters decoded as Latin-1")
    fix_latin_ligatures: bool = option(True, "ﬁ and ﬂ are typesetting artefacts that break search")
    fix_character_width: bool = option(False, "full-width letters are normal in CJK text: do not fold them")
    uncurl_quotes: bool = option(False, "curly quotes are correct typography, not damage")
    fix_surrogates: bool = option(True, "surrogate pairs decoded one by one become the character they meant")
    remove_control_chars: bool = option(True, "control characters have no place in article text")

    @cached_property
    def _config(self) -> object:
        import ftfy

        return ftfy.TextFixerConfig(
            unescape_html=self.unescape_html,
            remove_terminal_escapes=self.remove_terminal_escapes,
            fix_encoding=self.fix_encoding,
            restore_byte_a0=self.restore_byte_a0,
            replace_lossy_sequences=self.replace_lossy_sequences,
            decode_inconsistent_utf8=self.decode_inconsistent_utf8,
            fix_c1_controls=self.fix_c1_controls,
            fix_latin_ligatures=self.fix_latin_ligatures,
            fix_character_width=self.fix_character_width,
            uncurl_quotes=self.uncurl_quotes,
            fix_line_breaks=False,
            fix_surrogates=self.fix_surrogates,
            remove_control_chars=self.remove_control_chars,
            normalization=None,
            explain=False,
            # ftfy fixes a line at a time and cuts longer lines into pieces of
            # this many characters. Its default (10^6) makes one long line
            # cost ~3x more per character than pieces that stay in the CPU
            # cache (benchmarks/linear_time.py); 2^17 keeps the cost flat.
            max_decode_length=_DECODE_LIMIT,
        )

    @cached_property
    def _fix_text(self) -> Callable[[str, Any], tuple[str, bool]]:
        # The fast path knows which fixes can touch a line; the two fixes
        # that are off by default act on characters it does not look for.
        if self.fix_character_width or self.uncurl_quotes:
            import ftfy

            return lambda text, config: (ftfy.fix_text(text, config), False)
        from cleantext.fastpath import fix_text_settled

        return fix_text_settled

    def _ftfy(self, text: str) -> str:
        """ftfy with this pass's options, run until the text stops changing.

        ftfy repairs each line to its own fixed point; a second round is
        needed only where ftfy cut a long line into pieces or a repair in one
        line changes how ftfy treats another (a ``<`` turns entity decoding
        off for the lines after it). Every round that changes the text after
        the first decodes mojibake or entities or removes characters, each of
        which shortens it, and the fixes that keep the length (C1 controls,
        ligatures) are complete after one round: so the loop ends, in two
        rounds on all but contrived text.
        """
        while True:
            fixed, settled = self._fix_text(text, self._config)
            if fixed == text or settled:  # settled: a further round is known to change nothing
                return fixed
            text = fixed

    def __call__(self, text: str) -> str:
        if text.isascii():
            if fastpath.ascii_unchanged(text):  # settled without importing ftfy
                return text
        elif self._provable and self._unchanged(text):
            return text
        return self._repair(text)

    @cached_property
    def _provable(self) -> bool:
        """Whether :meth:`_unchanged` applies: the two fixes that act on
        clean text (quotes, width) are off."""
        return not (self.fix_character_width or self.uncurl_quotes)

    def _repair(self, text: str) -> str:
        """The pass without its quick proofs that nothing changes."""
        if "\r" in text and _LONE_CR.search(text):
            # ftfy sees lines by LF only; normalize-whitespace makes a lone CR
            # an LF. Repair each CR-ended line as its own line, as ftfy will
            # see it once the endings are LF, so that a second run has nothing
            # left to do.
            return "".join(self._fix(piece) for piece in _AFTER_LONE_CR.split(text) if piece)
        return self._fix(text)

    def _unchanged(self, text: str) -> bool:
        """True only if this pass leaves ``text`` as it is (False: not known),
        with the two fixes that act on clean text (quotes, width) off.

        No fix of ftfy can change a text without an entity or a suspect (see
        :func:`cleantext.fastpath.suspects`), nor any line of it in the form
        the rest of the family gives it if the text is composed (NFC). A
        suspect that some fix acts on settles nothing; any other is a
        character ftfy's detector may match with those near it, and every
        match the detector could find holds one. So the detector is asked
        only around each suspect, within its line as ftfy sees it, and on
        the line's view where that differs. Clean text has no suspect, or a
        few ("½" in a recipe, "«В" in Russian); most texts are settled by
        :func:`cleantext.fastpath.no_suspect_near` without looking for them.
        """
        if "&" in text and fastpath.HTML_ENTITY.search(text) is not None:
            return False
        # The characters a suspect can be: a few per line of clean text.
        rest = fastpath.sparse_rest(text)
        if rest is None:  # a text mostly not ASCII
            if unicodedata.normalize("NFC", text) is not text:
                return False
            return self._no_match_near(text, fastpath.suspects(text))
        first = fastpath.first_suspect(rest)
        # Composed text comes back from normalize's quick check as it is (the
        # same answer as unicodedata.is_normalized where that is True). The
        # check looks at each character and at the one before it, and ASCII
        # characters pass it and reset it: so if ``rest`` passes, the text
        # does.
        if unicodedata.normalize("NFC", rest) is rest:
            if first is None:  # fastpath.no_suspect_near(text)
                return True
        elif unicodedata.normalize("NFC", text) is not text:
            return False
        if first is not None:
            # Mojibake is found at the first place of its first character.
            at = text.find(first.group())
            if fastpath.suspect_pattern().match(text, at) is not None and not self._no_match_near(text, (at,)):
                return False
        return self._no_match_near(text, fastpath.suspects_in(text, rest))

    def _no_match_near(self, text: str, suspects: Iterable[int]) -> bool:
        """:meth:`_unchanged` for a composed text without entities, given
        its suspects in order: the detector is asked around each of them."""
        fixed = fastpath.fixed_characters()
        detector, width = fastpath.detector()
        start = end = 0
        for at in suspects:
            if text[at] in fixed:
                return False
            if at >= end:  # a new line
                start = text.rfind("\n", 0, at) + 1
                end = text.find("\n", at) + 1 or len(text)
                # ftfy cuts a long line, and the family's views see other line breaks.
                if end - start > _DECODE_LIMIT or _OTHER_BREAK.search(text, start, end) is not None:
                    return False
                body = end - 1 if text[end - 1] == "\n" else end
                if (
                    text.find("\t", start, end) != -1
                    or text.find("  ", start, end) != -1
                    or (body > start and text[body - 1] in _SPACES)
                ):
                    view = _family_view(text[start:end], trailing=True)
                    if fastpath.is_bad(view):  # the line as normalize-whitespace leaves it
                        return False
            # Any match holding the suspect lies within ``width`` of it; the
            # line is cut out where ``^`` could match at its start.
            lo, hi = max(start, at - width + 1), min(end, at + width)
            if lo == start and start:
                bad = detector.search(text[start:hi])
            else:
                bad = detector.search(text, lo, hi)
            if bad is not None:
                return False
        return True

    def _fix(self, text: str) -> str:
        differs = _view_differs(text)
        if differs:
            text = "".join(self._repair_view(line) for line in text.splitlines(keepends=True))
        fixed = self._ftfy(text)
        if fixed != text:
            differs = _view_differs(fixed, trailing=True)
        elif not differs:
            differs = _trailing_after_non_ascii(fixed)
        if differs:
            fixed = "".join(self._settle(line) for line in fixed.splitlines(keepends=True))
        return self._repair_heads(fixed)

    def _repair_heads(self, text: str) -> str:
        """Repair the start of each line that ends in a truncation note or a
        dangling mark (see :func:`cleantext.passes.endings.without_tail`)
        where ftfy repairs that start alone, keeping the end as it is.

        ftfy repairs a line whole or not at all, and one character that its
        encodings cannot take back to UTF-8 ("AmerykaÅ„skie…": the "…")
        stops the repair of all of it. repair-truncation may take such an
        end off a text's last line, and the next run would then repair what
        this one left: the line's start is repaired now, as it will stand.
        Only lines that still hold a suspect character after ftfy's repair
        are looked at (one search in C)."""
        if text.isascii():
            return text
        rest = fastpath.sparse_rest(text)
        if rest is None:  # a text mostly not ASCII
            return self._repair_heads_of_suspect_lines(text, fastpath.suspects(text))
        if fastpath.first_suspect(rest) is None and ("&" not in text or fastpath.HTML_ENTITY.search(text) is None):
            return text  # fastpath.no_suspect_near(text): ftfy changes no piece of any line
        return self._repair_heads_of_suspect_lines(text, fastpath.suspects_in(text, rest))

    def _repair_heads_of_suspect_lines(self, text: str, suspects: Iterable[int]) -> str:
        """:meth:`_repair_heads`, looking at each line with a suspect, given
        the suspects of ``text`` in order."""
        from cleantext.passes.endings import without_tail

        out: list[str] = []
        last = pos = 0
        for at in suspects:
            if at < pos:  # on a line already looked at
                continue
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end == -1 else end
            pos = end + 1
            body = text[start:end].rstrip()
            if body.isascii():
                continue
            head = without_tail(body)
            if head == body or head.isascii() or not fastpath.may_change(head):
                continue
            repaired = self._ftfy(head)
            if repaired != head:
                out += (text[last:start], repaired)
                last = start + len(head)
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def _repair_view(self, line: str) -> str:
        """The line repaired in its family view if ftfy's detector sees
        mojibake there that ftfy repairs only in the view; else the line as
        it is, for ftfy to repair as it stands (its spacing and form kept).
        Such a line is repaired whole, never half first ("Ø§" of NFD Arabic
        mojibake, whose "Ù" decomposes, would be, and the rest not)."""
        if line.isascii():
            return line
        from cleantext.fastpath import is_bad

        view = _family_view(line)
        if view == line or not is_bad(view):
            return line
        repaired = self._ftfy(view)
        if repaired == view or _family_view(self._ftfy(line)) == repaired:
            return line  # nothing to repair, or ftfy repairs the line as it is: keep its spacing
        return repaired

    def _settle(self, line: str) -> str:
        """Repair mojibake that shows only in the form the rest of the
        encoding family gives the line: composed (NFC) by
        ``normalize-unicode``, runs of spaces and tabs made one space and
        spaces at its end taken off by ``normalize-whitespace``. Mojibake in
        NFD ("CafA\\u0303\\u00a9") is repaired as its NFC form ("CafÃ©")
        is, "Ã\\t;" as "Ã ;" is, and "Ž\\ufffd\\u00a0" as "Ž\\ufffd" is.
        Without this, the next run of a pipeline would repair what this run
        left (a pipeline must be idempotent, not only each pass).

        A line whose view needs no repair comes back byte-identical; a
        repaired line comes back in its view's form. Each further round is
        taken only when ftfy repairs the view, and a repair of a line that is
        already ftfy's fixed point decodes mojibake (several characters into
        one), so the line is shorter after every round and the loop ends.
        """
        if line.isascii():
            return line
        from cleantext.fastpath import may_change

        while True:
            view = _family_view(line, trailing=True)
            if view == line or not may_change(view):
                return line
            repaired = self._ftfy(view)
            if repaired == view:
                return line
            line = repaired


def _trailing_after_non_ascii(text: str) -> bool:
    """Whether some line ends in spaces (any Zs) that follow a character
    that is not ASCII. The lines' ends are looked at first, in C (a search
    led by the line break): most texts end no line in a space at all."""
    if "\r" in text:
        if not any(map(_ends_in_space, text.splitlines())):
            return False
    elif not text.endswith(_SPACE_ENDS) and _SPACE_BEFORE_LF.search(text) is None:
        return False
    return _TRAILING_AFTER_NON_ASCII.search(text) is not None


def _view_differs(text: str, *, trailing: bool = False) -> bool:
    """Whether some line's family view can differ from it where it matters
    for mojibake: the text is not NFC, or a run of spaces and tabs that
    normalize-whitespace makes one space follows a non-ASCII character (the
    first character of a mojibake sequence never is ASCII). Substring
    searches in C; a step per run, not per character."""
    if text.isascii():
        return False
    # Composed text comes back from the quick check as it is (a text that
    # only the full check finds composed counts as differing: its lines are
    # then each looked at).
    if unicodedata.normalize("NFC", text) is not text:
        return True
    # With ``trailing`` (a text ftfy has repaired): spaces at a line's end,
    # which normalize-whitespace takes off, after a character that is not
    # ASCII.
    if trailing and _trailing_after_non_ascii(text):
        return True
    for run in ("\t", "  "):
        at = text.find(run)
        while at != -1:
            start = at
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            if start > 0 and not text[start - 1].isascii():
                return True
            end = at + len(run)
            while end < len(text) and text[end] in " \t":
                end += 1
            at = text.find(run, end)  # each character of a run is visited once
    return False


# Line breaks other than LF, which ftfy does not cut lines at but
# ``str.splitlines`` does.
_OTHER_BREAK = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

# A CR that ends a line on its own (old Mac endings), and the lines it ends.
_LONE_CR = re.compile(r"\r(?!\n)")
_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


# What the trailing pattern of normalize-whitespace strips: space, tab, any Zs.
_SPACES = " \t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACE_ENDS = tuple(_SPACES)
_ends_in_space = methodcaller("endswith", _SPACE_ENDS)

_TRAILING_AFTER_NON_ASCII = lazy_compile(f"[^\\x00-\\x7f][{_SPACES}]+(?:\\r?\\n|\\r|\\Z)")

# Inner runs of spaces and tabs, as normalize-whitespace collapses them.
_INNER_RUN = re.compile(r"(?<=\S)(?: [ \t]+|\t[ \t]*)(?=\S)")


def _family_view(line: str, *, trailing: bool = False) -> str:
    """``line`` composed (NFC) and with inner runs of spaces and tabs made
    one space: how ``normalize-unicode`` and ``normalize-whitespace`` leave
    it with their defaults. With ``trailing``, the spaces at its end (before
    its line break) are taken off as well: that view is only for a line ftfy
    has already repaired, since before the repair such a space may belong to
    mojibake ("Â\u00a0" is a no-break space)."""
    if not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    if "\t" in line or "  " in line:
        line = _INNER_RUN.sub(" ", line)
    if trailing:
        body = line.rstrip("\r\n")
        if body.endswith(_SPACE_ENDS):
            line = body.rstrip(_SPACES) + line[len(body) :]
    return line


@register("normalize-unicode")
@dataclass(frozen=True, kw_only=True, repr=False)
class NormalizeUnicode(Pass):
    """Put the text in one Unicode normalization form, NFC by default.

    NFC joins letters and combining accents, so that "é" has one spelling
    and search and deduplication see one string. NFKC also folds
    compatibility characters (full-width letters, ligatures, superscripts):
    useful before tokenization, but it changes the text's look, so it is an
    option.

    >>> NormalizeUnicode()("cafe\\u0301") == "caf\\u00e9"
    True
    >>> NormalizeUnicode(form="NFKC")("ＡＢＣ ¹")
    'ABC 1'
    """

    form: Literal["NFC", "NFKC", "NFD", "NFKD"] = option("NFC", "composes accents without changing how text looks")

    def __call__(self, text: str) -> str:
        if text.isascii():
            return text
        # One call: its quick check hands back the text itself when that is
        # already in the form (``is_normalized`` first costs more).
        out = unicodedata.normalize(self.form, text)
        return text if out == text else out


def _strip_trailing(text: str) -> str:
    """The trailing pattern's substitution (runs of spaces, tabs and Zs
    characters before each line break and at the end taken off) on a text
    without CR, visiting only the lines that end in one."""
    out: list[str] = []
    last = 0  # text[:last] is done
    for m in _SPACE_BEFORE_LF.finditer(text):
        at = m.start()
        start = text.rfind("\n", last, at) + 1 or last
        out.append(text[last:start])
        out.append(text[start:at].rstrip(_SPACES))
        last = at
    if text.endswith(_SPACE_ENDS):
        out.append(text[last:].rstrip(_SPACES))
    elif not out:
        return text
    else:
        out.append(text[last:])
    return "".join(out)


_SPACE_BEFORE_LF = re.compile(rf"\n(?<=[ \t{_ZS}]\n)")
_SPACE_TAB_RUN = re.compile("[ \t]*")


def _collapse_runs(text: str) -> str:
    """The inner pattern's substitution for spaces and tabs (every run of
    them after a character that is not a space becomes one space, unless it
    is one already), visiting only the runs that a search for a tab or two
    spaces finds."""
    out: list[str] = []
    last = 0  # text[:last] is done
    tab, two = text.find("\t"), text.find("  ")
    while tab != -1 or two != -1:
        at = two if tab == -1 or (two != -1 and two < tab) else tab
        start = at
        while start > last and text[start - 1] in " \t":
            start -= 1
        run = _SPACE_TAB_RUN.match(text, at)
        end = at if run is None else run.end()  # it matches everywhere
        if start > 0 and not text[start - 1].isspace() and text[start:end] != " ":
            out.append(text[last:start])
            out.append(" ")
            last = end
        if tab != -1 and tab < end:
            tab = text.find("\t", end)
        if two != -1 and two < end:
            two = text.find("  ", end)
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


# Texts longer than this many characters are tidied in pieces of about this size.
_PIECE = 1 << 20


@register("normalize-whitespace")
@dataclass(frozen=True, kw_only=True, repr=False)
class NormalizeWhitespace(Pass):
    """Tidy spaces, tabs, blank lines and line endings without moving a paragraph.

    Runs of spaces and tabs inside a line become one space, trailing spaces
    go, three or more line breaks in a row become two (one blank line), and
    line endings become ``\\n``. Indentation at the start of a line is kept
    unless asked, and no line is ever joined to another or split.

    >>> NormalizeWhitespace()("One  two\\tthree  \\r\\n\\r\\n\\r\\n\\r\\n  Indented.\\n")
    'One two three\\n\\n  Indented.\\n'
    """

    newline: Literal["lf", "crlf", "keep"] = option("lf", "one line ending for all documents; most tools expect \\n")
    collapse_spaces: bool = option(True, "runs of spaces are layout, not text")
    unicode_spaces: bool = option(
        False, "no-break and ideographic spaces carry meaning (French, CJK): only collapse them if asked"
    )
    strip_trailing: bool = option(True, "trailing spaces are invisible noise")
    strip_indent: bool = option(False, "indentation can be meaningful (verse, code, quotations)")
    max_blank_lines: int = option(1, "one blank line is enough to separate paragraphs")
    strip_edges: bool = option(True, "blank lines before the first and after the last line carry nothing")

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.max_blank_lines < 0:
            raise self.option_error("max_blank_lines", "must be 0 or more")

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str], ...]:
        eol = r"(?:\r\n|\r(?!\n)|\n)"  # a CRLF is one line ending, never split
        space = " \t" + (_ZS if self.unicode_spaces else "")
        return (
            # Each run is tried once, from its start (the lookbehind), so a
            # long run of spaces that does not end a line costs linear time.
            re.compile(rf"(?<![ \t{_ZS}])[ \t{_ZS}]+(?=\r|\n|\Z)"),
            re.compile(rf"(?<=\S)(?: [{space}]+|[{space[1:]}][{space}]*)"),
            re.compile(rf"(?:\A|(?<=[\r\n]))[ \t{_ZS}]+"),
            # ``[\r\n]+`` matches exactly what ``{eol}+`` would (any run of CR
            # and LF is a run of line endings) without a backtracking frame
            # per line ending: a run of 10^6 blank lines stays cheap.
            re.compile(rf"({eol}{{{self.max_blank_lines + 1}}})[\r\n]+"),
            re.compile(r"\A[\r\n]+"),
            # Any run of CR and LF is a run of line endings: a character class
            # tried once per run keeps this linear (``{eol}+`` before ``\Z``
            # would try every way to split CRLF runs: exponential).
            re.compile(rf"(?<![\r\n])({eol})[\r\n]+\Z"),
        )

    def __call__(self, text: str) -> str:
        if len(text) > _PIECE:  # a long text is tidied piece by piece: the same output, faster
            from cleantext.text import by_line_pieces

            out = by_line_pieces(self._tidy, text, _PIECE)
            if out is not None:
                return out
        return self._tidy(text)

    def _tidy(self, text: str) -> str:
        trailing, inner, indent, blanks, lead, tail = self._patterns
        # Each rewrite runs only if a plain substring test or a search that
        # skips ahead in C says its pattern can match; most lines of most
        # texts need none of them.
        if self.newline != "keep":
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if "\u2028" in text or "\u2029" in text or "\x85" in text:
                text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
        cr = "\r" in text
        # A line ending after a space or tab (any Zs), or too many blank lines.
        hint = cr or self._line_end_hint.search(text) is not None
        # A run of spaces and tabs for the inner rule: the trailing rule
        # takes runs off the ends of lines and joins no two, so a text
        # without one before it has none after it.
        runs = "\t" in text or "  " in text
        if self.strip_trailing and (hint or text.endswith(_SPACE_ENDS)):
            text = trailing.sub("", text) if cr else _strip_trailing(text)
            runs = runs and ("\t" in text or "  " in text)
        if self.strip_indent:
            text = indent.sub("", text)
            runs = runs and ("\t" in text or "  " in text)
        if self.collapse_spaces:
            if self.unicode_spaces:
                if runs or (not text.isascii() and _ZS_RE.search(text) is not None):
                    text = inner.sub(" ", text)
            elif runs:
                text = _collapse_runs(text)
        if cr or (hint and self._blank_run.search(text) is not None):
            text = blanks.sub(r"\1", text)
        if self.strip_edges and (cr or text[:1] == "\n" or text.endswith("\n\n")):
            if cr:
                text = tail.sub(r"\1", lead.sub("", text))
            else:  # the same rewrites, for LF alone (the tail pattern is tried at every position)
                text = text.lstrip("\n")
                body = text.rstrip("\n")
                if len(text) - len(body) > 1:
                    text = body + "\n"
        if self.newline == "crlf":
            text = text.replace("\n", "\r\n")
        return text

    @cached_property
    def _blank_run(self) -> re.Pattern[str]:
        # More line breaks in a row than the blank lines allowed take (a
        # literal: the search skips from line break to line break).
        return re.compile("\n" * (self.max_blank_lines + 2))

    @cached_property
    def _line_end_hint(self) -> re.Pattern[str]:
        # Led by a literal: the search skips from line break to line break.
        return re.compile(rf"\n(?:(?<=[ \t{_ZS}]\n)|(?=\n{{{self.max_blank_lines + 1}}}))")
