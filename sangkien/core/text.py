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


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# then tones as a tie-break in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = {"\u0306": 1, "\u031b": 2}  # breve (ă), horn (ơ ư); circumflex depends on the letter
_CIRCUMFLEX = "\u0302"
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _collation_parts(text: str) -> tuple[str, str]:
    """The letters of `text` as a key in the Vietnamese alphabet's order (each letter becomes
    itself plus a digit for its variant, so "ăn" sorts after every "a…" word), and its tones."""
    letters, tones = [], []
    for ch in text.lower():
        if ch == "đ":
            letters.append("d1")
            tones.append("0")
            continue
        base, *marks = unicodedata.normalize("NFD", ch)
        if not base.isalnum():
            letters.append(" " if base.isspace() else base)
            continue
        variant, tone = 0, "0"
        for mark in marks:
            if mark == _CIRCUMFLEX:
                variant = 2 if base == "a" else 1  # a < ă < â, but e < ê and o < ô < ơ
            elif mark in _LETTER_MARKS:
                variant = _LETTER_MARKS[mark] if base in "ao" else 1
            elif mark in _TONES:
                tone = _TONES[mark]
        letters.append(f"{base}{variant}")
        tones.append(tone)
    return "".join(letters), "".join(tones)


def name_sort_key(full_name: str | None) -> str:
    """A key that sorts Vietnamese personal names as Vietnamese readers expect: by given name
    (the last word), then by the family and middle names, in the Vietnamese alphabet's order
    (a, ă, â, …, d, đ, …), tones breaking ties. "Nguyễn Văn An" < "Trần Thị Ánh" < "Lê Văn Bình"."""
    words = _SPACES.sub(" ", full_name or "").strip().split(" ")
    if not words or not words[0]:
        return ""
    given, rest = _collation_parts(words[-1]), _collation_parts(" ".join(words[:-1]))
    return f"{given[0]} {rest[0]}|{given[1]} {rest[1]}"
