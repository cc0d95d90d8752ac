# Moves the city plans and their items from the supervision app to this one without touching the database: the
# table keeps its name (db_table) and only Django's record of which app owns the model changes
# (supervision 0002 forgets it there).

import django.db.models.deletion
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
                    name='CityPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', '草稿'), ('submitted', '已报送')], default='draft', max_length=10, verbose_name='状态')),
                        ('submitted_at', models.DateTimeField(blank=True, help_text='首次报送的时间；此后的修改记入变更记录', null=True, verbose_name='报送时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('city', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='plan', to='ledger.city', verbose_name='市')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='报送人')),
                    ],
                    options={
                        'db_table': 'supervision_cityplan',
                        'verbose_name': '“三个一批”计划',
                        'verbose_name_plural': '“三个一批”计划',
                        'ordering': ['city__code'],
                    },
                ),
                        migrations.CreateModel(
                    name='CityPlanItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('eliminate', '淘汰'), ('upgrade', '提升'), ('cultivate', '培育')], max_length=10, verbose_name='类别')),
                        ('industry', models.CharField(max_length=50, verbose_name='行业')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                        ('line_id', models.CharField(blank=True, db_index=True, default='', max_length=64, verbose_name='生产线编号')),
                        ('enterprise_name', models.CharField(blank=True, default='', max_length=200, verbose_name='企业名称')),
                        ('credit_code', models.CharField(blank=True, default='', max_length=18, verbose_name='统一社会信用代码')),
                        ('planned_on', models.DateField(blank=True, null=True, verbose_name='计划完成日期')),
                        ('note', models.TextField(blank=True, default='', verbose_name='备注')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='plans.cityplan', verbose_name='计划')),
                    ],
                    options={
                        'db_table': 'supervision_cityplanitem',
                        'verbose_name': '“三个一批”计划事项',
                        'verbose_name_plural': '“三个一批”计划事项',
                        'ordering': ['plan', 'kind', 'year', 'line_id', 'pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
