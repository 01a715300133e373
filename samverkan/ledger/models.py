"""The ledger: imported cost lines, the account ranges that give them a cost category, the
rules that match them to contracts, and the summaries the reconciliation pages read.

Cost lines are never edited by hand and have no history of their own: the ImportBatch they came
with is their audit record. Matching a line to a contract is recorded on the line (how, by
which rule or by whom, when). Amounts are whole öre in integer columns, so sums are exact on
every database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.contracts.scope import related_organisation_ids
from samverkan.core import permissions
from samverkan.core.formatting import format_money, ore_to_kronor
from samverkan.core.models import GovernedModel, ImportBatch, RestrictedQuerySet
from samverkan.organisations.models import Organisation

from .supplier_ledger import normalise_org_number
from .visibility import hidden_price_contracts


class CostCategory(models.TextChoices):
    LICENCES = "licenser", _("Licenser och programvara")
    SAAS = "saas", _("SaaS och IT-tjänster")
    OPERATIONS = "drift", _("Drift och hosting")
    CONSULTANTS = "konsulter", _("Konsulter")
    TELECOM = "telekom", _("Telekom")
    HARDWARE = "hardvara", _("Hårdvara")
    OTHER = "ovrigt", _("Övrigt")


IT_CATEGORIES = tuple(c for c in CostCategory.values if c != CostCategory.OTHER)


class MatchMethod(models.TextChoices):
    NONE = "none", _("Ej matchad")
    RULE = "rule", _("Regel")
    MANUAL = "manual", _("Manuellt")


def validate_account(value: str) -> None:
    if value and not (value.isdigit() and value.isascii() and 1 <= len(value) <= 8):
        raise ValidationError(_("Ett konto är 1–8 siffror, t.ex. 6450."))


class AccountCategory(GovernedModel):
    """An account range of one organisation's chart of accounts and the cost category its
    costs belong to. Ranges compare the leading digits: 6450–6459 also covers 645012."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="account_categories",
    )
    first_account = models.CharField(_("från konto"), max_length=8, validators=[validate_account])
    last_account = models.CharField(_("till konto"), max_length=8, validators=[validate_account])
    category = models.CharField(_("kostnadsslag"), max_length=10, choices=CostCategory.choices)
    note = models.CharField(_("kommentar"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontointervall")
        verbose_name_plural = _("kontoindelning")
        ordering = ["organisation__name", "first_account"]

    def __str__(self) -> str:
        span = self.first_account if self.first_account == self.last_account \
            else f"{self.first_account}–{self.last_account}"
        return f"{span}: {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("ledger:account_category_edit", args=[self.pk])

    def clean(self):
        if not (self.first_account and self.last_account):
            return
        if len(self.first_account) != len(self.last_account):
            raise ValidationError({"last_account": _(
                "Ange intervallets båda ändar med lika många siffror, t.ex. 6450–6459.")})
        if self.last_account < self.first_account:
            raise ValidationError({"last_account": _("Intervallet slutar före det börjar.")})
        if self.organisation_id:
            for other in AccountCategory.objects.filter(
                organisation_id=self.organisation_id, archived_at__isnull=True,
            ).exclude(pk=self.pk):
                if _overlaps(self.first_account, self.last_account,
                             other.first_account, other.last_account):
                    raise ValidationError(_(
                        "Intervallet överlappar %(other)s. Varje konto får bara höra till ett "
                        "kostnadsslag."
                    ) % {"other": other})


def _overlaps(a_first: str, a_last: str, b_first: str, b_last: str) -> bool:
    width = min(len(a_first), len(b_first))
    return not (a_last[:width] < b_first[:width] or b_last[:width] < a_first[:width])


class CostLineQuerySet(RestrictedQuerySet):
    def for_user(self, user, action: str = permissions.VIEW):
        """Lines the user may see: all of the ledgers of the user's own organisations; of
        other organisations' ledgers their costs, but neither lines of a contract whose prices
        are confidential to the user nor balance-sheet lines (whose counter-entries and VAT
        would give those amounts away)."""
        queryset = permissions.restrict(self, user, action)
        if action != permissions.VIEW or getattr(user, "is_superuser", False):
            return queryset
        members = permissions.organisations_where(user, permissions.Role.READER)
        return queryset.filter(
            Q(organisation_id__in=members)
            | (~Q(cost_category="") & ~Q(contract__in=hidden_price_contracts(user))))


class CostLine(models.Model):
    """One row of an imported ledger: an amount on an account on a day, with its dimensions.

    Millions of rows arrive by COPY, so the table carries only the indexes the pages need and
    no per-row foreign-key triggers in the database (they tripled the import time): the
    importer, the only writer, sets organisation and batch, and matching sets contract and
    rule from records it has just read. Deleting a referenced record is still refused by
    Django (on_delete=PROTECT)."""

    owner_field = "organisation"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="cost_lines", db_index=False, db_constraint=False,
    )
    batch = models.ForeignKey(ImportBatch, verbose_name=_("import"), on_delete=models.PROTECT,
                              related_name="cost_lines", db_index=False, db_constraint=False)
    line_no = models.PositiveIntegerField(_("rad i filen"))
    date = models.DateField(_("datum"))
    year = models.PositiveSmallIntegerField(_("år"))
    account = models.CharField(_("konto"), max_length=8)
    amount_ore = models.BigIntegerField(_("belopp (öre)"))
    supplier_name = models.CharField(_("leverantör"), max_length=200, blank=True)
    supplier_org_number = models.CharField(_("leverantörens organisationsnummer"), max_length=20,
                                           blank=True)
    invoice_number = models.CharField(_("fakturanummer"), max_length=60, blank=True)
    cost_centre = models.CharField(_("kostnadsställe"), max_length=60, blank=True)
    project = models.CharField(_("projekt"), max_length=60, blank=True)
    dimensions = models.JSONField(_("objekt"), null=True, blank=True)
    text = models.CharField(_("text"), max_length=300, blank=True)
    voucher_series = models.CharField(_("verifikationsserie"), max_length=20, blank=True)
    voucher_number = models.CharField(_("verifikationsnummer"), max_length=20, blank=True)
    voucher_date = models.DateField(_("verifikationsdatum"), null=True, blank=True)
    cost_category = models.CharField(_("kostnadsslag"), max_length=10,
                                     choices=CostCategory.choices, blank=True)
    contract = models.ForeignKey(
        "contracts.Contract", verbose_name=_("avtal"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="cost_lines", db_index=False, db_constraint=False,
    )
    match_method = models.CharField(_("matchning"), max_length=6, choices=MatchMethod.choices,
                                    default=MatchMethod.NONE)
    matched_rule = models.ForeignKey(
        "MatchingRule", verbose_name=_("matchad av regel"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", db_index=False, db_constraint=False,
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("matchad av"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", db_index=False, db_constraint=False,
    )
    matched_at = models.DateTimeField(_("matchad"), null=True, blank=True)

    objects = CostLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("kostnadsrad")
        verbose_name_plural = _("kostnadsrader")
        ordering = ["date", "voucher_series", "voucher_number", "line_no"]
        # An index on (organisation, date) is made by the migration: BRIN on PostgreSQL,
        # where imports append each organisation's lines in blocks and a BRIN index costs
        # next to nothing to keep up (a B-tree doubled the COPY time); B-tree on SQLite.
        indexes = [
            models.Index(fields=["contract", "organisation", "year"],
                         condition=Q(contract__isnull=False), name="ledger_line_contract"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.account} {format_money(self.amount)}"

    def get_absolute_url(self) -> str:
        return reverse("ledger:line", args=[self.pk])

    @property
    def amount(self):
        return ore_to_kronor(self.amount_ore)

    @property
    def voucher_label(self) -> str:
        return " ".join(p for p in (self.voucher_series, self.voucher_number) if p)


class CostSummary(models.Model):
    """Sums of cost lines per organisation, year, contract (none: unmatched) and cost category,
    kept current in the same transaction as every import, match and re-categorisation."""

    owner_field = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, null=True,
                                 related_name="+")
    category = models.CharField(_("kostnadsslag"), max_length=10, choices=CostCategory.choices,
                                blank=True)
    amount_ore = models.BigIntegerField(default=0)
    line_count = models.PositiveIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kostnadssummering")
        verbose_name_plural = _("kostnadssummeringar")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "contract", "category"],
                                    condition=Q(contract__isnull=False),
                                    name="ledger_summary_matched"),
            models.UniqueConstraint(fields=["organisation", "year", "category"],
                                    condition=Q(contract__isnull=True),
                                    name="ledger_summary_unmatched"),
        ]
        indexes = [models.Index(fields=["contract", "year"], name="ledger_summary_contract")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}/{self.contract_id or '-'}/{self.category}"


class Reconciliation(models.Model):
    """Contracted against invoiced for one contract, one organisation and one year: a row of
    the reconciliation page, refreshed whenever its lines, matches or contract terms change.

    `contracted_ore` is None when no amount is known for the organisation (or it is no party),
    and then `difference_ore` is None too: a missing amount is never read as zero.
    `deviation_ore` orders the page: the size of the difference, or of the invoiced amount that
    no contracted amount explains."""

    owner_field = "organisation"

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE,
                                 related_name="reconciliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    is_party = models.BooleanField(default=True)
    contracted_ore = models.BigIntegerField(null=True)
    invoiced_ore = models.BigIntegerField(default=0)
    difference_ore = models.BigIntegerField(null=True)
    deviation_ore = models.BigIntegerField(default=0)
    line_count = models.PositiveIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("avstämning")
        verbose_name_plural = _("avstämning")
        constraints = [
            models.UniqueConstraint(fields=["contract", "organisation", "year"],
                                    name="ledger_one_reconciliation"),
        ]
        indexes = [
            models.Index(fields=["year", "-deviation_ore"], name="ledger_recon_year"),
            models.Index(fields=["organisation", "year"], name="ledger_recon_org"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}/{self.organisation_id}/{self.year}"


class MatchingRule(GovernedModel):
    """Links an organisation's cost lines to a contract. Every condition that is filled in
    must hold; empty conditions are ignored. Rules run in priority order and the first that
    matches wins; lines matched by hand are never touched by rules."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="matching_rules",
        help_text=_("Regeln gäller kostnadsrader i den här organisationens bokföring."),
    )
    contract = models.ForeignKey(
        "contracts.Contract", verbose_name=_("avtal"), on_delete=models.PROTECT,
        related_name="matching_rules",
    )
    name = models.CharField(_("beskrivning"), max_length=200, blank=True)
    supplier_org_number = models.CharField(_("leverantörens organisationsnummer"), max_length=20,
                                           blank=True)
    supplier_pattern = models.CharField(
        _("leverantörens namn innehåller"), max_length=200, blank=True,
        help_text=_("Skiftläget spelar ingen roll; * står för vad som helst, t.ex. tieto*."),
    )
    account_from = models.CharField(_("från konto"), max_length=8, blank=True,
                                    validators=[validate_account])
    account_to = models.CharField(_("till konto"), max_length=8, blank=True,
                                  validators=[validate_account],
                                  help_text=_("Lämna tomt för ett enda konto."))
    cost_centre = models.CharField(_("kostnadsställe"), max_length=60, blank=True)
    project = models.CharField(_("projekt"), max_length=60, blank=True)
    dimension_object = models.CharField(
        _("objekt"), max_length=100, blank=True,
        help_text=_("Dimension och objekt, t.ex. 20:ABC500 (SIE-dimension 20, objekt ABC500)."),
    )
    text_pattern = models.CharField(
        _("texten innehåller"), max_length=200, blank=True,
        help_text=_("Skiftläget spelar ingen roll; * står för vad som helst."),
    )
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), default=100, help_text=_("Lägre tal prövas först."))

    history = HistoricalRecords()

    CONDITION_FIELDS = ("supplier_org_number", "supplier_pattern", "account_from", "cost_centre",
                        "project", "dimension_object", "text_pattern")

    class Meta:
        verbose_name = _("matchningsregel")
        verbose_name_plural = _("matchningsregler")
        ordering = ["organisation__name", "priority", "pk"]
        indexes = [models.Index(fields=["organisation", "archived_at"])]

    def __str__(self) -> str:
        return self.name or _("Regel %(n)s → %(contract)s") % {"n": self.pk or "ny",
                                                               "contract": self.contract}

    def get_absolute_url(self) -> str:
        return reverse("ledger:rule", args=[self.pk])

    def clean(self):
        if not any(getattr(self, name) for name in self.CONDITION_FIELDS):
            raise ValidationError(_("Ange minst ett villkor: leverantör, konto, "
                                    "kostnadsställe, projekt, objekt eller text."))
        if self.account_to and not self.account_from:
            raise ValidationError({"account_from": _("Ange kontointervallets början.")})
        if self.account_from and self.account_to:
            if len(self.account_from) != len(self.account_to):
                raise ValidationError({"account_to": _(
                    "Ange intervallets båda ändar med lika många siffror.")})
            if self.account_to < self.account_from:
                raise ValidationError({"account_to": _("Intervallet slutar före det börjar.")})
        if self.dimension_object and ":" not in self.dimension_object:
            raise ValidationError({"dimension_object": _(
                "Skriv dimension och objekt med kolon emellan, t.ex. 1:4100.")})
        if self.supplier_org_number:
            try:
                self.supplier_org_number = normalise_org_number(self.supplier_org_number)
            except ValueError as exc:
                raise ValidationError({"supplier_org_number": str(exc)}) from None
        if self.contract_id and self.organisation_id:
            contract = self.contract
            allowed = related_organisation_ids(contract.organisation_id)
            allowed.update(contract.parties.values_list("organisation_id", flat=True))
            if self.organisation_id not in allowed:
                raise ValidationError({"contract": _(
                    "Avtalet hör inte till organisationen: den är varken ägare, avtalspart "
                    "eller i samma samverkan.")})


class ColumnMapping(models.Model):
    """Which column of a supplier-ledger export holds which field, confirmed once per
    organisation and layout (the header row's fingerprint) and remembered."""

    owner_field = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+")
    confirmed_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kolumnmappning")
        verbose_name_plural = _("kolumnmappningar")
        constraints = [models.UniqueConstraint(fields=["organisation", "fingerprint"],
                                               name="ledger_one_mapping_per_layout")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {', '.join(self.header)[:80]}"
