"""The suggestions page's order as an index of the undecided rows (decision 0527): a page
reads its 50 entries instead of sorting every pending row of the campaign; and the arrivals,
which the overview counts."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0002_group_templates_and_own_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='addresstriage',
            index=models.Index(condition=models.Q(('suggestion__in', ['none', 'suggested'])), fields=['campaign', '-suggestion', 'address'], name='triage_address_undecided'),
        ),
        migrations.AddIndex(
            model_name='addresstriage',
            index=models.Index(condition=models.Q(('origin', 'arrival')), fields=['campaign'], name='triage_address_arrivals'),
        ),
    ]
