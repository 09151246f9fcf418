"""Who hears about a move.

Authors (and whoever entered the entry) hear about every move of theirs at once, in the app
and by e-mail. Officers who must act next get an in-app notice at once and one e-mail a day
(`send_digests`), not one per entry. With the database queue a worker writes a move's notices
from its audit row (`notify_move`); without one, the move writes them itself, in its own
transaction, from what it already holds (workflow._after_move), and its authors are mailed
once it has committed.
"""

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangkien.core.db import cursor_for, insert, select
from sangkien.orgs.models import Membership, Unit
from sangkien.orgs.roles import Role
from sangkien.progress.counters import ancestor_paths

from .models import Author, Initiative, Notification, Status, Transition


def _officers_over(path, role, nearest_only=True, exclude_path=None):
    """Users holding `role` at `path` or above; by default only the nearest level that has any.

    Plain SQL, prepared on PostgreSQL: a move asks this once (its notices are written inside
    the move when no worker queue holds them)."""
    paths = [p for p in ancestor_paths(path) if p != exclude_path]
    if not paths:
        return set()
    sql = (f"SELECT m.user_id, u.path FROM {Membership._meta.db_table} m "  # noqa: S608 (table names)
           f"JOIN {Unit._meta.db_table} u ON u.id = m.unit_id "
           f"WHERE m.role = %s AND u.path IN ({', '.join(['%s'] * len(paths))})")
    with cursor_for(len(paths)) as cursor:
        cursor.execute(sql, [role, *paths])
        rows = cursor.fetchall()
    if nearest_only and rows:
        deepest = max(len(p) for _u, p in rows)
        rows = [(u, p) for u, p in rows if len(p) == deepest]
    return {u for u, _p in rows}


def _authors(initiative_id, created_by_id):
    ids = set(Author.objects.filter(initiative_id=initiative_id).exclude(user=None).values_list("user_id", flat=True))
    ids.add(created_by_id)
    return ids


# What each move tells; translated when a notice is written, only the one it needs.
_MESSAGES = {
    "submit": gettext_lazy("Sáng kiến “%(title)s” đang chờ CĐCS xác nhận."),
    "resubmit": gettext_lazy("Sáng kiến “%(title)s” đã được bổ sung và gửi lại."),
    "withdraw": gettext_lazy("Sáng kiến “%(title)s” đã được tác giả rút."),
    "confirm": gettext_lazy("Sáng kiến “%(title)s” đã được %(unit)s xác nhận."),
    "return": gettext_lazy("Sáng kiến “%(title)s” được %(unit)s trả lại để bổ sung."),
    "reject": gettext_lazy("Sáng kiến “%(title)s” không được %(unit)s duyệt."),
    "approve": gettext_lazy("Sáng kiến “%(title)s” đã được %(unit)s duyệt."),
    "nominate": gettext_lazy("Sáng kiến “%(title)s” được %(unit)s đề xuất tiêu biểu lên cấp trên."),
    "honour": gettext_lazy("Sáng kiến “%(title)s” được %(unit)s khen thưởng."),
}


def _message(action, title, unit_name):
    return str(_MESSAGES[action]) % {"title": title[:200], "unit": unit_name}


@dataclass(frozen=True)
class MoveFacts:
    """What the notices of one move are made of."""

    action: str
    from_status: str
    actor_id: int
    comment: str
    initiative_id: int
    title: str
    unit_path: str
    level_path: str | None  # the level unit after the move
    unit_name: str  # the unit that acted
    authors: frozenset  # user ids: authors with an account, and whoever entered the entry


@dataclass(frozen=True)
class Notices:
    """Who hears of one move and what they read, decided before anything is written."""

    facts: MoveFacts  # with its authors less whoever made the move
    users: tuple  # user ids, in order
    message: str
    mail: bool  # the authors among `users` are e-mailed at once


def notify_move(*, transition_id):
    """Write the move's in-app notices and e-mail its authors (db_worker, with the database
    queue): the move's facts read back as plain values, in one query and the authors'."""
    t = Transition.objects.filter(pk=transition_id).values(
        "action", "from_status", "actor_id", "comment", "initiative_id", unit_name=F("unit__name"),
        title=F("initiative__title"), unit_path=F("initiative__unit_path"),
        created_by_id=F("initiative__created_by_id"), level_path=F("initiative__level_unit__path"),
    ).get()
    created_by_id = t.pop("created_by_id")
    facts = MoveFacts(authors=frozenset(_authors(t["initiative_id"], created_by_id)), **t)
    mail = write_notices(notices_for(facts), transition_id=transition_id)
    if mail:
        mail_authors(*mail)


