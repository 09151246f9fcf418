"""A list page read by ids (lists.paginate(by_ids=True)) holds exactly the rows, in exactly the
order, of the plain read: every sort, every page, ties on the sort key included, and the
confidential rules of presenting apply to the same objects."""

import datetime

import pytest
from django.utils import timezone

from sangkien.initiatives import lists
from sangkien.initiatives.models import Initiative

from .listing import entries, signed_in


@pytest.fixture
def nine(cast):
    made = entries(cast, 5, "submitted") + entries(cast, 2, "confirmed") + entries(cast, 2, "approved", confidential=True)
    same = timezone.now() - datetime.timedelta(days=3)
    # Ties on created_at and on benefit: id must break them the same way in both reads.
    Initiative.objects.filter(pk__in=[i.pk for i in made[:4]]).update(created_at=same, benefit_vnd=500_000)
    return made


@pytest.mark.parametrize("sort", [key for key, _label in lists.Sort.CHOICES])
@pytest.mark.parametrize("status", ["", "submitted"])
def test_a_page_read_by_ids_is_the_page_read_whole(cast, nine, sort, status):
    user = cast.upper_cdgd
    scope = lists.list_scope(user, "HB-GD")
    form = lists.ListFilters({"sort": sort, "status": status})
    qs = lists.for_display(lists.initiatives_list(user, scope, form.values()))
    for number in range(1, 6):
        whole = lists.paginate(qs, number, per_page=2)
        by_ids = lists.paginate(qs, number, per_page=2, by_ids=True)
        assert [i.pk for i in by_ids.items] == [i.pk for i in whole.items]
        assert (by_ids.has_next, by_ids.total, by_ids.number) == (whole.has_next, whole.total, whole.number)
        shown = lists.present_rows(by_ids.items, user)
        assert [(r.pk, r.redacted, r.benefit_vnd if not r.redacted else None) for r in shown] == \
            [(r.pk, r.redacted, r.benefit_vnd if not r.redacted else None)
             for r in lists.present_rows(whole.items, user)]
    assert whole.total == (9 if not status else 5)


def test_the_list_page_shows_the_newest_first_through_the_id_read(client, cast, nine):
    signed_in(client, cast.upper_cdgd)
    html = client.get("/sang-kien/danh-sach/?unit=HB-GD&status=submitted&sort=newest").content.decode()
    for i in nine:
        i.refresh_from_db()
    newest = sorted((i for i in nine if i.status == "submitted"), key=lambda i: (i.created_at, i.pk), reverse=True)
    positions = [html.index(f'href="/sang-kien/{i.pk}/"') for i in newest]
    assert positions == sorted(positions)
