"""Helpers for the entry, attachment and detail page tests (their fixtures are in conftest.py)."""

import datetime

from sangkien.accounts.models import Consent, PrivacyNotice

HOSTILE = '<script>alert("x")</script>'


def consent(user):
    notice = PrivacyNotice.current()
    if notice is not None and not Consent.objects.filter(user=user, notice=notice).exists():
        Consent.objects.create(user=user, notice=notice)


def general_data(unit, campaign, **extra):
    data = {"title": "Ứng dụng bảng tương tác trong dạy học Toán lớp 6", "unit": str(unit.pk),
            "campaign": str(campaign.pk), "first_used_on": "", "phase": "", "solution_type": "", "field": ""}
    data.update(extra)
    return data


def authors_data(*rows):
    data = {"authors-TOTAL_FORMS": str(len(rows)), "authors-INITIAL_FORMS": "0",
            "authors-MIN_NUM_FORMS": "0", "authors-MAX_NUM_FORMS": "30"}
    for i, row in enumerate(rows):
        for name in ("user", "full_name", "birth_year", "position", "workplace", "share"):
            data[f"authors-{i}-{name}"] = str(row.get(name, ""))
    return data


IN_WINDOW = datetime.date(2022, 3, 1)
