"""The roles a user holds in a unit. A role reaches the unit's whole subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Đoàn viên")
    OFFICER = "officer", _("Cán bộ CĐCS")
    UPPER_OFFICER = "upper_officer", _("Cán bộ công đoàn cấp trên")
    EDITOR = "editor", _("Biên tập viên truyền thông")
    COUNCIL = "council", _("Thành viên Hội đồng sáng kiến")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


# How far a role reaches when it comes to granting: a unit admin may grant any role, an
# upper-level officer may grant the roles below theirs, and so on. Equal ranks are peers.
RANK = {
    Role.MEMBER: 1,
    Role.COUNCIL: 2,
    Role.EDITOR: 2,
    Role.OFFICER: 3,
    Role.UPPER_OFFICER: 4,
    Role.UNIT_ADMIN: 5,
}
