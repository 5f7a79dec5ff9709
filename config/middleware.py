"""Bahasa Indonesia unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, which on most office
laptops says English; our users read Indonesian first. So the language is the user's
explicit choice (the language cookie set by the switch in the top bar), else LANGUAGE_CODE.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
