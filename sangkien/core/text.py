"""Text helpers for Vietnamese: folding tone marks for search, slugs."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case text with tone marks and đ/Đ removed: "Đà Bắc" -> "da bac".

    Unicode decomposition drops the combining marks but leaves đ alone (it is a letter of
    its own, not d + a mark), so it is replaced by hand; the same fold must be applied to
    what is stored and to what is searched for.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
