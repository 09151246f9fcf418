"""Search that ignores tone marks and đ/Đ: "sang kien" finds "Sáng kiến", "dien" finds "điện".

One selector for both databases: SQLite answers from an FTS5 index, PostgreSQL from trigram
indexes on a table of their own, both over text folded by `sangkien.core.text.fold` (see
migrations 0004, 0008 and 0009).
Results are always narrowed to what the user may see by the caller's queryset.
"""

import re

from django.db import connection
from django.db.models import F, Func, IntegerField, Q
from django.db.models.expressions import RawSQL

from sangkien.core.text import fold
from sangkien.orgs.models import Unit

from .selectors import _within

# The length of a province's path: two levels of Unit.steplen (migration 0008 indexes by it).
PROVINCE_PATH_LENGTH = 8

_WORD = re.compile(r"[a-z0-9]+")
# Words too common in titles to say anything about similarity.
_STOPWORDS = frozenset(
    "va cua cho cac mot nhung trong voi tai de tu la ve o khi nham bang cua giai phap sang kien "
    "nang cao hieu qua cong tac".split()
)


def words(text):
    return _WORD.findall(fold(text))


def matching(queryset, text, *, unit_code=None):
    """`queryset` narrowed to entries whose title, authors or content contain every word.

    Each word matches as a prefix on SQLite ("toan" finds "toan hoc") and as a substring on
    PostgreSQL; both ignore tone marks and đ/Đ. With `unit_code`, also narrowed to that
    unit's subtree, and the index itself answers within it (migration 0008) instead of
    listing every match in the country for the subtree to pick from.
    """
    within = None
    if unit_code:
        within = Unit.objects.filter(code=unit_code).values_list("path", flat=True).first()
        if within is None:
            return queryset.none()
        queryset = queryset.filter(_within([within]))
    tokens = words(text)
    if not tokens:
        return queryset
    if connection.vendor == "sqlite":
        return _fts_matching(queryset, tokens, within)
    return queryset.filter(pk__in=_trigram_matches(tokens, province_trigram_keys(within, tokens)))


def _trigram_matches(tokens, keys):
    """PostgreSQL: the ids of entries whose folded text contains every token, from the search
    table and its trigram indexes (migration 0009).

    With `keys` (a search within one province) the candidates come from the province's
    trigrams (initiative_province_trgm) and each word is then checked with strpos, the same
    test as LIKE '%word%' for these letters and digits, which the national trigram index
    cannot take over (reading the country's matches for "zalo phu huynh" cost 23 ms, the
    province's 2 ms). Otherwise LIKE '%word%' for each word, answered by the national
    trigram index. Tokens are letters and digits only: nothing in them is a LIKE wildcard.
    """
    if keys is None:
        where = " AND ".join(["search_text LIKE %s"] * len(tokens))
        sql = f"SELECT id FROM initiative_search WHERE {where}"  # noqa: S608 (placeholders only)
        return RawSQL(sql, [f"%{token}%" for token in tokens])  # noqa: S611
    where = " AND ".join(["strpos(search_text, %s) > 0"] * len(tokens))
    sql = ("SELECT id FROM initiative_search "  # noqa: S608 (placeholders only)
           f"WHERE initiative_province_trigrams(unit_path, search_text) @> %s::text[] AND {where}")
    return RawSQL(sql, [keys, *tokens])  # noqa: S611


def _fts_matching(queryset, tokens, within):
    words_match = " AND ".join(f'"{t}"*' for t in tokens)
    if within and len(within) >= PROVINCE_PATH_LENGTH:
        # The path column holds each entry's unit path as one token: a prefix of it is a
        # subtree. Not for the national root, whose prefix would list every entry.
        match = f'{{unit_path}}: "{within.lower()}"* AND {{search_text}}: ({words_match})'
        return queryset.filter(id__in=RawSQL("SELECT rowid FROM initiative_fts WHERE initiative_fts MATCH %s", [match]))
    match = f"{{search_text}}: ({words_match})"
    # "+id": SQLite would otherwise drive the query from the matches, reading every one
    # in the country to keep a province's (330 ms at 1M entries); this way it walks the
    # scope's index and checks each id against the matches (70 ms).
    return queryset.alias(_fts_id=_Unindexed(F("id"), output_field=IntegerField())).filter(
        _fts_id__in=RawSQL("SELECT rowid FROM initiative_fts WHERE initiative_fts MATCH %s", [match])
    )


def province_trigram_keys(path, tokens):
    """The keys of PostgreSQL's initiative_province_trgm index that every entry under `path`
    containing all `tokens` has: the province's path before each trigram of each word.
    None when the index cannot narrow: `path` above a province, or words under three letters."""
    if not path or len(path) < PROVINCE_PATH_LENGTH:
        return None
    province = path[:PROVINCE_PATH_LENGTH]
    keys = sorted({province + token[i: i + 3] for token in tokens for i in range(len(token) - 2)})
    return keys or None


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
    if connection.vendor == "postgresql":
        # From the search table's title trigram index (migration 0009).
        where = " OR ".join(["title_folded LIKE %s"] * len(tokens))
        sql = f"SELECT id FROM initiative_search WHERE {where}"  # noqa: S608 (placeholders only)
        candidates = queryset.filter(pk__in=RawSQL(sql, [f"%{token}%" for token in tokens]))  # noqa: S611
    else:
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
