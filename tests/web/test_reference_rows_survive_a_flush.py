"""The cities and counties a data migration stored are there for every test, also after a
transactional test flushed the database (tests/conftest.py, ``_reference_rows``).

The two tests run in this order in one process (``pytest -n 0``); under xdist the second
may land on another worker and then only checks the rows a fresh database has.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from resolute.core.cities import load_cities
from resolute.web.ledger.models import City, County


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_ends_with_an_empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not City.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_next_test_finds_every_city_and_county() -> None:
    cities = load_cities()
    assert list(City.objects.values_list("name", flat=True)) == [c.name for c in cities]
    assert County.objects.count() == sum(len(c.counties) for c in cities)
