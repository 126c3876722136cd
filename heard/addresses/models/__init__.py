"""Individual addresses and what they hang on: policy per addressee, categories, routing rules,
numbering, intake campaigns, intermediary organisations and API keys."""

from heard.addresses.models.address import Address, AddressAnswer, Verdict
from heard.addresses.models.bulk import BulkAction
from heard.addresses.models.events import EventNotice
from heard.addresses.models.imports import ImportKey
from heard.addresses.models.intake import ApiKey, Campaign, Organisation
from heard.addresses.models.policy import (
    AddressPolicy,
    AnswerTemplate,
    Category,
    NumberCounter,
    RoutingRule,
)

__all__ = [
    "Address",
    "AddressAnswer",
    "AddressPolicy",
    "AnswerTemplate",
    "BulkAction",
    "Verdict",
    "ApiKey",
    "Campaign",
    "Category",
    "EventNotice",
    "ImportKey",
    "NumberCounter",
    "Organisation",
    "RoutingRule",
]
