"""The records the passes pass on (a reporting cue's candidate statement, the kept `Attribution`) and the
`Limits` they work to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..model import Speaker
from ..quotes import Quote

QuoteLookup = Callable[[int], Quote | None]
"""The quotation a character offset is inside, if any."""


@dataclass(frozen=True)
class Limits:
    """The sizes the passes work to; the defaults are the extractor's."""

    min_content_words: int = 3
    """Fewer words than this (outside a quotation the cue introduces) are not a statement."""
    max_continuation_paragraph: int = 4
    """Paragraphs of more sentences than this are not searched for continuations."""
    max_words_between_quote_parts: int = 40
    """Quote parts further apart than this many words are two statements."""
    max_chars_between_quote_parts: int = 320
    """The same in characters, for a cue-less quotation carrying on the one before it."""


DEFAULT_LIMITS = Limits()


@dataclass
class Attribution:
    """One statement found in a Doc (offsets into doc.text)."""

    speaker: Speaker
    kind: str
    start: int
    end: int
    cue: str | None
    cue_start: int | None = None
    when: str | None = None
    cited_source: str | None = None
    content_before_cue: bool = False
    continuation: bool = False
    sentence_start: int = 0
    sentence_end: int = 0
    parts: list[tuple[int, int]] = field(default_factory=list)  # of a quotation split by its cue; else empty

    def spans(self) -> list[tuple[int, int]]:
        """Where the speaker's words are: each part of a split quotation, or the one span start-end."""
        return list(self.parts) or [(self.start, self.end)]

    def join(self, start: int, end: int) -> None:
        """Carry the statement on with the words at start-end (`"A," he said. "B."`: B), the cue left out."""
        self.parts = [*self.spans(), (start, end)]
        self.end = end

    def overlaps(self, other: Attribution) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass
class Candidate:
    """A reporting verb with the token that names its speaker and the token range of its content."""

    cue: Token
    subject: Token | None
    content: tuple[int, int]
    content_before_cue: bool
    cue_text: str
    inherit_from: Token | None = None
    around_cue: bool = False  # the content runs on both sides of the cue (`A, he said, B`)
    quoted: bool = False  # the content is the quotation the cue introduces (`he said: "..."`)
    cue_clause: tuple[int, int] | None = None  # the cue's own words inside the content (`A, he said, B`), left out
