import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContractsConfig(AppConfig):
    name = "samverkan.contracts"
    label = "contracts"
    verbose_name = pgettext_lazy("flera", "Avtal")

    def ready(self):
        from samverkan.core import navigation, schedule, search

        from .models import Contract
        from .tasks import send_contract_reminders

        navigation.register_group("avtal", pgettext_lazy("flera", "Avtal"), order=30)
        navigation.register(pgettext_lazy("flera", "Avtal"), "contracts:contracts", order=30,
                            group="avtal")
        navigation.register(_("Kalender"), "contracts:calendar", order=31, group="avtal")
        # number, title and supplier only: amounts are never searchable
        search.register(Contract, ("number", "title", "supplier__name"),
                        pgettext_lazy("flera", "Avtal"),
                        select_related=("organisation", "supplier"))
        # hourly: a reminder is sent once per deadline, so a late or missed hour costs nothing
        schedule.register("contract-reminders", send_contract_reminders,
                          every=datetime.timedelta(hours=1))
