"""Sessions kept in the database beside their user (accounts.models.Session), on every set-up.

A signed-in request reads its session and its user (with consent, roles and unread count:
accounts.consent) in one query. The user read with the session is handed to the
authentication backend (`EmailOrPhoneBackend.get_user`) through `preloaded`, once, for the
same id the session names; Django's own checks (the session's auth hash, an inactive account)
apply to it as to a user read on its own. Writing, expiry and `clearsessions` stay Django's.

Servers used to keep sessions in Redis: a round trip of its own on every request, which this
saves; the cache stays in Redis.
"""

from collections import OrderedDict
from contextlib import suppress
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db

from .consent import session_with_user

# (the id as the session holds it, the user) read with the last session loaded in this thread
_LOADED: ContextVar = ContextVar("sangkien_session_user", default=None)


def preloaded(user_id):
    """The user read with this request's session when the session names `user_id`; once."""
    loaded = _LOADED.get()
    _LOADED.set(None)
    if loaded is not None and loaded[0] == str(user_id):
        return loaded[1]
    return None


# Decoded session data by its signed text, in each process: checking the signature and
# parsing the JSON is the same work on every request of a session (~0.05 ms, 7% of a kept
# dashboard). The same text always decodes to the same data under one SECRET_KEY, and a
# session whose data changes is saved as a new text. Only data of plain values is kept, each
# request gets its own copy, and the oldest text goes first once 4,096 are kept.
_DECODED: OrderedDict = OrderedDict()
_DECODED_MAX = 4096
_PLAIN = (str, int, float, bool, type(None))


class SessionStore(db.SessionStore):
    def decode(self, session_data):
        found = _DECODED.get(session_data)
        if found is not None:
            return dict(found)
        data = super().decode(session_data)
        if data and all(isinstance(v, _PLAIN) for v in data.values()):
            _DECODED[session_data] = dict(data)
            if len(_DECODED) > _DECODED_MAX:
                with suppress(KeyError):  # another thread evicted it first
                    _DECODED.popitem(last=False)  # the oldest
        return data

    def __init__(self, session_key=None):
        super().__init__(session_key)
        _LOADED.set(None)  # a new request: nothing read with an earlier session is handed on

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = int(user_id) if str(user_id or "").isdigit() else None
        return session

    def load(self):
        # Django's own builds a Session instance only to read its text back.
        data = self._session_data_from_db()
        return self.decode(data) if data is not None else {}

    def _session_data_from_db(self):
        """The session's signed text, its user handed to `preloaded`; None (and no key) when
        no unexpired session has this key."""
        found = session_with_user(self.model._meta.db_table, self.session_key) if self.session_key else None
        if found is None:
            self._session_key = None
            return None
        data, user = found
        if user is not None:
            _LOADED.set((str(user.pk), user))
        return data
