# The 期号 of issued bulletins: numbered per year of issue. Bulletins issued before this
# migration are numbered in the order they were issued, so that new ones continue after them
# (their frozen pages and files keep showing no number).

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def number_issued(apps, schema_editor):
    IssuedBulletin = apps.get_model("bulletins", "IssuedBulletin")
    counted = {}
    for bulletin in IssuedBulletin.objects.order_by("issued_at", "id"):
        day = timezone.localtime(bulletin.issued_at).date()
        counted[day.year] = counted.get(day.year, 0) + 1
        # update(), not save(): the model refuses to change an issued bulletin.
        IssuedBulletin.objects.filter(pk=bulletin.pk).update(
            issue_year=day.year, issue_number=counted[day.year], issued_on=day)


class Migration(migrations.Migration):

    dependencies = [
        ('bulletins', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='issuedbulletin',
            name='issue_number',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='期号'),
        ),
        migrations.AddField(
            model_name='issuedbulletin',
            name='issue_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='印发年度'),
        ),
        migrations.AddField(
            model_name='issuedbulletin',
            name='issued_on',
            field=models.DateField(blank=True, null=True, verbose_name='印发日期'),
        ),
        migrations.RunPython(number_issued, migrations.RunPython.noop),
    ]
