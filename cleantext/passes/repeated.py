"""Lines that a source repeats across many of its documents: its template.

A site's menu, footer, share buttons and sign-up boxes come out of every page
an extractor reads. One page alone does not show them as boilerplate; a
corpus of the site's pages does. ``strip-repeated-lines`` removes the lines of
a document that occur in a large share of the documents of its source, as
counted beforehand in a :class:`~cleantext.profile.Profile` (a first read of
the corpus). Without a profile it changes nothing.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cleantext.core import Reason
from cleantext.errors import ConfigError
from cleantext.registry import LinePass, option, register

if TYPE_CHECKING:
    from cleantext.lineprofile import Profile, SourceProfile

__all__ = ["StripRepeatedLines"]


@register("strip-repeated-lines")
@dataclass(frozen=True, kw_only=True, repr=False)
class StripRepeatedLines(LinePass):
    """Remove lines that recur across many documents of the same source: a site's template.

    A line goes when, in the profile of the document's source, it occurs in
    at least ``min_documents`` documents and in at least ``share`` of them;
    sources with fewer than ``min_source_documents`` documents are left
    alone. A line that occurs in one document only is never removed. Each
    removal says how often the line was seen ("line seen in 9 of 10
    documents from example.com (90%)"). Two cases stay, as uncertain: a
    line this document has twice while the source's other documents have it
    once (a page's own headline, also listed in the site's "recent posts"
    box), and a document that is all template (every line would go): such
    pages are copies of one another or empty shells, and removing them is
    not this pass's call.

    The profile is learned first, so the decisions do not depend on the
    order of the documents: :func:`cleantext.profile.learn_profile` (or
    ``learn_profile_jsonl``) and :meth:`with_profile`, or a saved profile
    file in ``profile`` with the document's source in ``source``.

    >>> from cleantext.profile import learn_profile
    >>> pages = [f"Home | Sport | Weather\\nStory number {i}.\\nShare this page\\n" for i in range(10)]
    >>> strip = StripRepeatedLines.with_profile(learn_profile(("site", p) for p in pages), source="site")
    >>> strip(pages[3])
    'Story number 3.\\n'
    >>> strip.removals(pages[3])[0][2]
    'line seen in 10 of 10 documents from site (100%)'
    >>> StripRepeatedLines()(pages[3]) == pages[3]  # no profile: nothing to go on
    True
    """

    profile: str = option(
        "", "the pass needs a profile learned from a corpus: without one it changes nothing", path=True
    )
    source: str = option("", "the profile learned over all input, when documents are not grouped by source")
    share: float = option(
        0.7, "a site's sidebars list its recent headlines in half its pages; its template is in nearly all (see docs)"
    )
    min_documents: int = option(3, "a line in two documents may be one story told twice; three is a pattern")
    min_source_documents: int = option(5, "with fewer pages a site's template cannot be told from its topic")

    # A Profile; typed Any so that the module (loaded with every built-in
    # pass) does not import cleantext.profile until a profile is used.
    _profile: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 < self.share <= 1:
            raise self.option_error("share", f"expected a number in (0, 1], got {self.share!r}")
        if self.min_documents < 2:
            raise self.option_error(
                "min_documents", f"at least 2 (a line in one document is never removed), got {self.min_documents!r}"
            )
        if self.min_source_documents < 1:
            raise self.option_error("min_source_documents", f"at least 1, got {self.min_source_documents!r}")
        if self.profile:
            from cleantext.lineprofile import Profile

            try:
                loaded = Profile.load(self.profile)
            except ConfigError as exc:
                raise self.option_error("profile", str(exc)) from None
            object.__setattr__(self, "_profile", loaded)

    @classmethod
    def with_profile(cls, profile: Profile, **options: Any) -> StripRepeatedLines:
        """The pass with an in-memory ``profile`` (and other options)."""
        if "profile" in options:
            raise ConfigError(f"pass {cls.name!r}: give either a profile object or a 'profile' file, not both")
        return cls(**options).bound_to(profile)

    def bound_to(self, profile: Profile) -> StripRepeatedLines:
        """The same pass (the same options) reading ``profile``, held in memory."""
        bound = copy.copy(self)
        object.__setattr__(bound, "_profile", profile)
        return bound

    def for_source(self, source: str) -> StripRepeatedLines:
        """The same pass, with the same profile, for documents of ``source``."""
        if source == self.source:
            return self
        bound = copy.copy(self)
        object.__setattr__(bound, "source", source)
        return bound

    @property
    def loaded_profile(self) -> Profile | None:
        """The profile this pass reads, if any."""
        profile: Profile | None = self._profile
        return profile

    def _table(self) -> SourceProfile | None:
        if self._profile is None:
            return None
        table: SourceProfile | None = self._profile.sources.get(self.source)
        if table is None or table.documents < self.min_source_documents or not table.lines:
            return None
        return table

    def threshold(self, documents: int) -> int:
        """The number of documents a line must occur in to be removed, for a
        source of ``documents`` documents.

        >>> StripRepeatedLines().threshold(10), StripRepeatedLines().threshold(1000)
        (7, 700)
        """
        return max(self.min_documents, math.ceil(self.share * documents - 1e-9))

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        table = self._table()
        if table is None:
            return {}
        n = table.documents
        need = self.threshold(n)
        from cleantext.lineprofile import ALL, line_hash

        where = "the corpus" if self.source == ALL else self.source
        hashes = [line_hash(line) for line in lines]
        times: dict[int, int] = {}
        for h in hashes:
            if h is not None:
                times[h] = times.get(h, 0) + 1
        verdicts: dict[int, str] = {}
        for i, h in enumerate(hashes):
            if h is None:
                continue
            seen = table.lines.get(h, 0)
            if seen < need:
                continue
            if times[h] > 1 and 2 * table.repeats.get(h, 0) < seen:
                continue  # twice here, once elsewhere: this document's own line (its headline in a list)
            verdicts[i] = Reason(
                f"line seen in {seen} of {n} documents from {where} ({round(100 * seen / n)}%)", "repeated-line"
            )
        if len(verdicts) == sum(times.values()):
            return {}  # all template: a copy or an empty shell, left alone (see the docstring)
        return verdicts
