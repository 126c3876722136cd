"""Triage of the demo intake campaign, run in the foreground by `heard demo_load`."""

from heard.addresses.demo import CAMPAIGN_SLUG
from heard.addresses.models import Campaign
from heard.triage import services
from heard.triage.locks import campaign_lock
from heard.triage.models import TriageRun


def triage_demo_load(*, stdout=None) -> None:
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is None:
        _say(stdout, "Triage demo skipped: no demo campaign.")
        return
    if TriageRun.objects.filter(campaign=campaign, status=TriageRun.Status.COMPLETED).exists():
        _say(stdout, "Triage demo already run.")
        return
    with campaign_lock(campaign.pk) as held:
        # The sentence encoder would add a minute for a demo; TF-IDF alone reads well enough.
        run = services.triage_run_campaign(campaign_id=campaign.pk, encoder=False) if held else None
    if run is None:
        _say(stdout, "Triage demo skipped: a triage of the demo campaign is under way.")
        return
    _say(stdout, f"Triage: {run.addresses} addresses, {run.groups} duplicate groups, "
                 f"{run.clusters} topics.")


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")
