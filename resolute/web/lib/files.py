"""Uploaded files: which kinds each upload accepts, and the one way they are served.

An upload is accepted only when its extension is one the upload needs *and* its first bytes
are those of that kind of file (a page renamed ``.pdf`` is refused). Files are never served
from a media URL: a view that has checked the user's scope calls :func:`download`, which
always answers with ``Content-Disposition: attachment``, a content type fixed by the kind
(never guessed from the content or taken from the uploader) and ``nosniff``, so nothing
uploaded can run as a page of the site.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from resolute.io import bounds
from resolute.web.lib.export import content_disposition

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls (Office 97–2003)
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class Kind:
    extension: str
    label: str
    content_type: str
    magic: tuple[bytes, ...]
    zip_member: str = ""  # an Office Open XML package holds this folder


KINDS: dict[str, Kind] = {k.extension: k for k in (
    Kind("pdf", "PDF", "application/pdf", (b"%PDF-",)),
    Kind("ofd", "OFD", "application/ofd", (_ZIP,), "OFD.xml"),
    Kind("png", "PNG 图片", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    Kind("jpg", "JPEG 图片", "image/jpeg", (b"\xff\xd8\xff",)),
    Kind("jpeg", "JPEG 图片", "image/jpeg", (b"\xff\xd8\xff",)),
    Kind("doc", "Word 文档", "application/msword", (_OLE2,)),
    Kind("docx", "Word 文档",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,),
         "word/"),
    Kind("xls", "Excel 工作簿", "application/vnd.ms-excel", (_OLE2,)),
    Kind("xlsx", "Excel 工作簿",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,), "xl/"),
)}  # fmt: skip

#: What evidence and attachments may be: documents and photographs, nothing that runs.
EVIDENCE = ("pdf", "ofd", "png", "jpg", "jpeg", "doc", "docx", "xls", "xlsx")
EVIDENCE_HELP = "PDF、OFD、图片（PNG、JPEG）、Word 或 Excel 文件"


def _zip_holds(upload: Any, member: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name == member or name.startswith(member) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def check_upload(upload: Any, allowed: Iterable[str] = EVIDENCE, max_bytes: int | None = None,
                 help_text: str = EVIDENCE_HELP) -> None:  # fmt: skip
    """Refuse (ValidationError, in Chinese) an upload whose extension is not allowed, or whose
    content is not what its extension says."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS.get(ext) if ext in set(allowed) else None
    if kind is None:
        raise ValidationError(f"不接受“{name}”这种文件：只接受{help_text}。")
    if max_bytes is not None and (upload.size or 0) > max_bytes:
        raise ValidationError(f"文件不能超过 {max_bytes // (1024 * 1024)} MB。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in kind.magic) or (
        kind.zip_member and not _zip_holds(upload, kind.zip_member)
    ):
        raise ValidationError(f"“{name}”的内容不是{kind.label}（文件可能已损坏或被改了扩展名）。")


def upload_limits(max_rows: int | None = None) -> bounds.Limits:
    """What one uploaded workbook may hold (settings ``RESOLUTE_UPLOAD_MAX_BYTES``,
    ``RESOLUTE_IMPORT_MAX_*``), with at most ``max_rows`` rows when given; checked before
    the file is read (:mod:`resolute.io.bounds`)."""
    rows = settings.RESOLUTE_IMPORT_MAX_ROWS
    return bounds.Limits(
        file_bytes=settings.RESOLUTE_UPLOAD_MAX_BYTES,
        unzipped_bytes=settings.RESOLUTE_IMPORT_MAX_UNZIPPED_BYTES,
        rows=rows if max_rows is None else min(rows, max_rows),
        columns=settings.RESOLUTE_IMPORT_MAX_COLUMNS,
        cell_chars=settings.RESOLUTE_IMPORT_MAX_CELL_CHARS,
        errors=settings.RESOLUTE_IMPORT_MAX_ERRORS,
    )


def download(stored: Any, filename: str) -> FileResponse:
    """Serve a stored file as a download with a content type fixed by its extension."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = KINDS.get(ext)
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件已不存在") from None
    response = FileResponse(handle, content_type=kind.content_type if kind else
                            "application/octet-stream")  # fmt: skip
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
