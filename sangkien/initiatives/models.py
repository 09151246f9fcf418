from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.core.text import fold


class Status(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ CĐCS xác nhận")
    RETURNED = "returned", _("Yêu cầu bổ sung")
    WITHDRAWN = "withdrawn", _("Đã rút")
    CONFIRMED = "confirmed", _("CĐCS đã xác nhận")
    REJECTED = "rejected", _("Không duyệt")
    APPROVED = "approved", _("Cấp trên đã duyệt")
    NOMINATED = "nominated", _("Đề xuất tiêu biểu")
    HONOURED = "honoured", _("Được khen thưởng")


# Entries in these states count toward targets (PRODUCT.md §4: approved and beyond).
COUNTED_STATUSES = (Status.APPROVED, Status.NOMINATED, Status.HONOURED)


class SolutionType(models.TextChoices):
    TECHNICAL = "technical", _("Giải pháp kỹ thuật")
    MANAGEMENT = "management", _("Giải pháp quản lý")
    OPERATIONAL = "operational", _("Giải pháp tác nghiệp")
    TECH_APPLICATION = "tech_application", _("Giải pháp ứng dụng tiến bộ kỹ thuật")
    RESEARCH = "research", _("Đề tài nghiên cứu khoa học")


class Scope(models.TextChoices):
    UNIT = "unit", _("Đơn vị")
    DISTRICT = "district", _("Huyện")
    PROVINCE = "province", _("Tỉnh")
    SECTOR = "sector", _("Ngành")
    NATIONAL = "national", _("Toàn quốc")


class Campaign(models.Model):
    """A programme (chương trình) with the window in which an initiative's first use must fall."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=300)
    eligible_from = models.DateField(_("áp dụng từ ngày"))
    eligible_to = models.DateField(_("áp dụng đến ngày"))
    is_active = models.BooleanField(_("đang diễn ra"), default=True)

    class Meta:
        ordering = ["-eligible_from"]
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self):
        return self.name

    def clean(self):
        if self.eligible_from and self.eligible_to and self.eligible_from > self.eligible_to:
            raise ValidationError({"eligible_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})

    def phase_for(self, day):
        for phase in self.phases.all():
            if phase.starts_on <= day <= phase.ends_on:
                return phase
        return None


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("giai đoạn số"))
    name = models.CharField(_("tên giai đoạn"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="phase_unique_number")]
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")

    def __str__(self):
        return self.name


class Field(models.Model):
    """A field of work (lĩnh vực), as data."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self):
        return self.name


class Initiative(models.Model):
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    # No index of their own on unit, campaign and phase (migration 0011): every move updates
    # every index of this table.
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("công đoàn cơ sở"),
        db_index=False,
    )
    # Copy of unit.path: subtree lists and counts read a range on this column alone.
    unit_path = models.CharField(max_length=255, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="initiatives",
                                 verbose_name=_("chương trình"), db_index=False)
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.PROTECT, related_name="initiatives",
                              verbose_name=_("giai đoạn"), db_index=False)
    solution_type = models.CharField(_("loại giải pháp"), max_length=20, choices=SolutionType.choices, blank=True)
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("lĩnh vực"))
    situation = models.TextField(_("thực trạng trước khi có sáng kiến"), blank=True)
    content = models.TextField(_("nội dung và tính mới"), blank=True)
    effect = models.TextField(_("hiệu quả kinh tế, xã hội"), blank=True)
    benefit_vnd = models.BigIntegerField(_("giá trị làm lợi (đồng)"), default=0, validators=[MinValueValidator(0)])
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=20, choices=Scope.choices, blank=True)
    first_used_on = models.DateField(_("ngày áp dụng lần đầu"), null=True, blank=True)
    recognised_by = models.CharField(_("đơn vị công nhận"), max_length=300, blank=True)
    recognition_level = models.CharField(_("cấp công nhận"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    rewards = models.TextField(_("khen thưởng đã nhận"), blank=True)
    confidential = models.BooleanField(
        _("sáng kiến mật"), default=False,
        help_text=_("Ngoài cán bộ công đoàn của đơn vị, chỉ hiện tên, tóm tắt hiệu quả và khen thưởng."),
    )
    effect_summary = models.CharField(_("tóm tắt hiệu quả"), max_length=500, blank=True)

    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    # The unit whose officers decide next, once past the grassroots level (approve, nominate, honour).
    level_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    # Bumped by every move; a move names the version it saw, so two officers cannot both move it.
    version = models.PositiveIntegerField(default=1, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded text for tone-insensitive search (fold(): no tone marks, đ -> d, lower case):
    # the title alone for "similar initiatives", and title + authors + content for search.
    title_folded = models.CharField(max_length=500, editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # created_at too: a subtree's newest entries of a status are read from the index
            # alone (a province's list page 1 and its capped count: 50 ms -> 12 ms at 1M rows).
            # And id: the page's ids come from the index alone, newest first with id breaking
            # ties (PostgreSQL: 35 ms -> 3 ms for 5,600 approved entries of a province), then
            # the 25 rows by id (lists.paginate).
            models.Index(fields=["unit_path", "status", "created_at", "id"], name="initiative_subtree_newest"),
            models.Index(fields=["status", "status_changed_at"], name="initiative_status_age"),
            models.Index(fields=["unit", "status"], name="initiative_unit_status"),
        ]
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.first_used_on and self.campaign_id:
            campaign = self.campaign
            if not (campaign.eligible_from <= self.first_used_on <= campaign.eligible_to):
                errors["first_used_on"] = _(
                    "Ngày áp dụng phải trong thời gian của chương trình, từ %(start)s đến %(end)s."
                ) % {"start": campaign.eligible_from.strftime("%d/%m/%Y"),
                     "end": campaign.eligible_to.strftime("%d/%m/%Y")}
        if self.decision_date and self.first_used_on and self.decision_date < self.first_used_on:
            pass  # recognition may come before or after first use; both happen in practice
        if errors:
            raise ValidationError(errors)

    def refresh_search_text(self, authors=None):
        names = " ".join(a.full_name for a in (authors if authors is not None else self.authors.all()))
        self.title_folded = fold(self.title)[:500]
        self.search_text = fold(" ".join([self.title, names, self.content]))[:20000]


class Author(models.Model):
    """An author or co-author: a member with an account, or a person named by hand."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="authorships")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True,
                                                  validators=[MinValueValidator(1930), MaxValueValidator(2015)])
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    workplace = models.CharField(_("nơi công tác"), max_length=300, blank=True)
    share = models.PositiveSmallIntegerField(_("tỷ lệ đóng góp (%)"), default=100,
                                             validators=[MinValueValidator(1), MaxValueValidator(100)])
    position_in_list = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position_in_list", "id"]
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả")

    def __str__(self):
        return f"{self.full_name} ({self.share}%)"


def attachment_path(instance, filename):
    # Under private/: no public media URL serves it (see attachments.py); the name is random.
    return f"private/initiatives/{instance.initiative_id}/{timezone.now():%Y%m}/{filename}"


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")

    def __str__(self):
        return self.original_name


class Transition(models.Model):
    """The audit row of one workflow move, written in the same transaction as the move."""

    # No index of its own: (initiative, created_at) below starts with it, and every move
    # writes one row here, so each index is one more page in its commit.
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The unit in whose name the actor moved it (their role's unit).
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["initiative", "created_at"])]
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")

    def __str__(self):
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


class Honour(models.Model):
    """An honour (khen thưởng) given to an initiative by a level of the union."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="honours")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp khen"))
    title = models.CharField(_("hình thức khen thưởng"), max_length=300)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")

    def __str__(self):
        return self.title


class Notification(models.Model):
    """An in-app notice; authors also get it by e-mail at once, officers in the daily digest."""

    # No index of its own: (user, read_at) below starts with it (notices are written by every
    # move, like transitions).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             db_index=False)
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    transition = models.ForeignKey(Transition, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self):
        return self.message


# Council scoring (Hội đồng chấm điểm): scoring.py holds the rules and services --------------


class ScoringScheme(models.Model):
    """A unit's scoring criteria for one campaign, with the pass mark.

    Criteria carry their maximum points (Tính mới 30, Hiệu quả 40, Khả năng áp dụng 30…), as
    the councils' own scoring sheets do: a group weighs the sum of its criteria's maxima.
    Editable until the first score is entered, then locked (see scoring.scheme_save).
    """

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("chương trình"))
    pass_mark = models.DecimalField(_("điểm đạt"), max_digits=6, decimal_places=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "campaign"], name="scoring_scheme_unit_campaign")]
        verbose_name = _("cách chấm điểm")
        verbose_name_plural = _("cách chấm điểm")

    def __str__(self):
        return f"{self.unit} · {self.campaign}"


class ScoringCriterion(models.Model):
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("nhóm tiêu chí"), max_length=200)
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "position", "id"]
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")

    def __str__(self):
        return self.name


class ScoringAssignment(models.Model):
    """One scorer assigned to one entry under one scheme; `scored_at` set once they score."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="assignments")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scoring_assignments")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scoring_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    # The sum of the criterion scores, kept here so that averages are one aggregate query.
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "initiative", "scorer"],
                                               name="scoring_assignment_unique")]
        indexes = [models.Index(fields=["scorer", "scored_at"], name="scoring_assignment_queue")]
        ordering = ["assigned_at", "id"]
        verbose_name = _("phân công chấm điểm")
        verbose_name_plural = _("phân công chấm điểm")

    def __str__(self):
        return f"{self.scorer_id} → {self.initiative_id}"


class CriterionScore(models.Model):
    assignment = models.ForeignKey(ScoringAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="criterion_score_unique")]
        verbose_name = _("điểm theo tiêu chí")
        verbose_name_plural = _("điểm theo tiêu chí")

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"
