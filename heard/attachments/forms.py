"""The attachment fields of a form (the address form, the initiator's page): several files in
one plain multipart input, a video link, and whether images may be shown publicly. The form
prepares every file while it validates, so a bad file is refused before anything is stored."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from heard.attachments import policy, preparing
from heard.core.errors import DomainError


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": policy.accepted_extensions()})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _files_help() -> str:
    from django.conf import settings

    return _(
        "Up to {count} files: PDF, text, ODT or DOCX documents and JPEG, PNG or WebP images "
        "up to {size} each, MP4 or WebM videos up to {video}. Images are re-saved without "
        "their location and camera data; documents and videos are kept as sent."
    ).format(
        count=settings.HEARD_ATTACHMENT_MAX_COUNT,
        size=filesizeformat(settings.HEARD_ATTACHMENT_MAX_BYTES),
        video=filesizeformat(settings.HEARD_ATTACHMENT_VIDEO_MAX_BYTES),
    )


class AttachmentFields(forms.Form):
    files = MultipleFileField(label=_("Attach files"), required=False)
    video_link = forms.URLField(
        label=_("Link to a video"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A video page on YouTube, VK Video or Rutube."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help()
        self.prepared: list[preparing.Prepared] = []

    def clean_files(self) -> list:
        files = self.cleaned_data.get("files") or []
        if len(files) > policy.max_count():
            raise forms.ValidationError(
                _("At most {count} attachments.").format(count=policy.max_count())
            )
        prepared = []
        for upload in files:
            try:
                prepared.append(preparing.file_prepare(upload))
            except DomainError as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        self.prepared = prepared
        return files

    def clean_video_link(self) -> str:
        link = self.cleaned_data.get("video_link", "")
        if link:
            try:
                self.prepared_link = preparing.link_prepare(link)
            except DomainError as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        return link

    def clean(self):
        data = super().clean()
        if len(self.attachments()) > policy.max_count():
            self.add_error(
                "files", _("At most {count} attachments.").format(count=policy.max_count())
            )
        return data

    def attachments(self) -> list[preparing.Prepared]:
        """What the form's files and link will be kept as (after is_valid)."""
        link = getattr(self, "prepared_link", None)
        wanted = link is not None and bool(self.cleaned_data.get("video_link"))
        return [*self.prepared, *([link] if wanted else [])]


class AddressAttachmentFields(AttachmentFields):
    images_public = forms.BooleanField(
        label=_("My images may be shown publicly"),
        required=False,
        help_text=_(
            "Only images, and only if you tick this: they may then appear in the open data "
            "(Open311) with the address's number. Everything else you attach is seen by the "
            "addressee's office only."
        ),
    )
