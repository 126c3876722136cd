"""The analyst's digest, worked out once per completed run (decision 0530)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0003_suggestions_and_arrivals_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='Digest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('computed_at', models.DateTimeField(verbose_name='computed')),
                ('figures', models.JSONField(default=dict)),
                ('run', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='digest', to='triage.triagerun')),
            ],
            options={
                'verbose_name': 'digest',
                'verbose_name_plural': 'digests',
            },
        ),
    ]
