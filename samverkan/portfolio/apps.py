from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PortfolioConfig(AppConfig):
    name = "samverkan.portfolio"
    label = "portfolio"
    verbose_name = _("Systemportfölj")

    def ready(self):
        from samverkan.core import navigation, search

        from .models import ManagementObject, Product, Supplier, System

        search.register(System, ("name", "description", "product__name"),
                        pgettext_lazy("flera", "System"),
                        select_related=("organisation", "product"))
        search.register(ManagementObject, ("name", "description"),
                        pgettext_lazy("flera", "Förvaltningsobjekt"),
                        select_related=("organisation",))
        search.register(Supplier, ("name", "org_number"), _("Leverantörer"))
        search.register(Product, ("name",), _("Produkter"), select_related=("supplier",))
        navigation.register(_("Leverantörer"), "portfolio:suppliers", order=93, group="register")
        navigation.register(_("Produkter"), "portfolio:products", order=94, group="register")
        navigation.register(_("Verksamhetsområden"), "portfolio:capabilities", order=95,
                            group="register")
