from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.addresses.models.address import Address


class EventNotice(models.Model):
    """A notice of a public event (Russia's 54-FZ): an address of its own kind, with its own
    3-day clock and a closed list of outcomes. Everything here is public in the register of
    notices; the organiser's name and contacts stay on the address and are never shown."""

    class Form(models.TextChoices):
        MEETING = "meeting", _("meeting")
        RALLY = "rally", _("rally")
        DEMONSTRATION = "demonstration", _("demonstration")
        MARCH = "march", _("march")
        PICKET = "picket", _("picket")

    class Outcome(models.TextChoices):
        AGREED = "agreed", _("agreed")
        CHANGE_PROPOSED = "change_proposed", _("another place or time proposed, with reasons")
        REFUSED = "refused", _("refused")

    class Ground(models.TextChoices):
        """The only grounds 54-FZ (article 12, part 3) gives to refuse."""

        ORGANISER_NOT_ELIGIBLE = (
            "organiser_not_eligible",
            _("the organiser may not organise a public event"),
        )
        PLACE_PROHIBITED = "place_prohibited", _("the event is held where the law forbids it")

    address = models.OneToOneField(Address, on_delete=models.CASCADE, related_name="event")
    form = models.CharField(_("form of the event"), max_length=16, choices=Form.choices)
    purpose = models.CharField(_("purpose"), max_length=500)
    event_date = models.DateField(_("date of the event"), db_index=True)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place or route"), max_length=500)
    participants = models.PositiveIntegerField(_("expected participants"))
    organising_group = models.CharField(_("organising group"), max_length=200)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, db_index=True
    )
    ground = models.CharField(
        _("ground of refusal"), max_length=32, choices=Ground.choices, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True, max_length=5000)
    proposal = models.CharField(_("proposed place or time"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("public-event notice")
        verbose_name_plural = _("public-event notices")
        ordering = ["-event_date"]

    def __str__(self) -> str:
        return f"{self.address.number}: {self.event_date} {self.place[:40]}"
