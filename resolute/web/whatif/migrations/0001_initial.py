# Moves the saved what-if scenarios from the dashboard app to this one without touching the
# database: the table keeps its name (db_table) and only Django's record of which app owns the
# model changes (dashboard 0002 forgets it there).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('dashboard', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Scenario',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='方案名称')),
                        ('changes', models.JSONField(default=dict, help_text='{规则编号: 新阈值}', verbose_name='阈值调整')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('summary', models.JSONField(default=dict, verbose_name='推演结果摘要')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                    ],
                    options={
                        'db_table': 'dashboard_scenario',
                        'verbose_name': '政策推演方案',
                        'verbose_name_plural': '政策推演方案',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
