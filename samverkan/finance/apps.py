from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samverkan.finance"
    label = "finance"
    verbose_name = _("Finansiering och kostnadsfördelning")

    def ready(self):
        from samverkan.core import navigation, search

        from .models import AllocationKey, CostPool, Service

        navigation.register_group("ekonomi", _("Ekonomi"), order=40)
        navigation.register(_("Finansiering"), "finance:overview", order=50, group="ekonomi")
        search.register(CostPool, ("name", "description", "decision"), _("Kostnadspooler"),
                        select_related=("organisation",))
        search.register(AllocationKey, ("name", "description"), _("Fördelningsnycklar"),
                        select_related=("organisation",))
        search.register(Service, ("name", "code", "description"), _("Tjänster"),
                        select_related=("organisation",))
