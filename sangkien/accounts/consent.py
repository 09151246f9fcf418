from .models import Consent, PrivacyNotice


def has_current_consent(user) -> bool:
    """Whether the user stands by their agreement to the current notice (cached on the user
    object, which lives for one request)."""
    notice = PrivacyNotice.current()
    if notice is None:
        return True  # nothing published yet to agree to
    if getattr(user, "_consent_notice_id", None) == notice.pk:
        return True
    ok = Consent.objects.filter(user=user, notice=notice, withdrawn_at__isnull=True).exists()
    if ok:
        user._consent_notice_id = notice.pk
    return ok
