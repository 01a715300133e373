"""The pack from the command line (for scheduling) and with an administrator's own template."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pptx import Presentation
from pptx.util import Inches

from samverkan.reports.models import IssuedReport
from samverkan.testing.factories import ManagementObjectFactory

from .helpers import followed_meeting, pptx_tables, slides, xlsx_sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(laxa):
    return followed_meeting(laxa, ManagementObjectFactory(organisation=laxa, name="Lärplattform"))


def test_the_command_writes_and_issues_the_pack(meeting, superuser, tmp_path):
    target = tmp_path / "paket.xlsx"
    call_command("report", "steering-pack", "--meeting", str(meeting.pk), "--format", "xlsx",
                 "--output", str(target), "--sections", "omslag,risker", "--issue",
                 stdout=io.StringIO())
    sheets = xlsx_sheets(target.read_bytes())
    assert list(sheets) == ["Paket", "Risker och åtgärder"]
    issued = IssuedReport.objects.get()
    assert (issued.issued_by, issued.sections, bytes(issued.content)) == (
        superuser, ["omslag", "risker"], target.read_bytes())


def test_the_command_refuses_what_its_user_may_not_read_or_does_not_know(meeting, tmp_path,
                                                                         superuser):
    with pytest.raises(CommandError, match="Okända avsnitt"):
        call_command("report", "steering-pack", "--meeting", str(meeting.pk), "--output",
                     str(tmp_path / "x.pptx"), "--sections", "budgetx")
    with pytest.raises(CommandError, match="finns inte"):
        call_command("report", "steering-pack", "--meeting", "999999", "--output",
                     str(tmp_path / "x.pptx"))


def test_an_uploaded_template_is_used_for_every_new_pack(meeting, superuser, client, settings,
                                                         tmp_path):
    settings.SAMVERKAN_REPORT_TEMPLATE = str(tmp_path / "mall.pptx")
    own = Presentation()
    own.slide_width, own.slide_height = Inches(13.333), Inches(7.5)  # widescreen
    own.slides.add_slide(own.slide_layouts[6])  # an example slide, not part of packs
    buffer = io.BytesIO()
    own.save(buffer)
    client.force_login(superuser)
    response = client.post(reverse("reports:template"), {
        "template": SimpleUploadedFile("mall.pptx", buffer.getvalue())})
    assert response.status_code == 302
    response = client.get(f"/api/reports/steering-pack/?meeting={meeting.pk}&format=pptx")
    deck = Presentation(io.BytesIO(response.content))
    assert deck.slide_width == Inches(13.333)
    assert "Risker och åtgärder" in pptx_tables(response.content)
    assert slides(response.content)[0].shapes.title.text.startswith("Styrgruppsmöte")
    refused = client.post(reverse("reports:template"), {
        "template": SimpleUploadedFile("mall.pptx", b"not a presentation")})
    assert refused.status_code == 400
    assert "går inte att läsa som PowerPoint" in refused.content.decode()
