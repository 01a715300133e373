"""Every reports page and API endpoint × every role, on the planning cast's meetings of Laxå
(own), Hallsberg (other) and their cooperation (coop). Meetings are read by everyone signed in,
so their packs are too (each holding what its reader may see); a pack issued with confidential
values opens only for its issuer and superusers; the template is the administrators'.

Read a row as: "<request> — <who gets yes>, the others get <no>"."""

import pytest
from django.urls import reverse

from samverkan.reports.models import IssuedReport, MeetingAnalyses, ReportJob
from samverkan.testing.cast import (
    ANONYMOUS,
    CHANGERS,
    EDITOR,
    ROLES,
    SCOPES,
    SIGNED_IN,
    SUPERUSER,
    extend_cast,
)
from samverkan.testing.matrix import (
    DENIED,
    MISSING,
    SAVED,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

pytestmark = pytest.mark.django_db

EVERYONE_BUT_ROOT = {who: MISSING for who in SIGNED_IN - {SUPERUSER}}


@pytest.fixture
def rcast(pcast, monkeypatch):
    """The planning cast with two issued packs of Laxå's meeting: a plain one the editor made
    and one the superuser made holding confidential values."""
    extend_cast(monkeypatch, snapshot_apps=("reports",))
    meeting = pcast.meetings["own"]
    pcast.issued = {
        "plain": IssuedReport.objects.create(
            meeting=meeting, organisation=meeting.organisation, format="html",
            title="Styrgruppspaket", sections=["omslag"], as_of=meeting.held_on,
            issued_by=pcast.users[EDITOR], filename="paket.html", content=b"<p>Paket</p>",
            sha256="0" * 64),
        "secret": IssuedReport.objects.create(
            meeting=meeting, organisation=meeting.organisation, format="html",
            title="Styrgruppspaket", sections=["beslut"], as_of=meeting.held_on,
            issued_by=pcast.users[SUPERUSER], filename="hemligt.html",
            content=b"<p>Hemligt</p>", sha256="1" * 64, contains_confidential=True)}
    pcast.job = ReportJob.objects.create(
        kind="steering-pack", subject={"meeting": str(meeting.pk)}, title="Stort paket",
        sections=["omslag"], format="pptx", requested_by=pcast.users[EDITOR], total_sections=1)
    return pcast


def document_url(name, scope):
    return lambda c: reverse(name, args=["steering-pack"]) + f"?meeting={c.meetings[scope].pk}"


def issued(name, kind="reports:issued_detail"):
    return lambda c: reverse(kind, args=[c.issued[name].pk])


def meeting_url(name, s, query=""):
    return lambda c: reverse(name, args=[c.meetings[s].pk]) + query


def plan_document(name, s):
    return lambda c: f"{reverse(name, args=['status-report'])}?plan={c.plans[s].pk}"


def group_document(name, s):
    return lambda c: f"{reverse(name, args=['rollup'])}?group={c.groups[s].pk}&year=2026"


def pack_made(s, fmt):
    return lambda c: IssuedReport.objects.filter(meeting=c.meetings[s], format=fmt).exists()


PAGES = [
    Case("issued list", lambda c: reverse("reports:issued"), SIGNED_IN,
         shows=lambda c: ["paket.html"], link=lambda c: reverse("reports:template"),
         link_roles=frozenset({SUPERUSER})),
    Case("issued detail", issued("plain"), SIGNED_IN, shows=lambda c: ["paket.html"]),
    Case("issued file", issued("plain", "reports:issued_file"), SIGNED_IN,
         shows=lambda c: ["<p>Paket</p>"]),
    Case("issued detail with confidential values", issued("secret"), {SUPERUSER},
         overrides=EVERYONE_BUT_ROOT),
    Case("issued file with confidential values", issued("secret", "reports:issued_file"),
         {SUPERUSER}, overrides=EVERYONE_BUT_ROOT),
    Case("template form", lambda c: reverse("reports:template"), {SUPERUSER}),
    Case("a background job's page is its asker's", lambda c: reverse("reports:job",
                                                                     args=[c.job.pk]),
         {EDITOR, SUPERUSER}, shows=lambda c: ["Stort paket"],
         overrides={who: MISSING for who in SIGNED_IN - {EDITOR, SUPERUSER}}),
    *[case for s in SCOPES for case in (
        Case(f"pack form ({s})", meeting_url("reports:pack", s), SIGNED_IN,
             shows=lambda c, s=s: [str(c.meetings[s])]),
        Case(f"print view ({s})", meeting_url("reports:print", s), SIGNED_IN,
             shows=lambda c, s=s: [str(c.meetings[s]), "Uppgifter per"]),
        Case(f"issue a pack ({s})", meeting_url("reports:pack", s), SIGNED_IN, yes=SAVED,
             method="post", data=lambda c: {"sections": ["omslag", "dagordning"],
                                            "format": "xlsx"},
             effect=pack_made(s, "xlsx")),
        Case(f"pack form shows the meeting's analyses ({s})", meeting_url("reports:pack", s),
             SIGNED_IN, shows=lambda c: ["Analyser i paketet"]),
        Case(f"choice of analyses ({s})", meeting_url("reports:analyses", s), CHANGERS[s],
             shows=lambda c: ["Spara mötets analyser"]),
        Case(f"choose the analyses ({s})", meeting_url("reports:analyses", s), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: {"licence_year": "2021"},
             effect=lambda c, s=s: MeetingAnalyses.objects.filter(
                 meeting=c.meetings[s], licence_year=2021).exists()),
        Case(f"document form of a steering pack ({s})", document_url("reports:make", s),
             SIGNED_IN, shows=lambda c, s=s: [str(c.meetings[s])]),
        Case(f"document print view of a steering pack ({s})",
             document_url("reports:print_document", s), SIGNED_IN,
             shows=lambda c, s=s: [str(c.meetings[s]), "Uppgifter per"]),
        Case(f"issue a steering pack by its document address ({s})",
             document_url("reports:make", s), SIGNED_IN, yes=SAVED, method="post",
             data=lambda c: {"sections": ["omslag"], "format": "html"},
             effect=pack_made(s, "html")),
        Case(f"status report document form ({s})", plan_document("reports:make", s),
             SIGNED_IN, shows=lambda c, s=s: [str(c.plans[s])]),
        Case(f"issue a status report ({s})", plan_document("reports:make", s), SIGNED_IN,
             yes=SAVED, method="post", data=lambda c: {"sections": ["status"], "format": "xlsx"},
             effect=lambda c, s=s: IssuedReport.objects.filter(
                 kind="status-report", subject={"plan": str(c.plans[s].pk)}).exists()),
        Case(f"roll-up print view ({s})", group_document("reports:print_document", s),
             SIGNED_IN, shows=lambda c, s=s: [str(c.groups[s]), "Läge per förvaltningsobjekt"]),
        Case(f"plan page offers the status report ({s})",
             lambda c, s=s: reverse("planning:plan", args=[c.plans[s].pk]), SIGNED_IN,
             link=lambda c, s=s: f"{reverse('reports:make', args=['status-report'])}"
                                 f"?plan={c.plans[s].pk}", link_roles=SIGNED_IN),
        Case(f"group page offers the roll-up ({s})",
             lambda c, s=s: reverse("planning:group", args=[c.groups[s].pk]) + "?ar=2026",
             SIGNED_IN, link=lambda c, s=s: f"{reverse('reports:print_document', args=['rollup'])}"
                                            f"?group={c.groups[s].pk}&amp;year=2026",
             link_roles=SIGNED_IN),
        Case(f"meeting page offers the pack ({s})", meeting_url("planning:meeting", s),
             SIGNED_IN, shows=lambda c: ["Styrgruppspaket"],
             link=meeting_url("reports:print", s), link_roles=SIGNED_IN),
    )],
    Case("document of an unknown kind",
         lambda c: reverse("reports:make", args=["okand"]) + "?meeting=1", frozenset(),
         no=MISSING),
    Case("document without its subject", lambda c: reverse("reports:make", args=[
        "steering-pack"]) + "?meeting=x", frozenset(), no=MISSING),
]


@pytest.mark.parametrize("case", PAGES, ids=str)
def test_page_permission_matrix(case, rcast):
    check_every_role(case, rcast)


def api(name, url, allowed, **options):
    return Case(name, url, allowed, anonymous=UNAUTHORISED, **options)


API = [
    api("issued reports", lambda c: "/api/issued-reports/", SIGNED_IN,
        shows=lambda c: ["paket.html"]),
    api("issued report", lambda c: f"/api/issued-reports/{c.issued['plain'].pk}/", SIGNED_IN),
    api("issued report file", lambda c: f"/api/issued-reports/{c.issued['plain'].pk}/file/",
        SIGNED_IN, shows=lambda c: ["<p>Paket</p>"]),
    api("issued report with confidential values",
        lambda c: f"/api/issued-reports/{c.issued['secret'].pk}/file/", {SUPERUSER},
        overrides=EVERYONE_BUT_ROOT),
    api("issued reports cannot be changed", lambda c: f"/api/issued-reports/{c.issued['plain'].pk}/",
        frozenset(), method="delete", no="HTTP 405"),
    *[api(f"steering pack ({s}, {fmt})",
          lambda c, s=s, fmt=fmt: f"/api/reports/steering-pack/?meeting={c.meetings[s].pk}"
                                  f"&format={fmt}", SIGNED_IN)
      for s in SCOPES for fmt in ("pptx", "xlsx", "html")],
    *[api(f"status report ({s}, {fmt})",
          lambda c, s=s, fmt=fmt: f"/api/reports/status-report/?plan={c.plans[s].pk}"
                                  f"&format={fmt}", SIGNED_IN)
      for s in SCOPES for fmt in ("pptx", "xlsx")],
    *[api(f"roll-up ({s})", lambda c, s=s: f"/api/reports/rollup/?group={c.groups[s].pk}"
                                           f"&year=2026&format=pptx", SIGNED_IN)
      for s in SCOPES],
    api("roll-up of a bad year", lambda c: f"/api/reports/rollup/?group={c.groups['own'].pk}"
                                           f"&year=1&format=pptx", frozenset(),
        no="400 refused by the form"),
    api("steering pack of an unknown meeting",
        lambda c: "/api/reports/steering-pack/?meeting=999999&format=pptx", frozenset(),
        no=MISSING),
    api("a document of an unknown kind", lambda c: "/api/reports/okand/?meeting=1", frozenset(),
        no=MISSING),
    api("steering pack without a meeting", lambda c: "/api/reports/steering-pack/?meeting=x",
        frozenset(), no="400 refused by the form"),
    api("steering pack in an unknown format",
        lambda c: f"/api/reports/steering-pack/?meeting={c.meetings['own'].pk}&format=pdf",
        frozenset(), no="400 refused by the form"),
]


@pytest.mark.parametrize("case", API, ids=str)
def test_api_permission_matrix(case, rcast):
    check_every_role(case, rcast, send=api_send)


@pytest.mark.parametrize("url", ["/rapporter/", "/api/issued-reports/"])
def test_a_pack_with_confidential_values_is_listed_for_the_superuser_only(url, rcast):
    for who in SIGNED_IN:
        text = rcast.client(who).get(url, HTTP_ACCEPT="application/json").content.decode()
        assert "paket.html" in text
        assert ("hemligt.html" in text) == (who == SUPERUSER), who


def test_every_reports_url_is_in_the_matrix():
    from samverkan.reports.urls import urlpatterns
    covered = {"issued", "issued_detail", "issued_file", "pack", "print", "template", "make",
               "print_document", "job", "analyses"}
    # the decision basis's own pages are in test_decision_basis_matrix.py
    assert {p.name for p in urlpatterns if not p.name.startswith("basis")} == covered
    assert ANONYMOUS in ROLES and DENIED
