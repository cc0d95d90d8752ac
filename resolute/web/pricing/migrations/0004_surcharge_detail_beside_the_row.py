# A surcharge row's detail (the core's whole result) moves beside the row, into a table of
# its own, so that the lists' filters, sums and counts scan narrow rows; the stored sets keep
# their details.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('computed', '0001_initial'),
        ('pricing', '0003_surcharge_city_order'),
    ]

    operations = [
        migrations.CreateModel(
            name='SurchargeDetail',
            fields=[
                ('row', models.OneToOneField(on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='pricing.surchargerow')),
                ('detail', models.JSONField()),
                ('computed_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='surcharge_details', to='computed.computedset')),
            ],
        ),
        migrations.RunSQL(
            "INSERT INTO pricing_surchargedetail (row_id, computed_set_id, detail)"
            " SELECT id, computed_set_id, detail FROM pricing_surchargerow",
            "UPDATE pricing_surchargerow SET detail = (SELECT d.detail FROM pricing_surchargedetail d"
            " WHERE d.row_id = pricing_surchargerow.id)",
        ),
        migrations.RemoveField(
            model_name='surchargerow',
            name='detail',
        ),
    ]
