"""Helpers for the list, queue, export and notification tests (test_lists*, test_exports*,
test_notifications*, test_confidential*)."""

from sangkien.accounts.models import Consent, PrivacyNotice
from sangkien.factories import make_initiative

from .conftest import drive


def signed_in(client, user):
    """`client` signed in as `user`, who has agreed to the privacy notice."""
    notice = PrivacyNotice.current()
    if notice is not None and not Consent.objects.filter(user=user, notice=notice).exists():
        Consent.objects.create(user=user, notice=notice)
    client.force_login(user)
    return client


def entries(cast, count, state="submitted", *, unit=None, title="Sáng kiến {n} <script>alert(1)</script>", **fields):
    """`count` entries by the cast's author, each driven through real moves to `state`
    (sent by default: drafts are their author's own and appear in no list)."""
    made = []
    for n in range(count):
        initiative = make_initiative(unit=unit or cast.tree.school, created_by=cast.author,
                                     title=title.format(n=n), **fields)
        made.append(drive(initiative, cast, state))
    return made


def page_titles(response):
    """The titles of the rows the list page shows, in order (read from the context)."""
    return [row.title for row in response.context["rows"]]


def sent_initiative(**kwargs):
    """make_initiative, then sent to the CĐCS by whoever entered it (lists show no drafts)."""
    from sangkien.initiatives.workflow import initiative_move

    initiative = make_initiative(**kwargs)
    initiative_move(acting_user=initiative.created_by, initiative=initiative, action="submit")
    initiative.refresh_from_db()
    return initiative
