"""The ledger app kept a budget of its own per management object, year and cost category beside
the financing budget. There is one budget now, this app's: each active ledger budget post
becomes a line of the object's budget for that year (the budget is made if there is none, a
line the financing budget already has for the category is kept as it is)."""

from django.db import migrations

NOTE = "Överförd från budgetposterna under Ekonomi."


def move_budgets(apps, schema_editor):
    ObjectBudget = apps.get_model("ledger", "ObjectBudget")
    Budget = apps.get_model("finance", "Budget")
    BudgetLine = apps.get_model("finance", "BudgetLine")
    for post in ObjectBudget.objects.filter(archived_at__isnull=True).order_by("pk"):
        budget = Budget.objects.filter(management_object_id=post.management_object_id,
                                       year=post.year, archived_at__isnull=True).first()
        if budget is None:
            budget = Budget.objects.create(management_object_id=post.management_object_id,
                                           year=post.year, note=NOTE)
        if not BudgetLine.objects.filter(budget=budget, category=post.category).exists():
            BudgetLine.objects.create(budget=budget, category=post.category,
                                      amount_ore=post.amount_ore, note=post.note[:200])


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0002_costpool_contract"),
        ("ledger", "0002_sqlite_line_index_by_year"),
    ]

    operations = [
        migrations.RunPython(move_budgets, migrations.RunPython.noop),
    ]
