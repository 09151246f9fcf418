"""Three fewer indexes on the entries, which every workflow move updates.

A move changes the entry's status, which three indexes hold, so its UPDATE is never a HOT
update on PostgreSQL: every index of the table gets a new entry, on every move. Dropped:

- by unit: the (unit, status) index starts with the same column (the PROTECT check when a
  unit is deleted, the CĐCS's own counts);
- by campaign and by phase: a handful of values across a million entries, which no query
  can narrow with (every list narrows by the unit's path first). What they served is the
  PROTECT check when a campaign or phase is deleted: a scan, on a rare administrator's act.

Plain DROP INDEX on both databases, as 0010: Django's AlterField would copy the whole table
on SQLite.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "initiatives_initiative"
INDEXES = [
    ("initiatives_initiative_unit_id_7ac037d9", "unit_id"),
    ("initiatives_initiative_campaign_id_0d9874a2", "campaign_id"),
    ("initiatives_initiative_phase_id_e960f592", "phase_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0010_drop_indexes_covered_by_pairs"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="initiative",
                    name="unit",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="initiatives", to="orgs.unit",
                                            verbose_name="công đoàn cơ sở"),
                ),
                migrations.AlterField(
                    model_name="initiative",
                    name="campaign",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="initiatives", to="initiatives.campaign",
                                            verbose_name="chương trình"),
                ),
                migrations.AlterField(
                    model_name="initiative",
                    name="phase",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="initiatives", to="initiatives.phase",
                                            verbose_name="giai đoạn"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                  reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" ("{column}")')
                for name, column in INDEXES
            ],
        ),
    ]
