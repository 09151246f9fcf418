from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from sangkien.core.text import fold

from .roles import Role

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_upper_bound(path: str) -> str | None:
    """The smallest path greater than every path that starts with `path`.

    Subtrees are read with `path >= P AND path < upper(P)`: a range both databases answer
    from the unique index on path, where `LIKE 'P%'` (Django's startswith) cannot use the
    index on SQLite.
    """
    chars = list(path)
    while chars:
        pos = PATH_ALPHABET.index(chars[-1])
        if pos + 1 < len(PATH_ALPHABET):
            chars[-1] = PATH_ALPHABET[pos + 1]
            return "".join(chars)
        chars.pop()
    return None


class UnitKind(models.Model):
    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    level = models.PositiveSmallIntegerField(_("cấp"), help_text=_("1 là Tổng Liên đoàn."))

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("loại đơn vị")
        verbose_name_plural = _("loại đơn vị")

    def __str__(self):
        return self.name


class Cluster(models.Model):
    """An emulation cluster (cụm/khối thi đua): units compared with each other."""

    name = models.CharField(_("tên cụm/khối thi đua"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cụm/khối thi đua")
        verbose_name_plural = _("cụm/khối thi đua")

    def __str__(self):
        return self.name


class UnitQuerySet(MP_NodeQuerySet):
    def subtree_of(self, unit_or_path, include_self=True):
        path = getattr(unit_or_path, "path", unit_or_path)
        qs = self.filter(path__gte=path)
        upper = path_upper_bound(path)
        if upper:
            qs = qs.filter(path__lt=upper)
        if not include_self:
            qs = qs.exclude(path=path)
        return qs

    def within_any(self, paths):
        """Units inside any of the subtrees rooted at `paths`."""
        q = models.Q(pk__in=[])
        for path in paths:
            part = models.Q(path__gte=path)
            upper = path_upper_bound(path)
            if upper:
                part &= models.Q(path__lt=upper)
            q |= part
        return self.filter(q)

    def search(self, text):
        folded = fold(text)
        return self.filter(name_folded__contains=folded) if folded else self


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def subtree_of(self, unit_or_path, include_self=True):
        return self.get_queryset().subtree_of(unit_or_path, include_self=include_self)

    def within_any(self, paths):
        return self.get_queryset().within_any(paths)

    def search(self, text):
        return self.get_queryset().search(text)


class Unit(MP_Node):
    node_order_by = []  # order of creation; the importer appends children itself
    steplen = 4
    alphabet = PATH_ALPHABET

    code = models.CharField(_("mã đơn vị"), max_length=64, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, verbose_name=_("loại đơn vị"))
    headcount = models.PositiveIntegerField(_("số đoàn viên"), default=0)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="units",
        verbose_name=_("cụm/khối thi đua"),
    )
    # Folded copy of name and short name, for search that ignores tone marks and đ/Đ.
    name_folded = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitManager()

    class Meta:
        ordering = ["path"]
        # Children of a unit: depth = d AND path in the parent's range. Without it, the
        # national root's children were found by scanning all 150,000 paths (20–40 ms a query).
        indexes = [models.Index(fields=["depth", "path"], name="unit_depth_path")]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived data, not business logic: keeps the search column in step with the name.
        self.name_folded = fold_unit_name(self.name, self.short_name)
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.short_name or self.name

    def ancestor_paths(self):
        return [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]

    def ancestors(self):
        """Root first; one query whatever the depth."""
        return Unit.objects.filter(path__in=self.ancestor_paths()).select_related("kind").order_by("path")

    def subtree(self, include_self=True):
        return Unit.objects.subtree_of(self, include_self=include_self)

    def is_within(self, other_path: str) -> bool:
        return self.path.startswith(other_path)

    def parent_path(self):
        return self.path[: -self.steplen] if self.depth > 1 else None


def fold_unit_name(name, short_name=""):
    return f"{fold(name)} | {fold(short_name)}" if short_name else fold(name)


class Membership(models.Model):
    """A role held by a user in a unit; it reaches the unit's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role"),
        ]
        indexes = [models.Index(fields=["unit", "role"])]
        verbose_name = _("vai trò trong đơn vị")
        verbose_name_plural = _("vai trò trong đơn vị")

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
