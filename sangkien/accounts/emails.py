"""Invitation e-mails. Called after the inviting transaction has committed."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from sangkien.orgs.models import Membership

from .models import User
from .tokens import invitation_token_generator

logger = logging.getLogger(__name__)


def invitation_url(user) -> str:
    path = reverse("accounts:accept_invite", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": invitation_token_generator.make_token(user),
    })
    return settings.SITE_URL + path


def send_invitations(*, user_ids, inviter_id=None):
    """One e-mail per invited person who has an address; each lists the roles they now hold."""
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=None))
    if not users:
        return 0
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    roles = {}
    for m in Membership.objects.filter(user__in=users).select_related("unit").order_by("unit__path", "role"):
        roles.setdefault(m.user_id, []).append(m)
    messages = []
    with override(settings.LANGUAGE_CODE):
        for user in users:
            context = {"user": user, "inviter": inviter, "memberships": roles.get(user.pk, []),
                       "url": invitation_url(user), "site_url": settings.SITE_URL}
            subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
            body = render_to_string("accounts/email/invitation_body.txt", context)
            messages.append(EmailMessage(subject, body, to=[user.email]))
    try:
        return get_connection().send_messages(messages)
    except OSError:
        # The people exist and can be sent a new invitation from the members page.
        logger.exception("Invitation e-mails could not be sent")
        return 0
