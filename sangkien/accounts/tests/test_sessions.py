"""The database session store reads in plain SQL and behaves as Django's own."""

import datetime

from django.contrib.sessions.models import Session
from django.utils import timezone

from sangkien.accounts.sessions import SessionStore


def test_a_saved_session_reads_back(db):
    store = SessionStore()
    store["seen"] = "Sáng kiến"
    store.save()
    again = SessionStore(session_key=store.session_key)
    assert again["seen"] == "Sáng kiến"
    assert again.session_key == store.session_key


def test_an_expired_or_unknown_session_reads_as_empty_and_gets_a_new_key(db):
    store = SessionStore()
    store["seen"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    expired = SessionStore(session_key=store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = SessionStore(session_key="x" * 32)
    assert "seen" not in unknown
    assert unknown.session_key is None
