"""Vietnamese unless the visitor chose otherwise."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without the browser's Accept-Language.

    Many members' phones run in English while they read Vietnamese, and an English page that
    is only partly translated serves nobody; the site speaks Vietnamese until the visitor picks
    English with the language switch (which sets the language cookie).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
