"""Reads of the media kit."""

import datetime

from django.core.cache import cache
from django.utils import timezone

from .models import MediaFile, MediaItem, Slogan

SLOGANS_CACHE_KEY = "kit:slogans:v1"
SLOGANS_CACHE_SECONDS = 300  # and dropped at once when a slogan changes (signals.py)


def active_slogans():
    """The slogans in use, as plain texts: read on every page (the footer), so cached."""
    texts = cache.get(SLOGANS_CACHE_KEY)
    if texts is None:
        texts = list(Slogan.objects.filter(active=True).values_list("text", flat=True))
        cache.set(SLOGANS_CACHE_KEY, texts, SLOGANS_CACHE_SECONDS)
    return texts


def slogan_of_the_day(day: datetime.date | None = None):
    """One slogan a day, in turn: the same one all day for everyone, the next one tomorrow."""
    texts = active_slogans()
    if not texts:
        return ""
    day = day or timezone.localdate()
    return texts[day.toordinal() % len(texts)]


def kit_items():
    """Every item with its files, in two queries."""
    return MediaItem.objects.prefetch_related("files").filter(files__isnull=False).distinct()


def kit_file(pk):
    return MediaFile.objects.select_related("item").filter(pk=pk).first()
