"""Writes to addresses. Each transition checks permission and guard, writes the state with its
timestamp and an audit event in one transaction, and e-mails the applicant after commit."""

from heard.addresses.services.applicant import address_rate, address_return
from heard.addresses.services.events import event_notice_answer, event_notice_send
from heard.addresses.services.handling import (
    address_answer,
    address_assign,
    address_extend,
    address_forward,
    address_leave,
    address_merge,
    address_merge_bulk,
)
from heard.addresses.services.holds import (
    address_confirm,
    address_release,
    address_set_aside,
    addresses_held,
    addresses_hold_unconfirmed,
    confirmation_matches,
    confirmation_token,
)
from heard.addresses.services.intake import (
    address_receive,
    address_register,
    addresses_register_received,
)
from heard.addresses.services.organisations import (
    api_key_authenticate,
    api_key_issue,
    api_key_revoke,
    campaign_open,
    organisation_register,
    organisation_suspend,
    organisation_verify,
)
from heard.addresses.services.verdicts import (
    address_verdict,
    addresses_overdue_notify,
    addresses_verdict_remind,
    complaint_allowed,
    complaint_text,
    next_steps_text,
)

__all__ = [
    "address_answer",
    "address_verdict",
    "addresses_overdue_notify",
    "addresses_verdict_remind",
    "complaint_allowed",
    "complaint_text",
    "next_steps_text",
    "address_confirm",
    "address_release",
    "address_set_aside",
    "addresses_held",
    "addresses_hold_unconfirmed",
    "confirmation_matches",
    "confirmation_token",
    "address_assign",
    "address_extend",
    "address_forward",
    "address_leave",
    "address_merge",
    "address_merge_bulk",
    "address_rate",
    "address_receive",
    "address_register",
    "address_return",
    "addresses_register_received",
    "api_key_authenticate",
    "api_key_issue",
    "api_key_revoke",
    "campaign_open",
    "event_notice_answer",
    "event_notice_send",
    "organisation_register",
    "organisation_suspend",
    "organisation_verify",
]
