"""A file offered for import, checked before any parsing: size, type, zip members, text encoding.

:func:`open_source` refuses (with :class:`ImportRefused` naming the file) an empty or BOM-only
file, one over the size limit, one whose bytes are not the type its name declares (an XLSX sent
as ``.csv``), a type the importer does not read, UTF-16 and binary files, old ``.xls`` files, a
damaged or truncated zip, and an XLSX whose members would unpack beyond the limits (read from the
zip's directory, so an 800 MB zip bomb is refused in milliseconds). For CSV it scans the bytes
once: the line count against the row limit, the encoding (UTF-8, UTF-8 with BOM, or CP932) and
whether any byte is a control character.
"""

from __future__ import annotations

import codecs
import enum
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from kofu.core.tabular.limits import MAX_ZIP_MEMBERS, RATIO_CHECKED_FROM, Limits
from kofu.core.tabular.problems import ImportRefused, row_label

_HEAD = 64 * 1024
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
#: Every byte but those: ``chunk.translate(None, _NOT_CONTROL)`` keeps only control bytes (3× faster
#: than searching with the pattern).
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL_BYTES.match(bytes([b])))
_CHUNK = 1024 * 1024


class Kind(enum.Enum):
    CSV = "CSV"
    XLSX = "XLSX"
    PDF = "PDF"

    @property
    def title(self) -> str:
        return {"CSV": "CSV", "XLSX": "XLSX（Excel）", "PDF": "PDF"}[self.value]


#: The type a file name declares; other suffixes (or none) declare nothing.
SUFFIXES = {
    ".csv": Kind.CSV,
    ".tsv": Kind.CSV,
    ".txt": Kind.CSV,
    ".xlsx": Kind.XLSX,
    ".xlsm": Kind.XLSX,
    ".pdf": Kind.PDF,
}
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp932": "Shift_JIS"}


@dataclass
class Source:
    """A checked file: its name for messages, its type and (CSV) encoding, a seekable stream."""

    name: str
    kind: Kind
    stream: BinaryIO
    size: int
    limits: Limits
    head: bytes = b""
    encoding: str = ""  # CSV: "utf-8-sig" (also without a BOM) or "cp932"
    lines: int = 0  # CSV: line feeds counted
    #: CSV: does any byte look like a control character? (In UTF-8 and CP932 alike such a byte is
    #: never part of another character, so when none is found no cell needs the search.)
    has_control: bool = True
    owned: bool = field(default=False, repr=False)

    @property
    def label(self) -> str:
        """``CSV (UTF-8)``, ``CSV (Shift_JIS)``, ``XLSX``, ``PDF``: what was read, for reports."""
        if self.kind is Kind.CSV:
            return f"CSV ({_ENCODING_NAMES[self.encoding]})"
        return str(self.kind.value)  # (mypy reads the value of a narrowed member as Any)

    @property
    def encoding_name(self) -> str:
        return str(_ENCODING_NAMES.get(self.encoding, self.encoding))

    def read_bytes(self) -> bytes:
        self.stream.seek(0)
        return self.stream.read()

    def close(self) -> None:
        if self.owned:
            self.stream.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_source(
    source: Path | str | BinaryIO,
    *,
    name: str | None = None,
    accept: tuple[Kind, ...] = (Kind.CSV, Kind.XLSX),
    limits: Limits | None = None,
) -> Source:
    """Check ``source`` (a path, or a seekable binary stream such as an upload) before parsing.

    ``name`` is the file name messages use (default: the path's name). Raises
    :class:`ImportRefused` naming the file; the returned :class:`Source` closes what it opened.
    """
    limits = limits or Limits.from_settings()
    if isinstance(source, str | Path):
        name = name or Path(source).name
        stream, size = _open_path(Path(source), name, limits)
        owned = True
    else:
        name = name or str(getattr(source, "name", "") or "file")
        stream, size, owned = source, _stream_size(source, name), False
    try:
        return _check(stream, size, name=name, accept=accept, limits=limits, owned=owned)
    except BaseException:
        if owned:
            stream.close()
        raise


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "ファイルがありません"
    if isinstance(exc, IsADirectoryError):
        return "ディレクトリです"
    if isinstance(exc, PermissionError):
        return "読み取りの権限がありません"
    return str(exc.strerror or exc)


def _too_big(name: str, size: int, limits: Limits) -> ImportRefused:
    return ImportRefused.single(
        name,
        f"ファイルが大きすぎます（{size:,} バイト、上限 {limits.max_bytes:,} バイト: KOFU_IMPORT_MAX_BYTES）",
    )


def _open_path(path: Path, name: str, limits: Limits) -> tuple[BinaryIO, int]:
    try:
        if path.is_dir():
            raise IsADirectoryError(path)
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _too_big(name, size, limits)
        return path.open("rb"), size
    except OSError as exc:
        raise ImportRefused.single(name, f"ファイルを読めません: {_os_reason(exc)}") from exc


def _stream_size(stream: BinaryIO, name: str) -> int:
    try:
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
    except (OSError, ValueError) as exc:
        raise ImportRefused.single(
            name, "ファイルを読めません（途中で切れたか、送信に失敗しました）"
        ) from exc
    return size


