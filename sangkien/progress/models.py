import math

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """A target (chỉ tiêu) for a unit's whole subtree in a phase (or the whole campaign)."""

    class Kind(models.TextChoices):
        ABSOLUTE = "absolute", _("Số sáng kiến")
        SHARE = "share", _("Tỷ lệ % số đoàn viên")

    MAX_VALUE = 10**9  # the form, the import and the model all stop here
    MAX_SHARE = 100  # a share is a percentage of headcount

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="targets")
    campaign = models.ForeignKey("initiatives.Campaign", on_delete=models.CASCADE, related_name="targets")
    # Phase number, 0 for the whole campaign.
    phase_no = models.PositiveSmallIntegerField(_("giai đoạn"), default=0)
    kind = models.CharField(_("loại chỉ tiêu"), max_length=10, choices=Kind.choices, default=Kind.ABSOLUTE)
    value = models.PositiveIntegerField(_("giá trị"), validators=[MinValueValidator(0), MaxValueValidator(MAX_VALUE)])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "campaign", "phase_no"], name="target_unique")]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self):
        return f"{self.unit} · {self.phase_no} · {self.value}"

    def required(self, headcount: int) -> int:
        """The number of initiatives this target asks for."""
        return self.required_of(self.kind, self.value, headcount)

    @classmethod
    def required_of(cls, kind: str, value: int, headcount: int) -> int:
        """What a target of `kind` and `value` asks of a unit of `headcount` members: the
        value itself, or that share of the members rounded up. For rows read without the
        model (progress.selectors.children_figures)."""
        if kind == cls.Kind.SHARE:
            return math.ceil(headcount * value / 100)
        return value


class Counter(models.Model):
    """Rolled-up totals of a unit's whole subtree, per campaign, phase and status.

    Kept exact in the same transaction as every workflow move, edit, import and deletion
    (progress.counters); `manage.py recount_progress` checks them against the records.
    """

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("initiatives.Campaign", on_delete=models.CASCADE, related_name="+")
    phase_no = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20)
    count = models.IntegerField(default=0)
    benefit = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "campaign", "phase_no", "status"], name="counter_unique")
        ]

    def __str__(self):
        return f"{self.unit_id}/{self.campaign_id}/{self.phase_no}/{self.status}: {self.count}"


class PeopleCounter(models.Model):
    """Distinct authors (participants) over a unit's subtree in a campaign."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("initiatives.Campaign", on_delete=models.CASCADE, related_name="+")
    people = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "campaign"], name="people_counter_unique")]

    def __str__(self):
        return f"{self.unit_id}/{self.campaign_id}: {self.people}"


class AuthorRef(models.Model):
    """How many counted entries of a CĐCS name one person; a person counts once per CĐCS.

    The key is `u<user id>` for members with an account, else the folded name and birth year.
    """

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("initiatives.Campaign", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=220)
    refs = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "campaign", "key"], name="author_ref_unique")]

    def __str__(self):
        return f"{self.unit_id}/{self.key}: {self.refs}"


class WeeklyCounter(models.Model):
    """Entries sent (submit), confirmed by the CĐCS and approved per ISO week over a unit's
    subtree: the trend, and the quarterly counts of the emulation clusters (confirm moves)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("initiatives.Campaign", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # the Monday
    submitted = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)
    confirmed = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "campaign", "week"], name="weekly_counter_unique")]

    def __str__(self):
        return f"{self.unit_id}/{self.week}: +{self.submitted} / ✓{self.confirmed} / ✓✓{self.approved}"


class MemberTotal(models.Model):
    """A unit's members over its whole subtree: what participant shares, per-100-member
    rankings and share-of-headcount targets are reckoned against above the grassroots.

    `Unit.headcount` is the figure the unit itself reports; this is the greater of that and
    the sum of its children's totals (see progress.members). Kept exact by the unit import
    and checked, with the counters, by `manage.py recount_progress`.
    """

    unit = models.OneToOneField("orgs.Unit", primary_key=True, on_delete=models.CASCADE,
                                related_name="member_total")
    members = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.unit_id}: {self.members}"


class Version(models.Model):
    """A number bumped in the same transaction as every write that changes what a dashboard
    shows: per unit by every counter change in its subtree (progress.counters), and row 0
    (GLOBAL) by targets, member totals, the tree, clusters, campaigns and recounts. The
    dashboard's cached regions are keyed by the unit's number and row 0's (progress.versions).
    """

    unit_id = models.BigIntegerField(primary_key=True)  # a Unit's id, or 0 for the global row
    n = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.unit_id}: {self.n}"
