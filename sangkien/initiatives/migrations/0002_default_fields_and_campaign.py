import datetime

from django.db import migrations

# A sensible default list of fields (lĩnh vực); units add more as data.
FIELDS = [
    ("giang-day", "Giảng dạy, giáo dục"),
    ("quan-ly-giao-duc", "Quản lý giáo dục"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính"),
    ("chuyen-doi-so", "Ứng dụng công nghệ thông tin, chuyển đổi số"),
    ("an-toan-ve-sinh-lao-dong", "An toàn, vệ sinh lao động"),
    ("cong-tac-cong-doan", "Công tác công đoàn"),
    ("y-te-truong-hoc", "Y tế, chăm sóc sức khỏe"),
    ("thiet-bi-day-hoc", "Thiết bị dạy học, cơ sở vật chất"),
    ("tai-chinh-ke-toan", "Tài chính, kế toán"),
    ("san-xuat-kinh-doanh", "Sản xuất, kinh doanh"),
    ("tiet-kiem-nang-luong", "Tiết kiệm năng lượng, bảo vệ môi trường"),
    ("khac", "Lĩnh vực khác"),
]


def create(apps, schema_editor):
    Field = apps.get_model("initiatives", "Field")
    for position, (code, name) in enumerate(FIELDS):
        Field.objects.update_or_create(code=code, defaults={"name": name, "position": position})
    Campaign = apps.get_model("initiatives", "Campaign")
    Phase = apps.get_model("initiatives", "Phase")
    # The real programme: Chương trình 3250/CTr-TLĐ and Hướng dẫn 46/HD-TLĐ.
    campaign, _ = Campaign.objects.update_or_create(
        code="01-trieu-sang-kien",
        defaults={
            "name": "01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19",
            "eligible_from": datetime.date(2021, 9, 1),
            "eligible_to": datetime.date(2023, 9, 1),
        },
    )
    Phase.objects.update_or_create(campaign=campaign, number=1, defaults={
        "name": "Giai đoạn 1", "starts_on": datetime.date(2022, 1, 8), "ends_on": datetime.date(2022, 5, 31)})
    Phase.objects.update_or_create(campaign=campaign, number=2, defaults={
        "name": "Giai đoạn 2", "starts_on": datetime.date(2022, 6, 1), "ends_on": datetime.date(2023, 9, 1)})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
