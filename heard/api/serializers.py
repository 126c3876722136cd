"""Turning appeals into the API's shapes; what a rejection hides stays hidden here too."""

from heard.appeals import selectors
from heard.appeals.models import Appeal


def appeal_summary_out(appeal: Appeal) -> dict:
    return {
        "id": appeal.pk,
        "url": appeal.get_absolute_url(),
        "title": appeal.title,
        "addressee": appeal.addressee.name,
        "group_name": appeal.group_name,
        "state": appeal.status,
        "response_state": selectors.appeal_response_state(appeal),
        "response_due_at": appeal.response_due_at,
        "responded_at": appeal.responded_at,
        "response_days_late": selectors.appeal_response_days_late(appeal),
        "signature_count": appeal.signature_count,
        "opened_at": appeal.opened_at,
        "closes_at": appeal.closes_at,
    }


def appeal_detail_out(appeal: Appeal) -> dict:
    policy = appeal.addressee
    response = getattr(appeal, "response", None) if appeal.responded_at else None
    return {
        **appeal_summary_out(appeal),
        "demands": None if appeal.text_hidden else appeal.demands,
        "text": None if appeal.text_hidden else appeal.text,
        "rejection_code": appeal.rejection_code or None,
        "rejection_details": appeal.rejection_details or None,
        "response_threshold": {
            "signatures": policy.response_threshold,
            "reached_at": appeal.response_threshold_reached_at,
        },
        "consideration_threshold": {
            "signatures": policy.consideration_threshold,
            "reached_at": appeal.consideration_threshold_reached_at,
        },
        "response": (
            {
                "text": response.text,
                "responded_on": response.responded_on,
                "office": response.office,
                "published_at": response.published_at,
            }
            if response
            else None
        ),
        "regions": [
            {"code": rc.region.code, "name": rc.region.name, "count": rc.count}
            for rc in selectors.appeal_region_counts(appeal)
        ],
        "counted_at": appeal.counted_at,
        "provenance": provenance_out(appeal),
    }


def provenance_out(appeal: Appeal) -> dict | None:
    provenance = getattr(appeal, "provenance", None)
    if provenance is None:
        return None
    return {
        "platform": provenance.platform,
        "channel": provenance.channel_name,
        "post_ids": provenance.post_ids,
        "published_at": provenance.published_at,
        "registered_at": provenance.registered_at,
        "forwarded_from": provenance.forwarded_from,
        "link": provenance.link,
        "media": [
            {
                "media_type": media.media_type,
                "file_name": media.file_name,
                "mime_type": media.mime_type,
                "duration_seconds": media.duration_seconds,
                "link": media.link,
            }
            for media in provenance.media.all()
        ],
    }
