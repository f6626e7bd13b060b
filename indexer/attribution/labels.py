"""Pass 3a, labels: statements whose speaker is named by a label rather than a reporting verb, a transcript's
turns (`PENCE: Well, look, ...`) and a quotation signed with a dash (`“...” ― Sonya Herridge`)."""

from __future__ import annotations

import re
from collections import Counter

from ..lexicon import HEADING_LABELS
from ..quotes import Quote
from .builder import Builder, strip_marks
from .records import Attribution

_TURN = re.compile(r"^[ \t\xa0]*(?:[\"“]|'')?[ \t\xa0]*(?P<label>[A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*){0,3}):[ \t\xa0]+"
                   r"(?=\S)", re.MULTILINE)
_SIGNATURE = re.compile(r"[ \t\xa0]*[”\"»]?[ \t\xa0]*[.,]?[ \t\xa0]*\n?[ \t\xa0]*(?:[―—–]|--| - )[ \t\xa0]*"
                        r"(?P<name>[A-Z][\w.'’\-]*(?: (?:[A-Z][\w.'’\-]*|de|del|da|di|van|von|der|la|le|bin|al))"
                        r"{0,4})[ \t\xa0]*(?:,[ \t\xa0]*(?P<role>[^\n,]{1,80}))?[ \t\xa0.]*(?:\n|$)")
_MIN_SIGNED_WORDS = 4
_MISTURNED = re.compile(r"^[ \t\xa0]*”(?P<words>[^\n”“\"]+?)[”\"](?=[ \t\xa0]*[.,]?[ \t\xa0]*(?:[―—–]|--| - ))",
                        re.MULTILINE)


def attribute_labelled_turns(builder: Builder) -> None:
    """`PENCE: Well, look, ...`: a paragraph opened by a speaker's name in capitals and a colon is that
    speaker's words, when the label is a person of the article or opens more than one paragraph (a
    transcript), and is no heading (`UPDATE:`)."""
    text = builder.text
    turns = [m for m in _TURN.finditer(text) if _speaker_label(m.group("label"))]
    counts = Counter(m.group("label") for m in turns)
    for match in turns:
        label = match.group("label")
        if counts[label] < 2 and not builder.resolver.names_a_person(label, match.start("label")):
            continue
        line_end = text.find("\n", match.end())
        start, end = strip_marks(text, match.end(), len(text) if line_end < 0 else line_end, "mixed")
        if len(text[start:end].split()) < 2:
            continue
        speaker = builder.resolver.resolve_label(label, match.start("label"))
        if speaker is None:
            continue
        # (kept beside the statements its speaker reports inside it: `PENCE: Hillary Clinton thinks ...`)
        builder.found.append(Attribution(speaker=speaker, kind="direct", start=start, end=end, cue=":",
                                         cue_start=match.end("label"), sentence_start=match.start("label"),
                                         sentence_end=end))


def attribute_signed_quotes(builder: Builder) -> None:
    """`“Trump must stop ...” ― Carla Sanchez.`: a quotation that opens its line and is signed with a dash
    and a name (and maybe a role after a comma) at the line's end is that person's words."""
    text = builder.text
    for quote in [*builder.quotes, *_misturned_quotes(text, builder.quotes)]:
        if len(quote.words(text)) < _MIN_SIGNED_WORDS or not _opens_line(text, quote.start):
            continue
        match = _SIGNATURE.match(text, quote.end)
        if match is None:
            continue
        speaker = builder.resolver.resolve_label(match.group("name").rstrip("."), match.start("name"),
                                                 role=match.group("role"))
        if speaker is None:
            continue
        start, end = strip_marks(text, quote.start, quote.end, "direct")
        builder.keep(Attribution(speaker=speaker, kind="direct", start=start, end=end, cue=text[
            match.start("name") - 1 : match.start("name")].strip() or "―", cue_start=match.start("name"),
            sentence_start=start, sentence_end=match.end()))


def _misturned_quotes(text: str, quotes: list[Quote]) -> list[Quote]:
    """Quotations that open a line with a closing mark (`”Fear. I am truly afraid ...” ― Edwin G. Monroy`),
    which the pairing of marks does not see, when they end on their line before a signature's dash."""
    found = []
    for match in _MISTURNED.finditer(text):
        start, end = match.start("words"), match.end("words")
        if not any(q.start <= start < q.end or start <= q.start < end for q in quotes):
            found.append(Quote(start, end, opens_paragraph=True))
    return found


def _speaker_label(label: str) -> bool:
    words = [w.strip(".'’-").lower() for w in label.split()]
    return any(len(w) >= 2 for w in words) and not any(w in HEADING_LABELS for w in words)


def _opens_line(text: str, start: int) -> bool:
    """Nothing but an opening mark, or a finished sentence, before `start` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    lead = text[line_start:start].rstrip().rstrip("“”\"'‘`„«").rstrip()
    return not lead or lead[-1] in ".!?"