def notices_for(facts):
    """The Notices of one move: reads the officers who must hear of it, writes nothing.

    Authors hear at once (officers in the daily digest), so their notices are written as
    e-mailed: the digest must not send them again. Messages are in the site's language,
    whoever made the move."""
    authors = set(facts.authors) - {facts.actor_id}
    officers = set()
    if facts.action in ("submit", "resubmit"):
        officers = _officers_over(facts.unit_path, Role.OFFICER)
    elif facts.action == "withdraw" and facts.from_status == Status.SUBMITTED:
        officers = _officers_over(facts.unit_path, Role.OFFICER)
    elif facts.action == "confirm":
        officers = _officers_over(facts.unit_path, Role.UPPER_OFFICER, exclude_path=facts.unit_path)
    elif facts.action == "nominate" and facts.level_path:
        officers = _officers_over(facts.level_path, Role.UPPER_OFFICER)
    officers -= {facts.actor_id} | authors

    with translation.override(settings.LANGUAGE_CODE):
        message = _message(facts.action, facts.title, facts.unit_name)
    mail = bool(authors) and facts.action not in ("submit", "resubmit", "withdraw")
    return Notices(facts=replace(facts, authors=frozenset(authors)), users=tuple(sorted(authors | officers)),
                   message=message, mail=mail)


def write_notices(notices, *, transition_id):
    """Write the in-app notices of one move (one INSERT). Returns what to e-mail the authors,
    as `mail_authors`' arguments, or None."""
    facts, now = notices.facts, timezone.now()
    insert([Notification(user_id=u, initiative_id=facts.initiative_id, transition_id=transition_id,
                         kind=facts.action, message=notices.message, created_at=now,
                         emailed_at=now if notices.mail and u in facts.authors else None)
            for u in notices.users])
    if not notices.mail:
        return None
    return facts.initiative_id, facts.comment, notices.message, sorted(facts.authors)


def mail_authors(initiative_id, comment, message, author_ids):
    from django.contrib.auth import get_user_model

    if not author_ids:
        return
    link = settings.SITE_URL + reverse("initiatives:detail", args=[initiative_id])
    with translation.override(settings.LANGUAGE_CODE):
        body = message + "\n"
        if comment:
            body += "\n" + _("Ý kiến: %(comment)s") % {"comment": comment} + "\n"
        body += "\n" + _("Xem chi tiết: %(link)s") % {"link": link} + "\n"
        subject = _("[Sáng kiến] %(message)s") % {"message": message[:150]}
    # Read as every move's own rows are (core.db.select): after each move in the embedded mode,
    # where compiling the ORM's query cost more than the rest of the mail (~1 ms a move).
    where = f"id IN ({', '.join(['%s'] * len(author_ids))}) AND is_active AND email IS NOT NULL"
    emails = [user.email for user in select(get_user_model(), where, list(author_ids), order_by="id")]
    for email in emails:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)


