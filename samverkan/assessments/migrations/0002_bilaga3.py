from django.db import migrations

from samverkan.assessments import bilaga3


def load(apps, schema_editor):
    bilaga3.load(*(apps.get_model("assessments", name) for name in (
        "Questionnaire", "SubArea", "Statement", "EconomyField")))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
