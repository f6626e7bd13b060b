"""Pass 4, continuations: cue-less sentences in a paragraph that carry on a speaker's words."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..lexicon import FIRST_PERSON_WORDS
from .builder import Builder, strip_marks
from .records import Attribution
from .syntax import SUBJECT_DEPS, char_range, is_speech_verb, subject_of, trim, word_count


def _paragraph_sentences(doc: Doc, text: str) -> list[list[Span]]:
    paragraphs: list[list[Span]] = [[]]
    for sent in doc.sents:
        if not sent.text.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(sent)
        if "\n" in text[sent.end_char : sent.end_char + 2] or sent.text.endswith("\n"):
            paragraphs.append([])
    return [p for p in paragraphs if p]


def add_continuations(builder: Builder) -> None:
    """Cue-less sentences that carry on a speaker's words within the same paragraph."""
    doc = builder.doc
    for sentences in _paragraph_sentences(doc, builder.text):
        covered = [[a for a in builder.found if a.start < s.end_char and a.end > s.start_char]
                   for s in sentences]
        if len(sentences) > builder.limits.max_continuation_paragraph:
            continue
        for index, sent in enumerate(sentences):
            if covered[index] or word_count(doc, sent.start, sent.end) < 4 or _has_cue(sent) \
                    or not _sounds_reported(sent):
                continue
            source = _continued(sentences, covered, index)
            if source is None:
                continue
            start, end = trim(doc, sent.start, sent.end)
            char_start, char_end = char_range(doc, start, end)
            kind, char_start, char_end = builder.classify(char_start, char_end)
            char_start, char_end = strip_marks(builder.text, char_start, char_end, kind)
            builder.keep(Attribution(
                speaker=source.speaker, kind=kind, start=char_start, end=char_end, cue=source.cue,
                cue_start=source.cue_start, when=source.when, continuation=True,
                sentence_start=sent.start_char, sentence_end=sent.end_char,
            ))


def _sounds_reported(sent: Span) -> bool:
    """Present tense or a modal, third person, a statement: how reported speech carries on
    (`The two countries should also uphold ...`), unlike past-tense narration (`The two sides exchanged ...`)."""
    root = sent.root
    if sent.text.rstrip().endswith("?") or any(t.lower_ in FIRST_PERSON_WORDS for t in sent):
        return False
    verbs = [root, *(c for c in root.children if c.dep_ in ("aux", "auxpass"))]
    if any(v.tag_ == "VBD" for v in verbs):
        return False
    # Reported speech carries on with its topic as the subject, first (`China and South Korea share ...`);
    # an opener (`Still,`, `In recent years,`, `But`) or a person named in it marks the reporter's narration.
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.left_edge.i != sent.start or any(t.ent_type_ == "PERSON" for t in sent):
        return False
    return any(v.tag_ in ("VBZ", "VBP", "MD") for v in verbs)


def _has_cue(sent: Span) -> bool:
    return any(is_speech_verb(t) and subject_of(t) is not None for t in sent) or any(
        t.lower_ == "according" for t in sent
    )


def _continued(sentences: list[Span], covered: list[list[Attribution]], index: int) -> Attribution | None:
    """The statement a cue-less sentence continues: the next one in the paragraph when its cue comes last
    (`A. B. C, said Wang.`), or the paragraph's first when its cue comes first (`He noted that A. B.`)."""
    for later in covered[index + 1 :]:
        if later:
            first = later[0]
            # A quotation is self-delimiting: the unquoted sentences before it are the reporter's.
            return first if first.content_before_cue and not first.continuation and first.kind != "direct" else None
    for earlier in reversed(covered[:index]):
        if earlier:
            last = earlier[-1]
            opens_paragraph = covered[0] and covered[0][0] is last or last.continuation
            return last if not last.content_before_cue and opens_paragraph and last.kind != "direct" else None
    return None
