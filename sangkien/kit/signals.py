"""The footer's slogan cache follows every edit, including Wagtail's snippet views."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Slogan
from .selectors import SLOGANS_CACHE_KEY


@receiver(post_save, sender=Slogan)
@receiver(post_delete, sender=Slogan)
def _forget_slogans(**kwargs):
    cache.delete(SLOGANS_CACHE_KEY)
