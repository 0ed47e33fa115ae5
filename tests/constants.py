"""Facts every test shares: the day the tests live on, the municipality's tenant and its privacy notice."""

from datetime import date

TODAY = date(2026, 11, 24)  # in period 2026-H2 of the default catalogue
TENANT = "00000000-0000-4000-8000-000000000001"
# What production requires managers to be told (GDPR art. 13), as the municipality configures it
PRIVACY_NOTICE_ENV = {
    "CONTROLLER_NAME": "Kommunstyrelsen i Sjövik",
    "DPO_CONTACT": "dataskyddsombud@sjovik.se",
    "PRIVACY_URL": "https://www.sjovik.se/personuppgifter",
}
