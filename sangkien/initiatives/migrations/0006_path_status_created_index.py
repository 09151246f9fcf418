"""The (unit_path, status) index grows created_at: a subtree's newest entries from the index alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0005_council_scoring'),
        ('orgs', '0003_unit_depth_path_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(fields=['unit_path', 'status', 'created_at'], name='initiative_path_status_created'),
        ),
        migrations.RemoveIndex(
            model_name='initiative',
            name='initiative_path_status',
        ),
    ]
