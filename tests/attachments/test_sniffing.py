import pytest

from heard.attachments.preparing import file_prepare, link_prepare
from heard.core.errors import DomainError
from tests.attachments import files


@pytest.mark.parametrize(
    ("name", "content", "mime", "kind"),
    [
        ("letter.pdf", files.pdf(), "application/pdf", "document"),
        ("note.txt", "Вопрос о сроках службы.\n".encode(), "text/plain", "document"),
        (
            "claim.docx",
            files.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "document",
        ),
        ("photo.jpg", files.jpeg_with_gps(), "image/jpeg", "image"),
        ("scan.png", files.png(), "image/png", "image"),
    ],
)
def test_the_type_is_read_from_the_content(name, content, mime, kind):
    prepared = file_prepare(files.upload(name, content, content_type="application/octet-stream"))
    assert (prepared.content_type, prepared.kind) == (mime, kind)


def test_a_jpg_that_is_really_html_is_refused():
    with pytest.raises(DomainError) as refused:
        file_prepare(files.upload("cat.jpg", files.HTML, content_type="image/jpeg"))
    assert refused.value.code == "type_not_allowed"


def test_html_named_as_text_is_refused_too():
    with pytest.raises(DomainError):
        file_prepare(files.upload("note.txt", b"  <!DOCTYPE html><p>hi", content_type="text/plain"))


def test_a_pdf_named_as_an_image_is_refused_as_misnamed():
    with pytest.raises(DomainError) as refused:
        file_prepare(files.upload("photo.jpg", files.pdf()))
    assert refused.value.code == "type_mismatch"


def test_a_file_without_a_known_extension_gets_the_extension_of_its_content():
    prepared = file_prepare(files.upload("scan_0001.dat", files.pdf()))
    assert prepared.name == "scan_0001.pdf"


def test_executables_and_archives_are_refused():
    elf = b"\x7fELF" + b"\x02\x01\x01" + b"\x00" * 60
    with pytest.raises(DomainError):
        file_prepare(files.upload("run", elf))
    with pytest.raises(DomainError):
        file_prepare(files.upload("a.zip", b"PK\x03\x04" + b"\x00" * 40))


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\olga\\Desktop\\letter.pdf", "letter.pdf"),
        ("..pdf", "pdf.pdf"),
        ("\u202egpj.pdf", "gpj.pdf"),
        ('re"port<1>.pdf', "report1.pdf"),
    ],
)
def test_file_names_lose_their_directories_and_unsafe_characters(raw, kept):
    assert file_prepare(files.upload(raw, files.pdf())).name == kept


def test_size_limits_per_kind_with_a_clear_message(settings):
    settings.HEARD_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(DomainError) as refused:
        file_prepare(files.upload("big.pdf", files.pdf() + b" " * 200))
    assert refused.value.code == "too_large"
    assert "big.pdf" in refused.value.message and "100" in refused.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError) as refused:
        file_prepare(files.upload("empty.pdf", b""))
    assert refused.value.code == "empty"


@pytest.mark.parametrize(
    ("link", "player"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://vk.com/video-12345_456239017",
            "https://vk.com/video_ext.php?oid=-12345&id=456239017",
        ),
        (
            "https://vkvideo.ru/video-12345_456239017",
            "https://vk.com/video_ext.php?oid=-12345&id=456239017",
        ),
        (
            "https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
            "https://rutube.ru/play/embed/0123456789abcdef0123456789abcdef",
        ),
    ],
)
def test_video_links_from_the_allow_list_become_the_providers_player(link, player):
    assert link_prepare(link).embed_url == player


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
    ],
)
def test_other_video_links_are_refused(link):
    with pytest.raises(DomainError) as refused:
        link_prepare(link)
    assert refused.value.code == "video_link_not_allowed"


def test_a_provider_left_off_the_allow_list_is_refused(settings):
    settings.HEARD_ATTACHMENT_VIDEO_PROVIDERS = ["rutube"]
    with pytest.raises(DomainError):
        link_prepare("https://youtu.be/dQw4w9WgXcQ")


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 100
WEBM = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d") + b"\x00" * 50


def test_video_files_have_their_own_larger_limit(settings):
    settings.HEARD_ATTACHMENT_MAX_BYTES = 64
    settings.HEARD_ATTACHMENT_VIDEO_MAX_BYTES = 1024
    video = file_prepare(files.upload("clip.mp4", MP4))
    assert (video.kind, video.content_type, video.name) == ("video", "video/mp4", "clip.mp4")
    assert file_prepare(files.upload("clip", WEBM)).content_type == "video/webm"
    with pytest.raises(DomainError) as refused:
        file_prepare(files.upload("long.mp4", MP4 + b"\x00" * 1024))
    assert refused.value.code == "too_large"
