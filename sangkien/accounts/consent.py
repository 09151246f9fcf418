from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from .models import Consent, PrivacyNotice


def with_consent(users):
    """`users` annotated with what every signed-in request checks: the current notice and
    whether the user stands by their agreement to it. The session's user is read this way
    (`EmailOrPhoneBackend.get_user`), so the check costs no query of its own and still reads
    the database on each request: a withdrawal from another device or a newly published
    notice takes effect on the very next request."""
    current = PrivacyNotice.objects.filter(published_at__lte=timezone.now()).order_by("-published_at")
    return users.annotate(
        consent_current_notice=Subquery(current.values("pk")[:1]),
        consent_agreed=Exists(Consent.objects.filter(
            user=OuterRef("pk"), withdrawn_at__isnull=True, notice=Subquery(current.values("pk")[:1]))),
    )


def forget(user):
    """After the user gives or withdraws consent in this request, read it again."""
    for name in ("_consent_notice_id", "consent_current_notice", "consent_agreed"):
        # delattr, not __dict__: request.user is a lazy object that forwards attributes.
        if hasattr(user, name):
            delattr(user, name)


def has_current_consent(user) -> bool:
    """Whether the user stands by their agreement to the current notice (read with the user
    when `with_consent` loaded them, else asked once and remembered on the user object,
    which lives for one request)."""
    agreed = getattr(user, "consent_agreed", None)
    if agreed is not None:
        return user.consent_current_notice is None or agreed
    notice = PrivacyNotice.current()
    if notice is None:
        return True  # nothing published yet to agree to
    if getattr(user, "_consent_notice_id", None) == notice.pk:
        return True
    ok = Consent.objects.filter(user=user, notice=notice, withdrawn_at__isnull=True).exists()
    if ok:
        user._consent_notice_id = notice.pk
    return ok
