from django.db import migrations

# The levels of the union (PRODUCT.md §2). Kinds are data: more can be added in the admin.
KINDS = [
    ("national", "Tổng Liên đoàn Lao động Việt Nam", 1),
    ("province", "Liên đoàn Lao động tỉnh, thành phố", 2),
    ("sector", "Công đoàn ngành", 2),
    ("upper", "Công đoàn cấp trên trực tiếp cơ sở", 3),
    ("grassroots", "Công đoàn cơ sở", 4),
    ("section", "Công đoàn bộ phận, tổ công đoàn", 5),
]


def create_kinds(apps, schema_editor):
    UnitKind = apps.get_model("orgs", "UnitKind")
    for code, name, level in KINDS:
        UnitKind.objects.update_or_create(code=code, defaults={"name": name, "level": level})


def remove_kinds(apps, schema_editor):
    apps.get_model("orgs", "UnitKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(create_kinds, remove_kinds)]
