from types import SimpleNamespace

import pytest
from django.test import Client

from sangkien.factories import UserFactory, grant, make_initiative
from sangkien.initiatives.workflow import initiative_move
from sangkien.orgs.roles import Role


@pytest.fixture
def cast(tree):
    """The standing cast around one Hòa Bình school: who may, who is near, who must not."""
    people = {}

    def person(name, unit, role):
        user = UserFactory(full_name=name)
        if unit is not None:
            grant(user, unit, role)
        people[name] = user
        return user

    person("author", tree.school, Role.MEMBER)
    person("other_member", tree.school, Role.MEMBER)
    person("officer", tree.school, Role.OFFICER)
    person("officer_sibling", tree.school2, Role.OFFICER)
    person("upper_cdgd", tree.cdgd, Role.UPPER_OFFICER)
    person("upper_hb", tree.hoa_binh, Role.UPPER_OFFICER)
    person("upper_hn", tree.ha_noi, Role.UPPER_OFFICER)
    person("upper_national", tree.national, Role.UPPER_OFFICER)
    person("unit_admin", tree.school, Role.UNIT_ADMIN)
    person("nobody", None, None)
    return SimpleNamespace(tree=tree, **people)


@pytest.fixture
def draft(cast):
    return make_initiative(unit=cast.tree.school, created_by=cast.author)


# How to reach each state through real moves: (action, who, extra).
PATHS = {
    "draft": [],
    "submitted": [("submit", "author")],
    "returned": [("submit", "author"), ("return", "officer")],
    "withdrawn": [("withdraw", "author")],
    "confirmed": [("submit", "author"), ("confirm", "officer")],
    "rejected": [("submit", "author"), ("reject", "officer")],
    "approved": [("submit", "author"), ("confirm", "officer"), ("approve", "upper_cdgd")],
    "nominated": [("submit", "author"), ("confirm", "officer"), ("approve", "upper_cdgd"),
                  ("nominate", "upper_cdgd")],
    "honoured": [("submit", "author"), ("confirm", "officer"), ("approve", "upper_cdgd"),
                 ("nominate", "upper_cdgd"), ("honour", "upper_hb")],
}


def drive(initiative, cast, state):
    for action, who in PATHS[state]:
        initiative.refresh_from_db()
        initiative_move(acting_user=getattr(cast, who), initiative=initiative, action=action,
                        comment="Lý do cụ thể", honour={"title": "Giấy khen"})
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def in_state(cast, draft):
    return lambda state: drive(draft, cast, state)


# Entry, attachment and detail page tests (test_entry, test_attachments, test_detail) ----------


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client signed in as `user`, who has agreed to the notice."""
    clients = {}

    def make(user):
        if user.pk not in clients:
            from .entry_fixtures import consent

            consent(user)
            client = Client()
            client.force_login(user)
            clients[user.pk] = client
        return clients[user.pk]

    return make


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
