"""Invoicing: the accounts an issuer invoices on, and the numbered invoicing bases per member."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import GovernedModel, RestrictedQuerySet
from samverkan.core.permissions import Confidential
from samverkan.organisations.models import Organisation

from .common import ACCOUNT, money_ore
from .pools import DistributionLine


class InvoiceAccounts(GovernedModel):
    """The accounts a member books invoices from a pool's organisation on (for the SIE voucher)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("medlem"), on_delete=models.PROTECT,
        related_name="invoice_accounts", help_text=_("Organisationen vars bokföring det gäller."))
    issuer = models.ForeignKey(
        Organisation, verbose_name=_("fakturor från"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", help_text=_("Tomt: gäller fakturor från alla."))
    cost_account = models.CharField(_("kostnadskonto"), max_length=8, validators=[ACCOUNT],
                                    default="6540")
    cost_account_name = models.CharField(_("kostnadskontots namn"), max_length=100,
                                         default="IT-tjänster")
    settlement_account = models.CharField(_("motkonto"), max_length=8, validators=[ACCOUNT],
                                          default="2440")
    settlement_account_name = models.CharField(_("motkontots namn"), max_length=100,
                                               default="Leverantörsskulder")
    cost_centre = models.CharField(_("kostnadsställe (dimension 1)"), max_length=20, blank=True)
    project = models.CharField(_("projekt (dimension 6)"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konton för debitering")
        verbose_name_plural = _("konton för debitering")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "issuer"],
                                    condition=Q(archived_at__isnull=True),
                                    name="one_active_account_setting"),
        ]

    def __str__(self) -> str:
        issuer = self.issuer or _("alla")
        return _("%(org)s: %(cost)s / %(settle)s (fakturor från %(issuer)s)") % {
            "org": self.organisation, "cost": self.cost_account, "settle": self.settlement_account,
            "issuer": issuer}

    def get_absolute_url(self) -> str:
        return reverse("finance:accounts_edit", args=[self.pk])


class InvoicingBasis(models.Model):
    """A debiteringsunderlag: what one organisation invoices one member for a year, numbered.

    Lines point at approved distribution lines, so each is invoiced once; when an approval is
    superseded, the next basis credits the old line and debits the new one."""

    owner_field = "issuer"
    confidential = (Confidential(readers=("issuer", "recipient")),)  # the two parties only

    issuer = models.ForeignKey(Organisation, verbose_name=_("från"), on_delete=models.PROTECT,
                               related_name="issued_bases")
    recipient = models.ForeignKey(Organisation, verbose_name=_("till"), on_delete=models.PROTECT,
                                  related_name="invoicing_bases")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("nummer"))
    voucher_date = models.DateField(_("datum"))
    total_ore = models.BigIntegerField(_("summa (öre)"))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("skapat av"),
                                   on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("debiteringsunderlag")
        verbose_name_plural = _("debiteringsunderlag")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"],
                                    name="unique_basis_number"),
        ]

    def __str__(self) -> str:
        return _("Debiteringsunderlag %(ref)s till %(to)s") % {"ref": self.reference,
                                                               "to": self.recipient}

    def get_absolute_url(self) -> str:
        return reverse("finance:basis", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.number}"


class InvoicingBasisLine(models.Model):
    owner_field = "basis__issuer"
    confidential = (Confidential(readers=("basis__issuer", "basis__recipient")),)

    basis = models.ForeignKey(InvoicingBasis, verbose_name=_("underlag"), on_delete=models.CASCADE,
                              related_name="lines")
    distribution_line = models.ForeignKey(DistributionLine, verbose_name=_("fördelningsrad"),
                                          on_delete=models.PROTECT, related_name="invoice_lines")
    is_credit = models.BooleanField(_("kreditering"), default=False)
    text = models.CharField(_("text"), max_length=300)
    key_label = models.CharField(_("nyckel"), max_length=500)
    basis_text = models.CharField(_("underlag"), max_length=500)
    share_percent = models.DecimalField(_("andel (%)"), max_digits=14, decimal_places=8)
    amount_ore = models.BigIntegerField(_("belopp (öre)"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("underlagsrad")
        verbose_name_plural = _("underlagsrader")
        ordering = ["basis", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["distribution_line", "is_credit"],
                                    name="invoice_each_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.text}: {money_ore(self.amount_ore)}"
