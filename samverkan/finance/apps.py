from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samverkan.finance"
    label = "finance"
    verbose_name = _("Finansiering och kostnadsfördelning")

    def ready(self):
        from samverkan.core import navigation, panels, search
        from samverkan.portfolio.models import ManagementObject

        from .models import AllocationKey, CostPool, Service
        from .panels import object_panel

        navigation.register_group("ekonomi", _("Ekonomi"), order=40)
        navigation.register(_("Finansiering"), "finance:overview", order=50, group="ekonomi")
        panels.register(ManagementObject, "finance/_object_panel.html", object_panel, order=60)
        search.register(CostPool, ("name", "description", "decision"), _("Kostnadspooler"),
                        select_related=("organisation",))
        search.register(AllocationKey, ("name", "description"), _("Fördelningsnycklar"),
                        select_related=("organisation",))
        search.register(Service, ("name", "code", "description"), _("Tjänster"),
                        select_related=("organisation",))
