"""textacy's preprocessing functions as cleantext passes, by their dotted name.

``textacy.normalize.hyphenated_words``, ``textacy.replace.urls`` and the other
functions of ``textacy.preprocessing`` (normalize, remove, replace) can be
used wherever a pass name can: ``Pipeline([...])``, ``--passes`` and
``[[pass]] name = "textacy.replace.urls"`` in a TOML config, with the
function's keyword arguments as options.

The names, summaries and options are a static table, so listing the passes
does not import textacy (which takes seconds); textacy is imported when such a
pass is built, and a missing textacy fails then with the command that
installs it.

Not every textacy function is idempotent: ``remove.html_tags`` turns
``"&lt;b&gt;"`` into ``"<b>"`` and a second run into ``""``, and every
``replace.*`` function with ``repl=""`` deletes what it finds, which can
uncover a match the first run did not see (``replace.hashtags``: ``"#ab#ab"``
-> ``"#ab"`` -> ``""``); so does a placeholder that does not begin and end
with a word character (``replace.numbers`` with ``"…"``: ``"2019.0.4"`` ->
``"….4"`` -> ``"……"``). The table marks the first kind, the options tell the
second, and such passes apply the function until the text stops changing. Three functions
(``normalize.hyphenated_words``, ``replace.emails``, ``replace.urls``) use
patterns whose running time grows with the square of a word's length; their
passes leave words longer than ``longest_token`` alone.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, Literal, NamedTuple

from cleantext.errors import ConfigError, MissingExtraError
from cleantext.registry import Pass

__all__ = ["FUNCTIONS", "PREFIX", "TextacyPass", "available", "resolve"]

PREFIX = "textacy."
ORIGIN = "textacy"
_INSTALL = "pip install 'cleantext-news[textacy]'"


class Option(NamedTuple):
    name: str
    type: Any
    default: Any
    why: str


class Function(NamedTuple):
    """One textacy function: what it does and how cleantext runs it."""

    summary: str
    #: "idempotent", or "not idempotent: <a counterexample>".
    verdict: str
    #: (text in, text out) with the default options: the pass's doctest.
    example: tuple[str, str]
    options: tuple[Option, ...] = ()
    #: The function's patterns are quadratic in a word's length: skip long words.
    quadratic: bool = False

    @property
    def idempotent(self) -> bool:
        return self.verdict == "idempotent"


def _repl(default: str) -> tuple[Option, ...]:
    return (Option("repl", str, default, "textacy's own placeholder"),)


_BRACKETS = Literal["curly", "square", "round"]
_OK = "idempotent"

#: Every textacy function cleantext exposes, by its name without ``textacy.``.
#: The verdicts are checked by the property tests (tests/integrations/test_textacy.py).
FUNCTIONS: dict[str, Function] = {
    "normalize.bullet_points": Function(
        "Replace fancy bullet points that start a line with '-'.", _OK, ("\u2022 one\n\u2022 two", "- one\n- two")
    ),
    "normalize.hyphenated_words": Function(
        "Join words split across lines by a hyphen.",
        "not idempotent: 'ab- cd- ef' -> 'abcd- ef' -> 'abcdef'",
        ("inter-\nnational news", "international news"),
        quadratic=True,
    ),
    "normalize.quotation_marks": Function(
        "Replace curly quotation marks and apostrophes with ASCII ones.", _OK, ("“It’s”", '"It\'s"')
    ),
    "normalize.repeating_chars": Function(
        "Shorten runs of repeated characters to maxn repetitions.",
        _OK,
        ("Wow!!!! Really...", "Wow! Really..."),
        (
            Option("chars", str, "!", "'!!!!' is the commonest run; '...' is an ellipsis, not a run"),
            Option("maxn", int, 1, "'!!!!' means '!'"),
        ),
    ),
    "normalize.unicode": Function(
        "Normalize Unicode to one form.",
        _OK,
        ("cafe\u0301", "café"),
        (Option("form", Literal["NFC", "NFD", "NFKC", "NFKD"], "NFC", "NFC changes no meaning"),),
    ),
    "normalize.whitespace": Function(
        "Collapse line breaks and spaces and strip the text's ends.", _OK, ("  a\u00a0b\r\n\r\nc  ", "a b\nc")
    ),
    "remove.accents": Function(
        "Remove accents from accented characters.",
        _OK,
        ("café Zürich", "cafe Zurich"),
        (Option("fast", bool, False, "the slow way keeps characters that have no ASCII form"),),
    ),
    "remove.brackets": Function(
        "Remove text in brackets, with the brackets.",
        "not idempotent: '((a))' -> '()' -> ''",
        ("Putin (pictured) said [1]", "Putin  said "),
        (Option("only", _BRACKETS | tuple[_BRACKETS, ...] | None, None, "all three kinds of bracket"),),
    ),
    "remove.html_tags": Function(
        "Remove HTML tags and unescape entities.",
        "not idempotent: '&lt;b&gt;x' -> '<b>x' -> 'x'",
        ("<p>Hello <b>world</b></p>", "Hello world"),
    ),
    "remove.punctuation": Function(
        "Replace punctuation with spaces.",
        _OK,
        ("Hi, there!", "Hi  there "),
        (Option("only", str | tuple[str, ...] | None, None, "every Unicode punctuation mark"),),
    ),
    "replace.currency_symbols": Function(
        "Replace currency symbols with a placeholder.", _OK, ("$5 or €4", "_CUR_5 or _CUR_4"), _repl("_CUR_")
    ),
    "replace.emails": Function(
        "Replace e-mail addresses with a placeholder.",
        "not idempotent: 'e@f.orge@f.org' -> '_EMAIL_@f.org' -> '_EMAIL_'",
        ("mail me@example.org now", "mail _EMAIL_ now"),
        _repl("_EMAIL_"),
        quadratic=True,
    ),
    "replace.emojis": Function(
        "Replace emoji with a placeholder.", _OK, ("Great \U0001f389 news", "Great _EMOJI_ news"), _repl("_EMOJI_")
    ),
    "replace.hashtags": Function(
        "Replace hashtags with a placeholder.", _OK, ("Vote #Election2022", "Vote _TAG_"), _repl("_TAG_")
    ),
    "replace.numbers": Function(
        "Replace numbers with a placeholder.",
        _OK,
        ("In 2022, 1,500 people", "In _NUMBER_, _NUMBER_ people"),
        _repl("_NUMBER_"),
    ),
    "replace.phone_numbers": Function(
        "Replace phone numbers with a placeholder.", _OK, ("Call 555-123-4567.", "Call _PHONE_."), _repl("_PHONE_")
    ),
    "replace.urls": Function(
        "Replace URLs with a placeholder.",
        _OK,
        ("See https://example.com/a?b=1 now", "See _URL_ now"),
        _repl("_URL_"),
        quadratic=True,
    ),
    "replace.user_handles": Function(
        "Replace @user handles with a placeholder.", _OK, ("thanks @reuters", "thanks _USER_"), _repl("_USER_")
    ),
}

_LONGEST_TOKEN = Option(
    "longest_token",
    int,
    200,
    "longer words are not URLs, addresses or words, and would take quadratic time",
)


@dataclass(frozen=True, kw_only=True)
class TextacyPass(Pass):
    """Base class of the passes that run a textacy preprocessing function."""

    function: ClassVar[str] = ""
    #: The function is idempotent with its default options.
    idempotent: ClassVar[bool] = True
    quadratic: ClassVar[bool] = False

    def __post_init__(self) -> None:
        super().__post_init__()
        func = self._function()
        opts = self._arguments()
        if "repl" in opts and func(opts["repl"]) != opts["repl"]:
            raise self.option_error(
                "repl", f"{opts['repl']!r} would itself be replaced, so the pass would not be idempotent"
            )
        if "chars" in opts and not opts["chars"]:
            raise self.option_error("chars", "give the characters whose runs to shorten")
        if opts.get("maxn", 1) < 0 or getattr(self, "longest_token", 1) < 1:
            raise ConfigError(f"pass {self.name!r}: maxn must be 0 or more and longest_token 1 or more")

    def _arguments(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init and f.name != "longest_token"}

    def _function(self) -> Callable[[str], str]:
        return _load(self.function, self.name)

    def _step(self, text: str) -> str:
        func = self._function()
        kwargs = self._arguments()
        if not self.quadratic:
            return func(text, **kwargs)
        return _outside_long_tokens(lambda t: func(t, **kwargs), text, getattr(self, "longest_token", 200))

    @property
    def settles_in_one_step(self) -> bool:
        """Whether one application is a fixed point: the function is
        idempotent and, if it replaces, its placeholder begins and ends with
        a word character, as textacy's own do (``_NUMBER_``). The patterns
        do not match right after a word character; an empty placeholder
        joins a match's neighbours and one like ``…`` lets the next number,
        tag or handle match, so such a pass runs until nothing changes."""
        repl = getattr(self, "repl", None)
        return self.idempotent and (repl is None or _BLOCKS.fullmatch(repl) is not None)

    def __call__(self, text: str) -> str:
        if self.settles_in_one_step:
            return self._step(text)
        # Until nothing changes. Every round that changes the text after the
        # first removes what the previous round uncovered: a tag or entity
        # level (html_tags), a bracket pair with its contents (brackets), a
        # hyphen and line break (hyphenated_words), a match joined by a
        # deletion or a replacement (replace.*). Each of those consumes
        # characters of the input that no other round consumes, so the
        # rounds are at most the nesting depth of such constructs plus two,
        # and each round is one linear run of the function: linear in the
        # input for any bounded depth, O(n * depth) for text nested on
        # purpose (HTML escaped k times over takes k + 2 rounds).
        while True:
            following = self._step(text)
            if following == text:
                return text
            text = following


@cache
def _load(function: str, name: str) -> Callable[..., str]:
    if importlib.util.find_spec("textacy") is None:
        raise MissingExtraError(f"pass {name!r} needs textacy; install it with: {_INSTALL}")
    module_name, attr = function.rsplit(".", 1)
    try:
        module = importlib.import_module(f"textacy.preprocessing.{module_name}")
    except ImportError as exc:
        raise MissingExtraError(
            f"pass {name!r} needs textacy, which failed to import ({exc}); reinstall it with: {_INSTALL}"
        ) from exc
    func: Callable[..., str] = getattr(module, attr)
    return func


# A placeholder that no pattern can match across: a word character at both ends.
_BLOCKS = re.compile(r"\w(?:.*\w)?", re.DOTALL)

# A run of characters that textacy's URL, e-mail and hyphenation patterns can
# match within; the separators are the ASCII whitespace and the spaces below
# U+00A1 (the patterns treat the others as letters).
_TOKEN = re.compile(r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0]+")


def _outside_long_tokens(func: Callable[[str], str], text: str, longest: int) -> str:
    """Apply ``func`` to the stretches of ``text`` between its tokens longer
    than ``longest`` characters, which are kept as they are."""
    pieces: list[str] = []
    start = 0
    for match in _TOKEN.finditer(text):
        if match.end() - match.start() > longest:
            pieces.append(func(text[start : match.start()]) if match.start() > start else "")
            pieces.append(match.group())
            start = match.end()
    if not pieces:
        return func(text)
    if start < len(text):
        pieces.append(func(text[start:]))
    return "".join(pieces)


def _class_name(function: str) -> str:
    return "Textacy" + "".join(part.capitalize() for part in re.split(r"[._]", function))


def _make_class(function: str, spec: Function) -> type[TextacyPass]:
    options = spec.options + ((_LONGEST_TOKEN,) if spec.quadratic else ())
    fields = [(o.name, o.type, dataclasses.field(default=o.default, metadata={"why": o.why})) for o in options]
    how = (
        "Idempotent: applied once"
        + (
            ' (until the text stops changing with repl="", which deletes matches and can uncover others).'
            if any(o.name == "repl" for o in spec.options)
            else "."
        )
        if spec.idempotent
        else f"Not idempotent ({spec.verdict.split(': ', 1)[1]}): applied until the text stops changing."
    )
    if spec.quadratic:
        how += " Words longer than longest_token are left alone (the patterns are quadratic in a word's length)."
    cls: type[TextacyPass] = dataclasses.make_dataclass(
        _class_name(function),
        fields,
        bases=(TextacyPass,),
        frozen=True,
        kw_only=True,
        namespace={
            "__doc__": f"{spec.summary}\n\nRuns textacy.preprocessing.{function}. {how}\n\n"
            f">>> from cleantext import get_pass\n"
            f">>> get_pass({PREFIX + function!r})({spec.example[0]!r})\n{spec.example[1]!r}\n",
            "__module__": __name__,
            "function": function,
            "idempotent": spec.idempotent,
            "quadratic": spec.quadratic,
            "__repr__": Pass.__repr__,
        },
    )
    cls.name = PREFIX + function
    return cls


_CLASSES: dict[str, type[TextacyPass]] = {}
for _function, _spec in FUNCTIONS.items():
    _cls = _make_class(_function, _spec)
    _CLASSES[_cls.name] = _cls
    globals()[_cls.__name__] = _cls  # pickle finds the class by its module and name


def available() -> dict[str, type[Pass]]:
    """The textacy passes, by name, if textacy is installed (not imported)."""
    if importlib.util.find_spec("textacy") is None:
        return {}
    return dict(_CLASSES)


def resolve(name: str) -> type[Pass]:
    """The pass class for ``textacy.<module>.<function>``."""
    try:
        return _CLASSES[name]
    except KeyError:
        raise ConfigError(f"unknown pass {name!r}; textacy passes: {', '.join(sorted(_CLASSES))}") from None
