import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0002: on PostgreSQL a column cannot be altered in the transaction that filled
    it while its foreign-key checks are still pending."""

    dependencies = [
        ('reports', '0002_document_kinds'),
    ]

    operations = [
        migrations.AlterField(
            model_name='issuedreport',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='issued_reports', to='organisations.organisation', verbose_name='organisation'),
        ),
    ]
