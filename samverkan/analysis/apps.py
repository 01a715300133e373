from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "samverkan.analysis"
    label = "analysis"
    verbose_name = _("Analyser")

    def ready(self):
        from samverkan.core import navigation

        navigation.register(_("Analys"), "analysis:index", order=66, group="planering")
        navigation.register(_("Licensjämförelse"), "analysis:licences", order=67,
                            group="planering")
        navigation.register(_("Konsolidering"), "analysis:consolidation", order=67,
                            group="planering")
        navigation.register(_("Jämförelse mellan kommuner"), "analysis:benchmarks", order=67,
                            group="planering")
        navigation.register(_("Scenarier"), "analysis:scenarios", order=68, group="planering")
