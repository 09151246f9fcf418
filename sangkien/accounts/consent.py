from django.db import transaction

from sangkien.core.models import audit

from .models import Consent, PrivacyNotice


def has_current_consent(user) -> bool:
    notice = PrivacyNotice.current()
    if notice is None:
        return True  # nothing published yet to agree to
    cached = getattr(user, "_consent_notice_id", None)
    if cached == notice.pk:
        return True
    ok = Consent.objects.filter(user=user, notice=notice, withdrawn_at__isnull=True).exists()
    if ok:
        user._consent_notice_id = notice.pk
    return ok


@transaction.atomic
def consent_give(*, user, notice, ip_address=None):
    consent = Consent.objects.create(user=user, notice=notice, ip_address=ip_address)
    audit(actor=user, action="consent.give", subject=consent, version=notice.version)
    return consent
