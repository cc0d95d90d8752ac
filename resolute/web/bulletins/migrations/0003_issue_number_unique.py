# One 期号 per year, given once (apart from 0002: on PostgreSQL a table's constraints are not
# changed in the transaction that updated its rows).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bulletins', '0002_issue_number'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='issuedbulletin',
            constraint=models.UniqueConstraint(fields=('issue_year', 'issue_number'), name='bulletin_issue_number_once_a_year'),
        ),
    ]
