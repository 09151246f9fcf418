"""Search that ignores tone marks and đ/Đ: "sang kien" finds "Sáng kiến", "dien" finds "điện".

One selector for both databases: SQLite answers from an FTS5 index, PostgreSQL from trigram
indexes, both over text folded by `sangkien.core.text.fold` (see migration 0004).
Results are always narrowed to what the user may see by the caller's queryset.
"""

import re

from django.db import connection
from django.db.models import F, Func, IntegerField, Q
from django.db.models.expressions import RawSQL

from sangkien.core.text import fold

_WORD = re.compile(r"[a-z0-9]+")
# Words too common in titles to say anything about similarity.
_STOPWORDS = frozenset(
    "va cua cho cac mot nhung trong voi tai de tu la ve o khi nham bang cua giai phap sang kien "
    "nang cao hieu qua cong tac".split()
)


def words(text):
    return _WORD.findall(fold(text))


def matching(queryset, text):
    """`queryset` narrowed to entries whose title, authors or content contain every word.

    Each word matches as a prefix on SQLite ("toan" finds "toan hoc") and as a substring on
    PostgreSQL; both ignore tone marks and đ/Đ.
    """
    tokens = words(text)
    if not tokens:
        return queryset
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{t}"*' for t in tokens)
        # "+id": SQLite would otherwise drive the query from the matches, reading every one
        # in the country to keep a province's (330 ms at 1M entries); this way it walks the
        # scope's index and checks each id against the matches (70 ms).
        return queryset.alias(_fts_id=_Unindexed(F("id"), output_field=IntegerField())).filter(
            _fts_id__in=RawSQL("SELECT rowid FROM initiative_fts WHERE initiative_fts MATCH %s", [match])
        )
    q = Q()
    for token in tokens:
        q &= Q(search_text__contains=token)
    return queryset.filter(q)


class _Unindexed(Func):
    """`+column` on SQLite: the same value, which the planner will not use to pick an index."""

    template = "+%(expressions)s"


def similar_titles(queryset, title, *, exclude_pk=None, limit=5):
    """Entries whose titles share most of the significant words of `title`, best first.

    Used while an author types a title, and by the import to report likely duplicates.
    """
    tokens = [t for t in words(title) if len(t) > 1 and t not in _STOPWORDS]
    if len(tokens) < 2:
        return []
    q = Q()
    for token in tokens:
        q |= Q(title_folded__contains=token)
    candidates = queryset.filter(q)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    wanted = set(tokens)
    scored = []
    for item in candidates.only("id", "title", "title_folded", "unit_id", "status", "confidential")[:200]:
        theirs = {t for t in _WORD.findall(item.title_folded) if t not in _STOPWORDS}
        overlap = len(wanted & theirs) / max(len(wanted | theirs), 1)
        if overlap >= 0.5:
            scored.append((overlap, item))
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [item for _score, item in scored[:limit]]


def is_duplicate_title(queryset, title):
    """An entry with the same title, tone marks and case aside."""
    return queryset.filter(title_folded=fold(title)[:500]).exists()
