"""Participants of an activity become people (with their organisation); the free text they
were is kept at the end of the activity's description. Out-of-plan assignments gain their
prepared decision basis; an agenda item can carry the whole project status."""

from django.db import migrations, models


def keep_participant_text(apps, schema_editor):
    Activity = apps.get_model("planning", "Activity")
    for activity in Activity.objects.exclude(participants_text=""):
        note = f"Deltagare: {activity.participants_text}"
        activity.description = f"{activity.description}\n\n{note}".strip()
        activity.save(update_fields=["description"])


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0001_initial"),
        ("planning", "0006_agenda_items"),
    ]

    operations = [
        migrations.RenameField("activity", "participants", "participants_text"),
        migrations.RenameField("historicalactivity", "participants", "participants_text"),
        migrations.RunPython(keep_participant_text, migrations.RunPython.noop),
        migrations.RemoveField("activity", "participants_text"),
        migrations.RemoveField("historicalactivity", "participants_text"),
        migrations.AddField(
            model_name="activity", name="participants",
            field=models.ManyToManyField(blank=True, related_name="activities_taken_part_in",
                                         to="organisations.person", verbose_name="deltagare"),
        ),
        migrations.AddField(
            model_name="activity", name="decision_basis",
            field=models.TextField(blank=True, help_text="För uppdrag utanför plan: det beredda underlaget (kort text eller länk till dokumentet) som styrgruppen beslutar om.", verbose_name="beslutsunderlag"),
        ),
        migrations.AddField(
            model_name="historicalactivity", name="decision_basis",
            field=models.TextField(blank=True, help_text="För uppdrag utanför plan: det beredda underlaget (kort text eller länk till dokumentet) som styrgruppen beslutar om.", verbose_name="beslutsunderlag"),
        ),
        migrations.AlterField(
            model_name="agendaitem", name="content",
            field=models.CharField(blank=True, choices=[('', 'Ingen'), ('status', 'Projektstatus: aktiviteter sedan sist, tidsåtgång, risker – utfall'), ('aktiviteter', 'Aktiviteter sedan sist'), ('tid', 'Tidsåtgång'), ('risker', 'Risker – utfall'), ('atgarder', 'Öppna åtgärder från tidigare möten')], default="", max_length=11, verbose_name="innehåll från planen"),
        ),
        migrations.AlterField(
            model_name="historicalagendaitem", name="content",
            field=models.CharField(blank=True, choices=[('', 'Ingen'), ('status', 'Projektstatus: aktiviteter sedan sist, tidsåtgång, risker – utfall'), ('aktiviteter', 'Aktiviteter sedan sist'), ('tid', 'Tidsåtgång'), ('risker', 'Risker – utfall'), ('atgarder', 'Öppna åtgärder från tidigare möten')], default="", max_length=11, verbose_name="innehåll från planen"),
        ),
    ]
