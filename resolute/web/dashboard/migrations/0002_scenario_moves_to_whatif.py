# Saved scenarios now belong to the whatif app (its 0001 migration takes them over); the table
# stays as it is.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0001_initial'),
        ('whatif', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Scenario')],
            database_operations=[],
        ),
    ]
