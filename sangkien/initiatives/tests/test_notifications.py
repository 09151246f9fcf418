"""Notifications in the app, the daily digest and reminders for entries waiting too long."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sangkien.factories import UserFactory
from sangkien.initiatives.models import Initiative, Notification
from sangkien.initiatives.notifications import send_reminders
from sangkien.initiatives.workflow import initiative_move

from .listing import entries, signed_in

PAGE = reverse("initiatives:notifications")


def note(user, message="Sáng kiến “<script>alert(1)</script>” đã được xác nhận.", **fields):
    return Notification.objects.create(user=user, kind="confirm", message=message, **fields)


# ---- the in-app page ---------------------------------------------------------------------

def test_the_page_lists_my_notifications_newest_first_and_escapes_them(client, cast):
    old = note(cast.author, "Cũ", created_at=timezone.now() - datetime.timedelta(days=2))
    new = note(cast.author)
    note(cast.officer, "Của người khác")
    response = signed_in(client, cast.author).get(PAGE)
    assert [n.pk for n in response.context["page"].items] == [new.pk, old.pk]
    body = response.content.decode()
    assert "Của người khác" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)</script>" not in body


def test_the_menu_shows_the_unread_count_in_one_query(client, cast):
    note(cast.author)
    note(cast.author)
    note(cast.author, read_at=timezone.now())
    signed_in(client, cast.author)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(PAGE).content.decode()
    assert 'aria-hidden="true">2</span>' in body and "(2 thông báo chưa đọc)" in body
    counting = [q for q in ctx.captured_queries
                if "initiatives_notification" in q["sql"] and q["sql"].replace('"', "").count("read_at IS NULL")]
    assert len(counting) == 1


def test_marking_one_read_and_then_all(client, cast):
    first, second = note(cast.author), note(cast.author)
    signed_in(client, cast.author)
    response = client.post(reverse("initiatives:notification_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at and second.read_at is None
    client.post(reverse("initiatives:notifications_read_all"))
    second.refresh_from_db()
    assert second.read_at


def test_marking_read_over_htmx_returns_the_item(client, cast):
    item = note(cast.author)
    response = signed_in(client, cast.author).post(reverse("initiatives:notification_read", args=[item.pk]),
                                                   HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and f'id="note-{item.pk}"' in body and "<html" not in body


def test_someone_elses_notification_cannot_be_marked(client, cast):
    theirs = note(cast.officer)
    response = signed_in(client, cast.author).post(reverse("initiatives:notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    signed_in(client, cast.author).post(reverse("initiatives:notifications_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_needs_a_post(client, cast):
    item = note(cast.author)
    assert signed_in(client, cast.author).get(reverse("initiatives:notification_read", args=[item.pk])) \
        .status_code == 405


def test_the_page_queries_do_not_grow_with_the_notifications(client, cast):
    entry = entries(cast, 1)[0]
    for _n in range(3):
        note(cast.author, initiative=entry)
    signed_in(client, cast.author)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for _n in range(30):
        note(cast.author, initiative=entry)
    with CaptureQueriesContext(connection) as many:
        client.get(PAGE)
    assert len(few) == len(many)


# ---- the daily digest ------------------------------------------------------------------

def test_send_digests_mails_each_officer_once_with_every_pending_notice(cast):
    entries(cast, 2, "submitted")  # without a worker queue, each move writes its notices itself
    mail.outbox.clear()
    call_command("send_digests")
    to_officer = [m for m in mail.outbox if m.to == [cast.officer.email]]
    assert len(to_officer) == 1
    assert to_officer[0].body.count("đang chờ CĐCS xác nhận") == 2
    assert reverse("initiatives:waiting") in to_officer[0].body
    mail.outbox.clear()
    call_command("send_digests")
    assert mail.outbox == []  # nothing new


def test_the_digest_task_does_the_same(cast):
    from sangkien.initiatives.tasks import send_digests_task

    entries(cast, 1, "submitted")
    mail.outbox.clear()
    result = send_digests_task.enqueue()
    assert result.return_value >= 1
    assert any(m.to == [cast.officer.email] for m in mail.outbox)


# ---- reminders -------------------------------------------------------------------------

def _age(initiative, days):
    when = timezone.now() - datetime.timedelta(days=days)
    Initiative.objects.filter(pk=initiative.pk).update(status_changed_at=when)
    initiative.transitions.update(created_at=when)


def test_a_reminder_goes_to_the_officers_who_must_act_once_a_day(cast, settings):
    settings.REMINDER_AFTER_DAYS = 7
    late, recent = entries(cast, 2, "submitted")
    _age(late, 8)
    _age(recent, 3)
    mail.outbox.clear()
    call_command("send_reminders")
    assert [m.to for m in mail.outbox] == [[cast.officer.email]]
    assert "8 ngày" in mail.outbox[0].body and "Sáng kiến 0" in mail.outbox[0].body
    assert "Sáng kiến 1" not in mail.outbox[0].body
    reminders = Notification.objects.filter(kind="reminder")
    assert list(reminders.values_list("user", "initiative")) == [(cast.officer.pk, late.pk)]
    # the same day: no second reminder
    mail.outbox.clear()
    call_command("send_reminders")
    assert mail.outbox == [] and reminders.count() == 1
    # the next day it is still waiting: reminded again
    assert send_reminders(days=7, now=timezone.now() + datetime.timedelta(days=1)) == (1, 1)
    assert reminders.count() == 2


def test_days_on_the_command_line_override_the_setting(cast, settings):
    settings.REMINDER_AFTER_DAYS = 30
    late = entries(cast, 1, "submitted")[0]
    _age(late, 3)
    mail.outbox.clear()
    call_command("send_reminders")
    assert mail.outbox == []
    call_command("send_reminders", "--days", "2")
    assert [m.to for m in mail.outbox] == [[cast.officer.email]]


def test_a_move_starts_a_new_level_and_reminds_the_next_officers(cast):
    entry = entries(cast, 1, "submitted")[0]
    _age(entry, 10)
    assert send_reminders(days=7) == (1, 1)
    entry.refresh_from_db()
    initiative_move(acting_user=cast.officer, initiative=entry, action="confirm")
    _age(entry, 10)
    mail.outbox.clear()
    assert send_reminders(days=7) == (1, 1)  # same day, but a new level
    assert [m.to for m in mail.outbox] == [[cast.upper_cdgd.email]]
    entry.refresh_from_db()
    initiative_move(acting_user=cast.upper_cdgd, initiative=entry, action="approve")
    _age(entry, 10)
    mail.outbox.clear()
    send_reminders(days=7)
    assert [m.to for m in mail.outbox] == [[cast.upper_cdgd.email]]  # approved at CĐGD: its officers nominate


def test_entries_that_need_nobody_are_not_reminded(cast):
    drafts = entries(cast, 1, "draft")
    done = entries(cast, 1, "honoured")
    for entry in drafts + done:
        _age(entry, 30)
    top = entries(cast, 1, "confirmed")[0]
    initiative_move(acting_user=cast.upper_national, initiative=top, action="approve")
    _age(top, 30)  # approved at the top: nothing left to do there
    mail.outbox.clear()
    assert send_reminders(days=7) == (0, 0)


def test_inactive_officers_get_the_notice_but_no_mail(cast):
    cast.officer.is_active = False
    cast.officer.save()
    entry = entries(cast, 1, "submitted")[0]
    _age(entry, 8)
    mail.outbox.clear()
    assert send_reminders(days=7) == (1, 0)
    assert Notification.objects.filter(kind="reminder", user=cast.officer).exists()


def test_the_reminder_task_uses_the_setting(cast, settings):
    from sangkien.initiatives.tasks import send_reminders_task

    settings.REMINDER_AFTER_DAYS = 5
    _age(entries(cast, 1, "submitted")[0], 6)
    result = send_reminders_task.enqueue()
    assert result.return_value == {"reminded": 1, "sent": 1}


@pytest.mark.parametrize("days", ["-1"])
def test_negative_days_are_refused(db, days):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--days", days)


def test_a_user_without_email_is_skipped_quietly(cast):
    user = UserFactory(email=None, phone="+84901234567")
    note(user)
    mail.outbox.clear()
    call_command("send_digests")
    assert all(m.to != [None] for m in mail.outbox)


def test_authors_are_mailed_only_when_active_and_with_an_address(cast):
    from sangkien.initiatives.notifications import mail_authors

    entry = entries(cast, 1, "submitted")[0]
    gone = UserFactory(is_active=False)
    phone_only = UserFactory(email=None, phone="+84901234568")
    mail.outbox.clear()
    mail_authors(entry.pk, "Bổ sung số liệu", "Sáng kiến “A” đã được xác nhận.",
                 sorted([cast.author.pk, gone.pk, phone_only.pk]))
    assert [m.to for m in mail.outbox] == [[cast.author.email]]
    assert "Ý kiến: Bổ sung số liệu" in mail.outbox[0].body
    assert f"/sang-kien/{entry.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    mail_authors(entry.pk, "", "Sáng kiến “A” đã được xác nhận.", [])
    assert mail.outbox == []
