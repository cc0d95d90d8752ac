# Moves the issued bulletins from the supervision app to this one without touching the database: the
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
        ('supervision', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IssuedBulletin',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('quarter', models.CharField(max_length=6, unique=True, validators=[resolute.web.quarters.models.validate_quarter], verbose_name='季度')),
                        ('content', models.JSONField(verbose_name='通报内容')),
                        ('content_hash', models.CharField(max_length=64, verbose_name='内容校验码（SHA-256）')),
                        ('html', models.TextField(verbose_name='网页版')),
                        ('pdf', models.FileField(upload_to='bulletins/', verbose_name='PDF 版')),
                        ('xlsx', models.FileField(upload_to='bulletins/', verbose_name='Excel 版')),
                        ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='签发时间')),
                        ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='签发人')),
                    ],
                    options={
                        'db_table': 'supervision_issuedbulletin',
                        'verbose_name': '季度通报',
                        'verbose_name_plural': '季度通报',
                        'ordering': ['-quarter'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
