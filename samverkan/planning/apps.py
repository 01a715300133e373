from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "samverkan.planning"
    label = "planning"
    verbose_name = _("Planering och uppföljning")

    def ready(self):
        import datetime

        from samverkan.contracts.models import Contract
        from samverkan.core import calendars, navigation, panels, schedule, search
        from samverkan.finance.models import CostPool
        from samverkan.portfolio.models import ManagementObject

        from .calendar import organisation_events
        from .models import Meeting, Plan, Risk
        from .panels import contract_panel, object_panel, pool_panel
        from .tasks import send_planning_reminders

        navigation.register_group("planering", _("Planering"), order=45)
        navigation.register(_("Planer"), "planning:plans", order=60, group="planering")
        navigation.register(_("Styrgruppsmöten"), "planning:meetings", order=61, group="planering")
        navigation.register(_("Styrgrupper"), "planning:groups", order=62, group="planering")
        panels.register(ManagementObject, "planning/_object_panel.html", object_panel)
        panels.register(Contract, "planning/_decisions_panel.html", contract_panel)
        panels.register(CostPool, "planning/_decisions_panel.html", pool_panel)
        calendars.register("planning", organisation_events)
        # hourly: each reminder is recorded when sent, so a late or missed hour costs nothing
        schedule.register("planning-reminders", send_planning_reminders,
                          every=datetime.timedelta(hours=1))
        search.register(Plan, ("name", "mission"), _("Planer"),
                        select_related=("organisation",))
        search.register(Meeting, ("title", "place"), _("Styrgruppsmöten"),
                        select_related=("organisation",))
        search.register(Risk, ("description", "measure"), _("Risker"),
                        select_related=("plan__organisation",))
