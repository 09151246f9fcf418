"""Factories for tests: the standing cast of units and people.

Titles and names carry hostile markup on purpose; every page must escape them.
"""

import factory

from sangkien.accounts.models import User
from sangkien.orgs.models import Membership, Unit, UnitKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    phone = None
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-dai-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def kind(code):
    return UnitKind.objects.get(code=code)


def make_unit(*, code, name, kind_code, parent=None, headcount=0, short_name="", cluster=None):
    fields = dict(code=code, name=name, short_name=short_name, kind=kind(kind_code),
                  headcount=headcount, cluster=cluster)
    if parent is None:
        unit = Unit.add_root(**fields)
    else:
        parent.refresh_from_db()  # treebeard needs the parent's current numchild
        unit = parent.add_child(**fields)
    # As the unit import does: the members over each subtree follow the tree.
    from sangkien.progress.members import members_refresh

    members_refresh()
    return unit


def grant(user, unit, role, granted_by=None):
    user.__dict__.pop("_roles_cache", None)
    return Membership.objects.create(user=user, unit=unit, role=role, granted_by=granted_by)


def make_initiative(*, unit, created_by, title="Sáng kiến thử nghiệm <script>alert(1)</script>", authors=None,
                    **fields):
    """A complete draft, built by the real service, ready to be submitted."""
    import datetime

    from sangkien.initiatives.models import Campaign, Field, Scope, SolutionType
    from sangkien.initiatives.services import initiative_create

    data = {
        "title": title,
        "campaign": Campaign.objects.get(code="01-trieu-sang-kien"),
        "solution_type": SolutionType.MANAGEMENT,
        "field": Field.objects.get(code="giang-day"),
        "situation": "Trước đây <b>chưa có</b>.",
        "content": "Nội dung và tính mới <script>x</script>",
        "effect": "Tiết kiệm thời gian soạn bài.",
        "benefit_vnd": 1_500_000,
        "scope": Scope.UNIT,
        "first_used_on": datetime.date(2022, 3, 1),
    }
    data.update(fields)
    if authors is None:
        authors = [{"full_name": created_by.full_name, "user": created_by, "share": 100}]
    return initiative_create(acting_user=created_by, unit=unit, data=data, authors=authors)
