"""Stored groups' template signatures and band keys computed again with the n-gram hash of
decision 0576: an arrival's signature is made with the new hash, so keys stored by a run before
it would never match (arrivals would wait for the next run to find their groups)."""

from django.db import migrations

BATCH = 2_000


def rehash(apps, schema_editor):
    from heard.triage import incremental
    from heard.triage.lib.normalise import normalise

    DuplicateGroup = apps.get_model("triage", "DuplicateGroup")
    GroupKey = apps.get_model("triage", "GroupKey")
    Address = apps.get_model("addresses", "Address")
    last = 0
    while True:
        groups = list(DuplicateGroup.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not groups:
            return
        last = groups[-1].pk
        wanted = {group.template_id or group.primary_id for group in groups}
        texts = dict(Address.objects.filter(pk__in=wanted).values_list("pk", "text"))
        normalised = [normalise(texts.get(g.template_id or g.primary_id) or "") for g in groups]
        signatures = incremental.signatures_of(normalised)
        keys = incremental.template_band_keys(signatures)
        for group, signature in zip(groups, signatures, strict=True):
            group.signature = incremental.signature_bytes(signature)
        DuplicateGroup.objects.bulk_update(groups, ["signature"], batch_size=BATCH)
        GroupKey.objects.filter(group_id__in=[group.pk for group in groups]).delete()
        GroupKey.objects.bulk_create(
            (GroupKey(campaign_id=group.campaign_id, group_id=group.pk, key=int(key))
             for group, row_keys in zip(groups, keys, strict=True) for key in row_keys),
            batch_size=BATCH,
        )


class Migration(migrations.Migration):

    dependencies = [
        ("triage", "0004_digest_stored_per_run"),
        ("addresses", "0001_initial"),
    ]

    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
