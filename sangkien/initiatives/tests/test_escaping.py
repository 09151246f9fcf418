"""`<script>` in every text field is text on every page and in every export.

test_detail.py covers the detail and edit pages field by field; this file covers the rest:
lists (every column, the redacted view of a confidential entry too), search, the queues, the
exports (plain text, never HTML-escaped, never a formula) and the council scoring pages.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sangkien.factories import UserFactory, grant
from sangkien.initiatives import scoring
from sangkien.initiatives.models import Campaign
from sangkien.orgs.roles import Role

from .conftest import drive
from .test_detail import full_entry

HOSTILE = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
TEXT_FIELDS = ("title", "situation", "content", "effect", "effect_summary", "recognised_by", "recognition_level",
               "decision_number", "rewards")


def hostile(cast, state="confirmed", **extra):
    text = {name: f"{name} {HOSTILE}" for name in TEXT_FIELDS}
    text.update(extra)
    initiative = full_entry(cast, **text, authors=[
        {"full_name": f"Tên {HOSTILE}", "user": cast.author, "share": 100, "position": f"Chức {HOSTILE}",
         "workplace": f"Nơi {HOSTILE}"}])
    return drive(initiative, cast, state)


def assert_safe(body, *, at_least=1, where=""):
    assert HOSTILE not in body and "<script>alert(" not in body, where
    assert body.count(ESCAPED) >= at_least, f"{where}: {body.count(ESCAPED)} escaped copies"


@pytest.mark.parametrize(("name", "who", "params", "copies"), [
    ("list", "upper_cdgd", {}, 3),  # title, author name, unit column is not hostile
    ("list", "upper_cdgd", {"q": "title"}, 2),  # search
    ("list", "upper_cdgd", {"q": "ten"}, 2),  # search by author name, without tone marks
    ("mine", "author", {}, 2),
    ("waiting", "upper_cdgd", {}, 2),
])
def test_lists_search_and_queues_show_markup_as_text(cast, client_for, name, who, params, copies):
    hostile(cast)
    body = client_for(getattr(cast, who)).get(reverse(f"initiatives:{name}"), params).content.decode()
    assert_safe(body, at_least=copies, where=f"{name} {params}")


def test_a_confidential_entry_shows_its_public_fields_as_text_to_outsiders(cast, client_for):
    hostile(cast, confidential=True)
    body = client_for(cast.other_member).get(reverse("initiatives:list")).content.decode()
    # the title, the effect summary and the rewards: the redacted row's three fields
    assert_safe(body, at_least=3, where="redacted row")
    assert "situation" not in body


def test_the_exports_keep_every_text_field_as_plain_text_and_never_a_formula(cast, client_for):
    hostile(cast, effect_summary=f"={HOSTILE}", rewards=f"@{HOSTILE}")
    client = client_for(cast.upper_cdgd)

    body = b"".join(client.get(reverse("initiatives:export"), {"format": "csv"}).streaming_content)
    header, row = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[:2]
    cells = dict(zip(header, row, strict=True))
    for column in ("Tên sáng kiến", "Hiệu quả", "Đơn vị công nhận", "Số quyết định", "Tác giả"):
        assert HOSTILE in cells[column] and "&lt;" not in cells[column], column
    assert cells["Tóm tắt hiệu quả"] == f"'={HOSTILE}" and cells["Khen thưởng"] == f"'@{HOSTILE}"

    sheet = load_workbook(io.BytesIO(client.get(reverse("initiatives:export"), {"format": "xlsx"}).content)).active
    header, row = [[c for c in r] for r in sheet.iter_rows(max_row=2)]
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    for column in ("Tên sáng kiến", "Hiệu quả", "Đơn vị công nhận", "Số quyết định", "Tác giả", "Tóm tắt hiệu quả",
                   "Khen thưởng"):
        assert HOSTILE in cells[column].value and cells[column].data_type == "s", column
    assert cells["Tóm tắt hiệu quả"].value == f"={HOSTILE}"  # text, not a formula


def test_the_scoring_pages_show_markup_as_text(cast, client_for):
    campaign = Campaign.objects.get(code="01-trieu-sang-kien")
    scheme = scoring.scheme_save(
        acting_user=cast.upper_cdgd, unit=cast.tree.cdgd, campaign=campaign, pass_mark=Decimal(5),
        criteria=[scoring.CriterionRow(f"Nhóm {HOSTILE}", f"Tiêu chí {HOSTILE}", Decimal(10))])
    scorer = UserFactory(full_name=f"Người chấm {HOSTILE}")
    grant(scorer, cast.tree.cdgd, Role.COUNCIL)
    initiative = hostile(cast)
    scoring.scorers_assign(acting_user=cast.upper_cdgd, scheme=scheme, initiatives=[initiative], scorers=[scorer])
    scoring.score_submit(acting_user=scorer, initiative=initiative, points={scheme.criteria.get().pk: Decimal(7)},
                         comment=f"Nhận xét {HOSTILE}")
    pages = {
        "queue": (scorer, reverse("initiatives:scoring_queue"), 1),
        "score": (scorer, reverse("initiatives:score", args=[initiative.pk]), 4),  # title ×2, group, criterion
        "scheme": (cast.upper_cdgd, reverse("initiatives:scoring_scheme", args=[cast.tree.cdgd.code]), 2),
        "assign": (cast.upper_cdgd, reverse("initiatives:scoring_assign", args=[cast.tree.cdgd.code]), 2),
        "detail": (cast.upper_cdgd, reverse("initiatives:detail", args=[initiative.pk]), 12),
    }
    for name, (who, url, copies) in pages.items():
        body = client_for(who).get(url).content.decode()
        assert_safe(body, at_least=copies, where=name)
    detail = client_for(cast.upper_cdgd).get(pages["detail"][1]).content.decode()
    assert f"Người chấm {ESCAPED}" in detail and f"Nhận xét {ESCAPED}" in detail
