"""Reference data: Shandong's 16 cities and their counties, from resolute/data/cities.yaml."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from resolute.core.cities import load_cities

    City = apps.get_model("ledger", "City")
    County = apps.get_model("ledger", "County")
    for c in load_cities():
        city, _ = City.objects.update_or_create(
            code=c.code,
            defaults={"name": c.name, "corridor": c.corridor, "lat": c.lat, "lon": c.lon},
        )
        for county in c.counties:
            County.objects.update_or_create(
                code=county.code,
                defaults={
                    "city": city,
                    "name": county.name,
                    "corridor_excluded": county.name in c.corridor_excluded,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
