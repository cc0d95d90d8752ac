# The plans, quarterly reports and issued bulletins now belong to the plans, quarters and
# bulletins apps (their 0001 migrations take them over); the tables stay as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0001_initial'),
        ('plans', '0001_initial'),
        ('quarters', '0001_initial'),
        ('bulletins', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='CityPlanItem'),
                migrations.DeleteModel(name='CityPlan'),
                migrations.DeleteModel(name='QuarterlyReport'),
                migrations.DeleteModel(name='IssuedBulletin'),
            ],
            database_operations=[],
        ),
    ]
