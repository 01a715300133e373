"""Documents made in the background: a large pack is asked for on the page, made by the worker
section by section with its progress written to the job, and kept as issued when done. The
reader the document is made for is the one who asked; the subject is looked up again as that
reader when the work starts, so a right lost in between is a failed job, not a leak."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import task
from django.utils.translation import gettext as _

from . import registry, services
from .models import ReportJob


def request_document(user, kind: str, subject, keys, fmt: str) -> ReportJob:
    spec = registry.kind(kind)
    keys = [section.key for section in registry.chosen(keys, kind)]
    job = ReportJob.objects.create(kind=kind, subject=spec.params_of(subject),
                                   title=spec.title(subject), sections=keys, format=fmt,
                                   requested_by=user, total_sections=len(keys))
    make_document.enqueue(job.pk)
    return job


def visible_jobs(user):
    jobs = ReportJob.objects.select_related("issued")
    return jobs if user.is_superuser else jobs.filter(requested_by=user)


def run(job: ReportJob) -> ReportJob:
    """Make the job's document now (the worker's part)."""
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING)
    user = job.requested_by
    try:
        subject = registry.kind(job.kind).resolve(user, job.subject)
        if subject is None:
            raise PermissionDenied(_("Det rapporten gäller finns inte längre eller får inte "
                                     "läsas av dig."))

        def progress(done: int, total: int) -> None:
            ReportJob.objects.filter(pk=job.pk).update(done_sections=done, total_sections=total)

        issued = services.issue(user, subject, job.sections, job.format, kind=job.kind,
                                on_section=progress)
    except (PermissionDenied, ValidationError, KeyError) as exc:
        message = " ".join(getattr(exc, "messages", None) or [str(exc)])
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED,
                                                   message=message)
    except Exception:
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, message=_(
            "Rapporten kunde inte tas fram på grund av ett oväntat fel. Försök igen, och "
            "kontakta förvaltningen om felet kommer tillbaka."))
        raise
    else:
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.DONE,
                                                   issued=issued)
    job.refresh_from_db()
    return job


@task
def make_document(job_id: int) -> None:
    job = ReportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is not None and job.status == ReportJob.Status.QUEUED:
        run(job)
