"""Facts every test shares: the day the tests live on and the municipality's tenant."""

from datetime import date

TODAY = date(2026, 11, 24)  # in period 2026-H2 of the default catalogue
TENANT = "00000000-0000-4000-8000-000000000001"
