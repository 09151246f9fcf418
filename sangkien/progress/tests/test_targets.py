import io

import pytest
from django.core.exceptions import PermissionDenied

from sangkien.core.tabular import ImportRejected, write_xlsx
from sangkien.initiatives.models import Campaign
from sangkien.progress.models import Target
from sangkien.progress.services import (
    TARGET_HEADER,
    target_set,
    targets_import,
    targets_set_for_children,
)


@pytest.fixture
def campaign(db):
    return Campaign.objects.get(code="01-trieu-sang-kien")


def test_an_upper_officer_sets_a_childs_target_but_not_their_own_or_a_siblings(cast, campaign):
    tree = cast.tree
    target_set(acting_user=cast.upper_cdgd, unit=tree.school, campaign=campaign, phase_no=1, kind="share", value=30)
    assert Target.objects.get(unit=tree.school, phase_no=1).required(60) == 18
    with pytest.raises(PermissionDenied):
        target_set(acting_user=cast.upper_cdgd, unit=tree.cdgd, campaign=campaign, phase_no=1, kind="absolute",
                   value=5)
    with pytest.raises(PermissionDenied):
        target_set(acting_user=cast.upper_cdgd, unit=tree.hn_school, campaign=campaign, phase_no=1,
                   kind="absolute", value=5)
    with pytest.raises(PermissionDenied):
        target_set(acting_user=cast.officer, unit=tree.section, campaign=campaign, phase_no=1, kind="absolute",
                   value=5)


def test_one_target_for_all_children_at_once(cast, campaign):
    created, updated = targets_set_for_children(acting_user=cast.upper_cdgd, parent=cast.tree.cdgd,
                                                campaign=campaign, phase_no=2, kind="share", value=30)
    assert (created, updated) == (2, 0)
    assert targets_set_for_children(acting_user=cast.upper_cdgd, parent=cast.tree.cdgd, campaign=campaign,
                                    phase_no=2, kind="share", value=40) == (0, 2)
    assert set(Target.objects.values_list("unit__code", "value")) == {("HB-GD-001", 40), ("HB-GD-002", 40)}


def _xlsx(rows, header=TARGET_HEADER):
    return io.BytesIO(write_xlsx(header, rows))


def test_a_targets_file_is_saved_whole(cast, campaign):
    source = _xlsx([["HB-GD-001", "1", "%", "30"], ["HB-GD-002", "", "số", "12"]])
    assert targets_import(acting_user=cast.upper_cdgd, campaign=campaign, source=source, filename="t.xlsx") == (2, 0)
    assert Target.objects.get(unit__code="HB-GD-002").phase_no == 0


def test_a_bad_targets_file_lists_every_bad_row_and_saves_nothing(cast, campaign):
    source = _xlsx([
        ["HB-GD-001", "1", "%", "130"],
        ["KHONG-CO", "1", "số", "3"],
        ["HN-001", "1", "số", "3"],
        ["HB-GD-002", "7", "bao nhiêu", "-2"],
        ["HB-GD-001", "1", "số", "5"],
    ])
    with pytest.raises(ImportRejected) as exc:
        targets_import(acting_user=cast.upper_cdgd, campaign=campaign, source=source, filename="t.xlsx")
    assert [str(e) for e in exc.value.errors] == [
        "dòng 2, cột Giá trị: tỷ lệ không quá 100",
        "dòng 3, cột Mã đơn vị: không có đơn vị mã “KHONG-CO”",
        "dòng 4, cột Mã đơn vị: đơn vị “HN-001” không thuộc cấp dưới của bạn",
        "dòng 5, cột Giai đoạn: giai đoạn phải để trống (cả chương trình) hoặc là một trong: 1, 2",
        "dòng 5, cột Giá trị: giá trị phải là số nguyên không âm",
        "dòng 5, cột Loại chỉ tiêu: ghi “số” hoặc “%”",
        "dòng 6, cột Mã đơn vị: trùng với dòng 2",
    ]
    assert not Target.objects.exists()


def test_a_targets_file_with_a_wrong_header_is_refused(cast, campaign):
    with pytest.raises(ImportRejected) as exc:
        targets_import(acting_user=cast.upper_cdgd, campaign=campaign,
                       source=_xlsx([["HB-GD-001", "1", "%", "30"]], header=["code", "phase", "kind", "value"]),
                       filename="t.xlsx")
    assert str(exc.value.errors[0]).startswith("dòng 1: dòng tiêu đề phải là: Mã đơn vị,Giai đoạn")
