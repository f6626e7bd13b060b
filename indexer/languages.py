"""The language of an article: as its page declares it, else as py3langid reads its text.

The extractor reads English; an article in another language is skipped with the reason `language xx` rather
than extracted into nonsense.
"""

from __future__ import annotations

import re
from functools import lru_cache

ENGLISH = "en"
MIN_WORDS = 30  # fewer words tell too little: such a text is taken as English
MIN_CONFIDENCE = 0.95  # the detector's probability needed to call a text not English

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)
_META_LANG = re.compile(
    r"<meta\b[^>]*?(?:property|name|http-equiv)\s*=\s*[\"'](?:og:locale|content-language|language|dc\.language)"
    r"[\"'][^>]*?\bcontent\s*=\s*[\"']([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)


def declared_language(markup: str) -> str | None:
    """The language a page declares (`<html lang>`, `og:locale`, `Content-Language`), lower case, or None."""
    head = markup[:50_000]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    return match.group(1).lower() if match else None


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detected_language(text: str) -> str | None:
    """The language of a text when the detector is sure of it, else None (too short, or unsure)."""
    sample = text[:4000]
    if len(sample.split()) < MIN_WORDS:
        return None
    language, probability = _identifier().classify(sample)
    return language if probability >= MIN_CONFIDENCE else None


def foreign_language(text: str, declared: str | None = None) -> str | None:
    """The language of an article that is not in English, or None for English (or when it cannot be told).

    A page that declares English may still be another language's text (a template left at `en`): the text is
    read as well, and only a sure reading overrides the declaration."""
    detected = detected_language(text)
    if detected is not None:
        return None if detected == ENGLISH else detected
    if declared and declared != ENGLISH:
        return declared
    return None
