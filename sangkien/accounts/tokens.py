"""One-time links for invited people to set their first password."""

import datetime

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

INVITATION_VALID_FOR = datetime.timedelta(days=14)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token, salted apart and valid longer.

    Setting the password changes the hash inside the token, so a link works once; sending a
    new invitation moves `invited_at`, so the older links stop working. An invitation gets two
    weeks, not the three days of a reset link: people read union mail on their own time.
    """

    key_salt = "sangkien.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # To the microsecond (both databases keep them): a resend within the same second
        # must still retire the older link.
        invited = "" if user.invited_at is None else f"{user.invited_at.timestamp():.6f}"
        return f"{super()._make_hash_value(user, timestamp)}{invited}"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if self._num_seconds(self._now()) - ts > INVITATION_VALID_FOR.total_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()
