"""A large document is made in the background: the page asks for it, the worker makes it
section by section writing its progress, the issued report is linked when done; the job is
the asker's alone, and a subject the asker can no longer see fails the job instead of leaking."""

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.reports import jobs, registry
from samverkan.reports.models import IssuedReport, ReportJob
from samverkan.testing.factories import ManagementObjectFactory

from .helpers import followed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(laxa):
    return followed_meeting(laxa, ManagementObjectFactory(organisation=laxa, name="Lärplattform"))


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_the_page_queues_the_job_and_the_worker_issues_it(meeting, editor, immediate):
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("reports:pack", args=[meeting.pk]), {
        "sections": ["omslag", "dagordning", "risker"], "format": "xlsx", "background": "on"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ReportJob.Status.DONE
    assert (job.done_sections, job.total_sections, job.percent) == (3, 3, 100)
    issued = IssuedReport.objects.get()
    assert job.issued == issued and issued.sections == ["omslag", "dagordning", "risker"]
    assert issued.issued_by == editor and issued.format == "xlsx"
    page = client.get(job.get_absolute_url()).content.decode()
    assert issued.get_absolute_url() in page and 'http-equiv="refresh"' not in page


def test_progress_is_written_section_by_section(meeting, editor):
    job = ReportJob.objects.create(kind=registry.STEERING_PACK, subject={"meeting": str(meeting.pk)},
                                   title="Paket", sections=["omslag", "risker"], format="html",
                                   requested_by=editor, total_sections=2)
    seen = []
    original = jobs.services.issue

    def spy(*args, on_section=None, **kwargs):
        def progress(done, total):
            on_section(done, total)
            seen.append(ReportJob.objects.get(pk=job.pk).done_sections)
        return original(*args, on_section=progress, **kwargs)

    jobs.services.issue = spy
    try:
        jobs.run(job)
    finally:
        jobs.services.issue = original
    assert seen == [1, 2]
    waiting = ReportJob.objects.create(kind=registry.STEERING_PACK, subject={}, title="x",
                                       sections=["a", "b", "c", "d"], format="html",
                                       requested_by=editor, total_sections=4, done_sections=2)
    assert waiting.percent == 45 and not waiting.finished


def test_a_job_is_the_askers_alone(meeting, editor, reader, immediate):
    job = jobs.request_document(editor, registry.STEERING_PACK, meeting, ["omslag"], "html")
    other = Client()
    other.force_login(reader)
    assert other.get(job.get_absolute_url()).status_code == 404
    assert job.title not in other.get(reverse("reports:issued")).content.decode() or \
        not ReportJob.objects.exclude(status=ReportJob.Status.DONE).exists()


def test_a_subject_no_longer_visible_fails_the_job(meeting, editor):
    job = ReportJob.objects.create(kind=registry.STEERING_PACK, subject={"meeting": "999999"},
                                   title="Paket", sections=["omslag"], format="html",
                                   requested_by=editor, total_sections=1)
    jobs.run(job)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and "finns inte" in job.message
    assert not IssuedReport.objects.exists()
    client = Client()
    client.force_login(editor)
    listing = client.get(reverse("reports:issued")).content.decode()
    assert job.get_absolute_url() in listing
    page = client.get(job.get_absolute_url()).content.decode()
    assert "finns inte" in page and 'http-equiv="refresh"' not in page


def test_an_unfinished_job_page_refreshes_itself(meeting, editor):
    job = ReportJob.objects.create(kind=registry.STEERING_PACK, subject={"meeting": str(meeting.pk)},
                                   title="Paket", sections=["omslag"], format="html",
                                   requested_by=editor, total_sections=1)
    client = Client()
    client.force_login(editor)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and 'value="0"' in page
