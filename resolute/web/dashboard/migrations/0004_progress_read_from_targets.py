# The dashboards read the province's progress that the targets pages keep
# (targets.TargetProgress); their own copy goes, with the computed sets of its kind.

from django.db import migrations

KIND = "dashboard-progress"


def forget_sets(apps, schema_editor):
    ComputedSet = apps.get_model("computed", "ComputedSet")
    ComputedSet.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('computed', '0001_initial'),
        ('dashboard', '0003_province_progress'),
    ]

    # The sets go first, with their rows, while the table is still known: a model deleted
    # earlier in the same plan can remain in the rendered state's relations.
    operations = [
        migrations.RunPython(forget_sets, migrations.RunPython.noop),
        migrations.DeleteModel(name='ProvinceProgress'),
    ]
