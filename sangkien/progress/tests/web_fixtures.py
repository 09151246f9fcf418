"""Fixtures for the dashboard, API, chart and public page tests (imported by those files)."""

import pytest
from django.core.cache import cache
from django.test import Client

from sangkien.initiatives.models import Campaign
from sangkien.initiatives.tests.entry_fixtures import consent


@pytest.fixture
def campaign(db):
    return Campaign.objects.get(code="01-trieu-sang-kien")


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client signed in as `user`, who has agreed to the notice."""
    clients = {}

    def make(user):
        if user.pk not in clients:
            consent(user)
            client = Client()
            client.force_login(user)
            clients[user.pk] = client
        return clients[user.pk]

    return make


@pytest.fixture(autouse=True)
def fresh_cache():
    """The public figures and the share card are cached for a few seconds; each test starts clean."""
    cache.clear()
    yield
    cache.clear()