def send_digests(*, now=None):
    """One e-mail per officer with every notice not yet e-mailed. Returns how many were sent."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    now = now or timezone.now()
    pending = Notification.objects.filter(emailed_at=None).select_related("initiative").order_by("user_id",
                                                                                                   "created_at")
    by_user = {}
    for note in pending:
        by_user.setdefault(note.user_id, []).append(note)
    users = User.objects.in_bulk(list(by_user))
    sent = 0
    for user_id, notes in by_user.items():
        user = users.get(user_id)
        if user and user.is_active and user.email:
            lines = [f"- {n.message}" for n in notes]
            link = settings.SITE_URL + reverse("initiatives:waiting")
            body = "\n".join([
                _("Chào %(name)s,") % {"name": user.full_name}, "",
                _("Hôm nay có %(count)s việc liên quan tới sáng kiến:") % {"count": len(notes)}, "",
                *lines, "",
                _("Xem các sáng kiến chờ bạn xử lý: %(link)s") % {"link": link},
            ])
            send_mail(_("[Sáng kiến] Tổng hợp trong ngày"), body, settings.DEFAULT_FROM_EMAIL, [user.email],
                      fail_silently=True)
            sent += 1
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
    return sent


def waiting_too_long(*, days, now=None):
    """Initiatives that have waited more than `days` at one level, for reminders."""
    now = now or timezone.now()
    return Initiative.objects.filter(
        status__in=[Status.SUBMITTED, Status.CONFIRMED, Status.APPROVED, Status.NOMINATED],
        status_changed_at__lt=now - timezone.timedelta(days=days),
    )


def _who_must_act(initiative, cache):
    """The officers who must act on a waiting entry: the nearest CĐCS officers for a submitted
    one, the nearest upper level for a confirmed one, the officers of its level unit after."""
    if initiative.status == Status.SUBMITTED:
        key = ("officer", initiative.unit_path)
        if key not in cache:
            cache[key] = _officers_over(initiative.unit_path, Role.OFFICER)
    elif initiative.status == Status.CONFIRMED:
        key = ("upper", initiative.unit_path)
        if key not in cache:
            cache[key] = _officers_over(initiative.unit_path, Role.UPPER_OFFICER, exclude_path=initiative.unit_path)
    else:
        # Only the level that holds it may nominate or honour (workflow.LEVEL).
        key = ("level", initiative.level_unit_id)
        if key not in cache:
            cache[key] = set(Membership.objects.filter(role=Role.UPPER_OFFICER, unit_id=initiative.level_unit_id)
                             .values_list("user_id", flat=True))
    return cache[key]


def send_reminders(*, days, now=None):
    """Remind the officers who must act about every entry waiting more than `days` at one level.

    An entry is reminded at most once a (local) day for the same level: the reminder row
    names the move that put the entry there, and a reminder already written today for that
    move is enough. Each officer gets one e-mail listing all their overdue entries.
    Returns (entries reminded, e-mails sent). Run daily by a scheduler: `send_reminders`.
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef, Subquery

    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    last_move = (Transition.objects.filter(initiative=OuterRef("pk")).order_by("-created_at", "-id")
                 .values("id")[:1])
    reminded_today = Notification.objects.filter(kind="reminder", initiative=OuterRef("pk"),
                                                 transition_id=OuterRef("last_move_id"), created_at__gte=today)
    due = (waiting_too_long(days=days, now=now)
           .exclude(status=Status.APPROVED, level_unit__depth=1)  # nothing above the top to nominate to
           .annotate(last_move_id=Subquery(last_move))
           .exclude(Exists(reminded_today))
           .only("id", "title", "status", "status_changed_at", "unit_path", "level_unit_id")
           .order_by("status_changed_at", "pk"))
    cache, notes, by_user, reminded = {}, [], {}, 0
    for initiative in due.iterator(chunk_size=1000):
        recipients = _who_must_act(initiative, cache)
        if not recipients:
            continue
        reminded += 1
        waited = (now - initiative.status_changed_at).days
        message = _("Sáng kiến “%(title)s” đã chờ %(days)s ngày ở bước “%(status)s”.") % {
            "title": initiative.title[:200], "days": waited, "status": initiative.get_status_display()}
        for user_id in sorted(recipients):
            notes.append(Notification(user_id=user_id, initiative_id=initiative.pk,
                                      transition_id=initiative.last_move_id, kind="reminder", message=message,
                                      created_at=now, emailed_at=now))
            by_user.setdefault(user_id, []).append(message)
    Notification.objects.bulk_create(notes, batch_size=1000)

    User = get_user_model()
    link = settings.SITE_URL + reverse("initiatives:waiting")
    sent = 0
    for user in User.objects.filter(pk__in=list(by_user), is_active=True).exclude(email=None).exclude(email=""):
        lines = by_user[user.pk]
        body = "\n".join([
            _("Chào %(name)s,") % {"name": user.full_name}, "",
            _("Có %(count)s sáng kiến đã chờ bạn xử lý quá %(days)s ngày:") % {"count": len(lines), "days": days}, "",
            *[f"- {line}" for line in lines], "",
            _("Xem các sáng kiến chờ bạn xử lý: %(link)s") % {"link": link},
        ])
        send_mail(_("[Sáng kiến] Nhắc việc: sáng kiến chờ xử lý quá hạn"), body, settings.DEFAULT_FROM_EMAIL,
                  [user.email], fail_silently=True)
        sent += 1
    return reminded, sent
