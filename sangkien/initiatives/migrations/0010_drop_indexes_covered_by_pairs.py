"""Drop two single-column indexes that a two-column index beside them already starts with:
transitions by initiative ((initiative, created_at)) and notices by user ((user, read_at)).

Every workflow move writes a row to both tables, and every index is one more page written
in its commit. Plain DROP INDEX on both databases: Django's own AlterField would copy the
whole transitions table on SQLite to drop one index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEXES = [
    ("initiatives_transition_initiative_id_9ba07130", "initiatives_transition", "initiative_id"),
    ("initiatives_notification_user_id_8591116e", "initiatives_notification", "user_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0009_search_table_postgres"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="user",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="notifications", to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name="transition",
                    name="initiative",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="transitions", to="initiatives.initiative"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                  reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
                for name, table, column in INDEXES
            ],
        ),
    ]
