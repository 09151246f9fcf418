"""The database session store reads the session and its user in one plain query and behaves
as Django's own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sangkien.accounts import sessions
from sangkien.accounts.models import Session
from sangkien.accounts.sessions import SessionStore
from sangkien.factories import UserFactory

PAGE = reverse("accounts:password_change")


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


# ---- the session read with its user (one query) ---------------------------------------


@pytest.fixture
def member(db, sign_in):
    user = UserFactory(full_name="Nguyễn Thị Lan")
    sign_in(user)
    return user


def test_a_signed_in_request_reads_its_session_and_user_in_one_query(client, member):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response.wsgi_request.user == member
    sql = [q["sql"] for q in queries]
    assert 'LEFT JOIN "accounts_user" u ON u.id = s.user_id' in sql[0]
    assert not any('FROM "accounts_user" u WHERE u.id' in q for q in sql)  # not read again


def test_the_session_row_names_its_user_and_goes_with_them(client, member):
    row = Session.objects.get(session_key=client.session.session_key)
    assert row.user_id == member.pk
    member.delete()
    assert not Session.objects.filter(session_key=row.session_key).exists()


def test_signing_out_ends_the_session_row(client, member):
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(PAGE).status_code == 302  # to the sign-in page


def test_a_closed_account_or_a_new_password_ends_the_session_at_once(client, member, sign_in):
    assert client.get(PAGE).status_code == 200
    member.set_password("một mật khẩu mới dài")
    member.save()
    assert client.get(PAGE).status_code == 302  # the session's auth hash no longer matches

    sign_in(member)
    assert client.get(PAGE).status_code == 200
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    assert client.get(PAGE).status_code == 302


def test_the_user_read_with_a_session_is_handed_on_once_and_only_for_its_id(member, client):
    store = SessionStore(session_key=client.session.session_key)
    store.load()
    assert sessions.preloaded(member.pk + 1) is None  # another id: nothing, and gone
    store = SessionStore(session_key=client.session.session_key)
    store.load()
    user = sessions.preloaded(member.pk)
    assert user == member and user.consent_agreed and user.unread_notices == 0
    assert sessions.preloaded(member.pk) is None  # once
    SessionStore(session_key=client.session.session_key).load()
    SessionStore()  # a new request's store: nothing from an earlier one is handed on
    assert sessions.preloaded(member.pk) is None


def test_an_anonymous_session_reads_without_a_user(db):
    store = SessionStore()
    store["django_language"] = "en"
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id is None
    again = SessionStore(session_key=store.session_key)
    assert again["django_language"] == "en"
    assert sessions.preloaded("") is None


def test_clearsessions_removes_the_expired_rows(db):
    from django.core.management import call_command

    kept, gone = SessionStore(), SessionStore()
    for store in (kept, gone):
        store["seen"] = 1
        store.save()
    Session.objects.filter(session_key=gone.session_key).update(expire_date=timezone.now() - datetime.timedelta(days=1))
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [kept.session_key]


# ---- decoded data kept per process ----------------------------------------------------------

def test_decoding_the_same_text_again_gives_equal_data_in_a_copy_of_its_own(db):
    store = SessionStore()
    text = store.encode({"_auth_user_id": "7", "n": 1})
    first = SessionStore().decode(text)
    assert text in sessions._DECODED
    first["n"] = 2  # what a request does to its own session
    again = SessionStore().decode(text)
    assert again == {"_auth_user_id": "7", "n": 1}
    assert again is not first


def test_data_that_is_not_plain_values_and_bad_signatures_are_not_kept(db):
    store = SessionStore()
    nested = store.encode({"cart": [1, 2]})
    assert SessionStore().decode(nested) == {"cart": [1, 2]}
    assert nested not in sessions._DECODED
    forged = nested[:-3] + "abc"
    assert SessionStore().decode(forged) == {}
    assert forged not in sessions._DECODED


def test_at_most_so_many_texts_are_kept_the_oldest_going_first(db, monkeypatch):
    monkeypatch.setattr(sessions, "_DECODED_MAX", 3)
    monkeypatch.setattr(sessions, "_DECODED", type(sessions._DECODED)())
    texts = [SessionStore().encode({"n": n}) for n in range(5)]
    for text in texts:
        SessionStore().decode(text)
    assert list(sessions._DECODED) == texts[2:]
