from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "samverkan.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self):
        from samverkan.core import navigation, panels
        from samverkan.organisations.models import Organisation
        from samverkan.planning.models import Meeting

        from . import analysis_sections
        from .basis_sections import register_decision_basis
        from .documents import register_steering_pack
        from .registry import register
        from .sections import register_all
        from .status_documents import register_status_documents
        from .views import meeting_panel
        from .yearly import register_yearly
        from .yearly.pages import organisation_panel

        register_steering_pack()
        register_all()
        analysis_sections.register_all(register)
        register_status_documents()
        register_decision_basis()
        register_yearly()
        navigation.register(_("Rapporter"), "reports:issued", order=63, group="planering")
        panels.register(Meeting, "reports/_meeting_panel.html", meeting_panel)
        panels.register(Organisation, "reports/_yearly_panel.html", organisation_panel)
