from django.contrib.auth.backends import ModelBackend

from .consent import user_with_consent
from .models import User
from .phones import InvalidPhone, looks_like_phone, normalize_phone
from .sessions import preloaded


def find_user(identifier: str):
    """The user an e-mail address or a phone number (any common Vietnamese format) names."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    try:
        if looks_like_phone(identifier):
            return User.objects.get(phone=normalize_phone(identifier))
        return User.objects.get(email__iexact=identifier)
    except (User.DoesNotExist, InvalidPhone):
        return None


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username or kwargs.get("email")
        if not username or not password:
            return None
        user = find_user(username)
        if user is None:
            # Same work as a real check, so timing does not tell which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user, read with their consent to the current notice, roles and unread
        count: with the session itself when it named them (accounts/sessions.py), else in one
        query of its own."""
        user = preloaded(user_id) or user_with_consent(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
