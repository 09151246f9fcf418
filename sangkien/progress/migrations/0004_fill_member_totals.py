"""Member totals for the units already in the database (the rule of progress.members)."""

from django.db import migrations

STEPLEN = 4


def fill(apps, schema_editor):
    Unit = apps.get_model("orgs", "Unit")
    MemberTotal = apps.get_model("progress", "MemberTotal")
    below, totals = {}, []
    for path, unit_id, headcount in sorted(Unit.objects.values_list("path", "id", "headcount"), reverse=True):
        total = max(headcount, below.pop(path, 0))
        totals.append(MemberTotal(unit_id=unit_id, members=total))
        parent = path[:-STEPLEN]
        if parent:
            below[parent] = below.get(parent, 0) + total
    MemberTotal.objects.bulk_create(totals, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("progress", "0003_member_totals"), ("orgs", "0001_initial")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
