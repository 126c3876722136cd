from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BaseModel, Field, field_validator


class ErrorOut(Schema):
    code: str
    detail: str


class RegionCountOut(Schema):
    code: str
    name: str
    count: int


class ResponseOut(Schema):
    text: str | None
    responded_on: date
    office: str
    published_at: datetime


class ThresholdOut(Schema):
    signatures: int
    reached_at: datetime | None


class MediaReferenceOut(Schema):
    media_type: str = Field(description="As Telegram names it: photo, video_file, document…")
    file_name: str
    mime_type: str
    duration_seconds: int | None
    link: str = Field(description="The post that holds the file; empty for a private channel.")


class ProvenanceOut(Schema):
    """Where an appeal made elsewhere was first published (decision 0547)."""

    platform: str
    channel: str
    post_ids: list[int]
    published_at: datetime = Field(description="When it was published there.")
    registered_at: datetime = Field(
        description="When it was registered here; the addressee's time is counted from it."
    )
    forwarded_from: str
    link: str = Field(description="The first post's public address; empty without one.")
    media: list[MediaReferenceOut]


class AppealSummaryOut(Schema):
    id: int
    url: str
    title: str
    addressee: str
    group_name: str
    state: str
    response_state: str
    response_due_at: datetime | None
    responded_at: datetime | None
    response_days_late: int | None = Field(
        description="Days the response came (or, not given yet, is) past its due date; "
        "null when on time. A late response stays late."
    )
    signature_count: int
    opened_at: datetime | None
    closes_at: datetime | None


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str = Field(description="document, image, video (a file) or video_link")
    type: str | None = Field(description="The type read from the file's content")
    size: int | None = Field(description="Bytes; null for a video link")
    url: str = Field(description="Where it opens: an image, a video's player page, a download")


class AppealDetailOut(AppealSummaryOut):
    demands: list[str] | None
    text: str | None
    rejection_code: str | None
    rejection_details: str | None
    response_threshold: ThresholdOut
    consideration_threshold: ThresholdOut
    response: ResponseOut | None
    regions: list[RegionCountOut]
    counted_at: datetime | None
    attachments: list[AttachmentOut] = Field(description="Public attachments of the appeal")
    provenance: ProvenanceOut | None = Field(
        None, description="Set for an appeal made elsewhere (on Telegram) and registered here."
    )


class CountOut(Schema):
    id: int
    signature_count: int
    counted_at: datetime | None


# The signing route's body and answer are plain pydantic models, not Ninja's Schema: Schema's
# wrapping validator (which lets a model read Django objects' attributes) costs every signature a
# pass over the values that plain JSON in and a literal answer out never need (decision 0572).
class SignatureIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    email: str = Field(max_length=254)
    region: str = Field(min_length=1, max_length=16, description="Region code, see /regions")
    consent_processing: bool = Field(description="Must be true: consent to processing")
    show_name: bool = False
    notify: bool = False
    language: str = Field("ru", pattern="^(ru|en)$")

    @field_validator("email")
    @classmethod
    def email_is_valid(cls, value: str) -> str:
        try:
            validate_email(value)
        except ValidationError as error:
            raise ValueError(_("Enter a valid e-mail address.")) from error
        return value

    @field_validator("name")
    @classmethod
    def name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("Enter your name."))
        return " ".join(value.split())


class SignatureAcceptedOut(BaseModel):
    detail: str


class RegionOut(Schema):
    code: str
    name_ru: str
    name_en: str
