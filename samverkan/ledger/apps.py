from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "samverkan.ledger"
    label = "ledger"
    verbose_name = _("Ekonomi och avstämning")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from samverkan.contracts.models import Contract, ContractExtensionOption, ContractParty
        from samverkan.core import navigation, panels
        from samverkan.portfolio.models import ManagementObject, System

        from . import panels as ledger_panels

        navigation.register_group("ekonomi", _("Ekonomi"), order=40)
        navigation.register(_("Avstämning"), "ledger:reconciliation", 40, group="ekonomi")
        navigation.register(_("Bokföring"), "ledger:imports", 41, group="ekonomi")
        navigation.register(_("Omatchade rader"), "ledger:unmatched", 42, group="ekonomi")
        panels.register(System, "ledger/_money_panel.html", ledger_panels.system_panel, order=50)
        panels.register(ManagementObject, "ledger/_money_panel.html", ledger_panels.object_panel,
                        order=50)

        def contract_changed(sender, instance, **kwargs):
            """Contracted amounts follow the contract's terms and parties; refresh its rows
            once the change is committed."""
            from . import services

            contract_id = instance.pk if sender is Contract else instance.contract_id
            if contract_id:
                transaction.on_commit(lambda: services.refresh_for_contract(contract_id))

        for model in (Contract, ContractParty, ContractExtensionOption):
            post_save.connect(contract_changed, sender=model, weak=False,
                              dispatch_uid=f"ledger-refresh-{model.__name__}")
            post_delete.connect(contract_changed, sender=model, weak=False,
                                dispatch_uid=f"ledger-refresh-delete-{model.__name__}")
