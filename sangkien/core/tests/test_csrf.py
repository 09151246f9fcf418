"""CSRF strings drawn from one read of the OS's random source (core/csrf.py)."""

from collections import Counter

from django.middleware import csrf as django_csrf
from django.test import Client
from django.urls import reverse

from sangkien.core import csrf


def test_django_draws_its_csrf_strings_with_ours():
    assert django_csrf._get_new_csrf_string is csrf.random_string


def test_each_string_is_32_allowed_characters_and_no_two_alike():
    drawn = [csrf.random_string() for _ in range(2000)]
    assert all(len(s) == 32 and set(s) <= set(django_csrf.CSRF_ALLOWED_CHARS) for s in drawn)
    assert len(set(drawn)) == len(drawn)


def test_every_character_is_as_likely_as_any_other():
    # 640,000 characters: about 10,300 each. Taking bytes modulo 62 without throwing away
    # those from 248 up would make 8 characters 25% likelier than the rest.
    counts = Counter("".join(csrf.random_string() for _ in range(20_000)))
    assert set(counts) == set(django_csrf.CSRF_ALLOWED_CHARS)
    assert max(counts.values()) / min(counts.values()) < 1.1


def test_install_leaves_anything_but_djangos_own_function_alone(monkeypatch):
    def someone_elses():
        return "x" * 32

    monkeypatch.setattr(django_csrf, "_get_new_csrf_string", someone_elses)
    csrf.install()
    assert django_csrf._get_new_csrf_string is someone_elses


def test_a_form_posted_with_the_masked_token_of_its_page_passes_the_check(db):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("accounts:login"))
    token = page.context["csrf_token"]
    masked = str(token)
    assert len(masked) == 64
    refused = client.post(reverse("accounts:login"), {"username": "a@b.vn", "password": "x"})
    assert refused.status_code == 403
    answered = client.post(reverse("accounts:login"),
                           {"username": "a@b.vn", "password": "x", "csrfmiddlewaretoken": masked})
    assert answered.status_code == 200  # the form again, with its error: not refused by the check
