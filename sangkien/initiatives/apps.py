from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "sangkien.initiatives"
    label = "initiatives"
    verbose_name = _("Sáng kiến")

    def ready(self):
        from sangkien.accounts.services import register_authored_records

        register_authored_records(authored_initiatives)


def authored_initiatives(user):
    """Whether deleting the account must wait for an administrator: the person entered or
    co-authored initiatives (sent or not — the unit's records and counts name them), or
    scored some as a council member (the council's decision rests on those scores)."""
    from .models import Author, Initiative, ScoringAssignment

    return (Initiative.objects.filter(created_by_id=user.pk).exists()
            or Author.objects.filter(user_id=user.pk).exists()
            or ScoringAssignment.objects.filter(scorer_id=user.pk, scored_at__isnull=False).exists())
