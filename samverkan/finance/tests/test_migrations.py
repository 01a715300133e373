"""The ledger's own budget posts become lines of the one budget when the apps are upgraded."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("ledger", "0002_sqlite_line_index_by_year"), ("finance", "0002_costpool_contract")]
AFTER = [("ledger", "0003_drop_objectbudget"), ("finance", "0003_budgets_from_ledger")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Leave the database at the latest migrations, whatever the test migrated to: later tests
    in the same process use the same database."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_ledger_budget_posts_become_lines_of_the_objects_budget(latest_schema_after):
    apps = _migrate(BEFORE)
    Organisation = apps.get_model("organisations", "Organisation")
    ManagementObject = apps.get_model("portfolio", "ManagementObject")
    ObjectBudget = apps.get_model("ledger", "ObjectBudget")
    Budget = apps.get_model("finance", "Budget")
    BudgetLine = apps.get_model("finance", "BudgetLine")
    owner = Organisation.objects.create(name="Sydnärkes IT-nämnd", kind="gemensam_namnd")
    learning = ManagementObject.objects.create(name="Lärplattform", organisation=owner)
    other = ManagementObject.objects.create(name="Ekonomi", organisation=owner)
    kept = Budget.objects.create(management_object=learning, year=2021)
    BudgetLine.objects.create(budget=kept, category="licenser", amount_ore=50_000_00)
    for target, category, amount in ((learning, "licenser", 40_000_00),  # finance's line stays
                                     (learning, "saas", 560_000_00),
                                     (other, "drift", 12_345_67)):
        ObjectBudget.objects.create(management_object=target, year=2021, category=category,
                                    amount_ore=amount, note="Enligt förvaltningsplanen")
    ObjectBudget.objects.create(management_object=other, year=2022, category="drift",
                                amount_ore=1, archived_at="2022-05-01T00:00:00Z")

    apps = _migrate(AFTER)
    Budget = apps.get_model("finance", "Budget")
    lines = {(line.budget.management_object.name, line.budget.year, line.category):
             line.amount_ore
             for line in apps.get_model("finance", "BudgetLine").objects.select_related(
                 "budget__management_object")}
    assert lines == {("Lärplattform", 2021, "licenser"): 50_000_00,
                     ("Lärplattform", 2021, "saas"): 560_000_00,
                     ("Ekonomi", 2021, "drift"): 12_345_67}
    assert Budget.objects.count() == 2
    assert "ledger_objectbudget" not in connection.introspection.table_names()
