# Moves the quarterly reports from the supervision app to this one without touching the database: the
# table keeps its name (db_table) and only Django's record of which app owns the model changes
# (supervision 0002 forgets it there).

import django.db.models.deletion
import django.utils.timezone
import resolute.web.quarters.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ledger', '0002_cities'),
        ('supervision', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='QuarterlyReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('quarter', models.CharField(max_length=6, validators=[resolute.web.quarters.models.validate_quarter], verbose_name='季度')),
                        ('narrative', models.TextField(verbose_name='工作进展')),
                        ('figures', models.JSONField(blank=True, default=dict, verbose_name='主要数据')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='报送时间')),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quarterly_reports', to='ledger.city', verbose_name='市')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='报送人')),
                    ],
                    options={
                        'db_table': 'supervision_quarterlyreport',
                        'verbose_name': '季度调度报告',
                        'verbose_name_plural': '季度调度报告',
                        'ordering': ['-quarter', 'city__code'],
                        'unique_together': {('city', 'quarter')},
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
