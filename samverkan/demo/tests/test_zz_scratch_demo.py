import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from samverkan.demo import analysis, assessments, contracts, finance, initiatives, ledger, sydnarke
from samverkan.demo import planning as demo_planning
from samverkan.organisations.models import Organisation
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities
from samverkan.reports.yearly import economy, initiatives as yi, plans
from samverkan.reports.yearly.scope import YearlySubject

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def test_scratch_demo():
    load_reference_data(); load_capabilities(); sydnarke.load(); contracts.load(); ledger.load()
    finance.load(today=TODAY); sydnarke.create_demo_users(); demo_planning.load(today=TODAY)
    initiatives.load()
    users = get_user_model().objects
    laxa = Organisation.objects.get(name__startswith="Laxå", kind="kommun")
    board = Organisation.objects.get(name="Sydnärkes IT-nämnd")
    for org, user in ((laxa, users.get(username="laxa")), (board, users.get(username="sydnarke"))):
        for year in (2021, 2026):
            ctx = SimpleNamespace(subject=YearlySubject(org, year), user=user, as_of=TODAY, cache={})
            for f in (plans.goals_section, yi.benefits_section, economy.costs_section,
                      economy.contracts_section, plans.risks_section, yi.initiatives_section):
                c = f(ctx)
                print("==", org, year, f.__name__)
                for p in c.paragraphs:
                    print("  P", p)
                for t in c.tables:
                    print("  T", t.title)
                    for r in t.all_rows:
                        print("    ", r)