def _check(
    stream: BinaryIO, size: int, *, name: str, accept: tuple[Kind, ...], limits: Limits, owned: bool
) -> Source:
    if size > limits.max_bytes:
        raise _too_big(name, size, limits)
    head = stream.read(_HEAD)
    stream.seek(0)
    kind = _sniff(head, size, name)
    declared = SUFFIXES.get(os.path.splitext(name)[1].lower())
    if declared is not None and declared is not kind:
        raise ImportRefused.single(
            name,
            f"ファイル名は {declared.title} ですが、中身は {kind.title} です。"
            f"{_accepted(accept)}で保存し直してください",
        )
    if kind not in accept:
        raise ImportRefused.single(
            name, f"この取込で読めるのは{_accepted(accept)}です（このファイルは {kind.title}）"
        )
    found = Source(name=name, kind=kind, stream=stream, size=size, limits=limits, head=head, owned=owned)
    if kind is Kind.XLSX:
        _check_zip(found)
    elif kind is Kind.CSV:
        _scan_text(found)
    return found


def _accepted(accept: tuple[Kind, ...]) -> str:
    return "・".join(kind.title for kind in accept)


def _sniff(head: bytes, size: int, name: str) -> Kind:
    if size == 0:
        raise ImportRefused.single(name, "ファイルが空です")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return Kind.XLSX
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportRefused.single(
            name, "旧形式の Excel ファイル（.xls）は読めません。XLSX か CSV で保存し直してください"
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:8192]:
        raise ImportRefused.single(
            name, "UTF-16 またはバイナリのファイルは読めません。UTF-8 か Shift_JIS の CSV で保存してください"
        )
    if size <= len(head) and not head.removeprefix(codecs.BOM_UTF8).strip(b" \t\r\n\x1a"):
        raise ImportRefused.single(name, "ファイルが空です")
    return Kind.CSV


def _check_zip(source: Source) -> None:
    name, limits = source.name, source.limits
    try:
        with zipfile.ZipFile(source.stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRefused.single(
            name, "XLSX ファイルとして読めません（壊れているか、途中で切れています）"
        ) from exc
    finally:
        source.stream.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportRefused.single(
            name, f"XLSX の部品が多すぎます（{len(members):,} 個、上限 {MAX_ZIP_MEMBERS:,}）"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        raise ImportRefused.single(
            name,
            f"XLSX を展開すると大きすぎます（{unpacked:,} バイト、上限 {limits.max_unpacked_bytes:,} バイト: "
            "KOFU_IMPORT_MAX_UNPACKED_BYTES）。圧縮爆弾の可能性があるため読みません",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM and ratio > limits.max_ratio:
            raise ImportRefused.single(
                name,
                f"XLSX の部品 {member.filename} の圧縮率が高すぎます（{ratio:,.0f} 倍、上限 {limits.max_ratio:,} 倍: "
                "KOFU_IMPORT_MAX_RATIO）。圧縮爆弾の可能性があるため読みません",
            )
    if not any(member.filename == "xl/workbook.xml" for member in members):
        raise ImportRefused.single(name, "XLSX（Excel ブック）ではない ZIP ファイルです")


def _scan_text(source: Source) -> None:
    """One pass over the bytes: count lines (against the row limit) and find the encoding."""
    stream, name, limits = source.stream, source.name, source.limits
    bom = source.head.startswith(codecs.BOM_UTF8)
    lines = 0
    sample: bytes | None = None
    sample_line = 0
    control = False
    try:
        while chunk := stream.read(_CHUNK):
            if not bom and sample is None and not chunk.isascii():
                sample, sample_line = chunk, lines
            control = control or bool(chunk.translate(None, _NOT_CONTROL))
            lines += chunk.count(b"\n")
            if lines > limits.max_rows:
                raise ImportRefused.single(
                    name, f"行数が多すぎます（{limits.max_rows:,} 行まで: KOFU_IMPORT_MAX_ROWS）"
                )
    finally:
        stream.seek(0)
    source.lines = lines
    source.has_control = control
    source.encoding = "utf-8-sig" if bom or sample is None else _detect(sample, sample_line, name)


def _detect(sample: bytes, lines_before: int, name: str) -> str:
    """UTF-8 if the first non-ASCII bytes decode as UTF-8, else CP932 (Shift_JIS) if they do."""

    def line_of(offset: int) -> str:
        return row_label(lines_before + sample.count(b"\n", 0, offset) + 1)

    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if not sample[: exc.start].isascii():
            raise ImportRefused.single(
                name,
                "UTF-8 として読めないバイトがあります（ファイルの破損か、途中で切れている可能性があります）",
                row=line_of(exc.start),
            ) from exc
    try:
        codecs.getincrementaldecoder("cp932")().decode(sample, final=False)
        return "cp932"
    except UnicodeDecodeError as exc:
        raise ImportRefused.single(
            name, "文字コードを判定できません（UTF-8 でも Shift_JIS でもありません）", row=line_of(exc.start)
        ) from exc
