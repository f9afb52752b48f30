"""DOCX -> PDF with LibreOffice: warm UNO workers (one instance and profile each) or cold soffice.

Rules from reliability.md §1.4 and F1–F7: one profile per instance (a shared profile fails about
half the time in parallel); a timeout that kills the whole process group; a result counts only
if it is a real PDF with the page count LibreOffice computed; remote content is stripped first.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from engine.errors import ConversionError
from engine.pdf.checks import pdf_pages
from engine.pdf.sanitize import sanitize

WORKER = Path(__file__).with_name("uno_worker.py")
SYSTEM_PYTHON = os.environ.get("VANBAN_UNO_PYTHON", "/usr/bin/python3")
START_SECONDS = 90.0


@dataclass
class Converted:
    """A PDF written from a DOCX, with the page count LibreOffice reported for the DOCX."""

    pdf: Path
    pages: int
    stripped: list[str] = field(default_factory=list)


def uno_available(python: str = SYSTEM_PYTHON) -> bool:
    """Return whether `python` can import LibreOffice's UNO bridge and soffice is installed."""
    if shutil.which("soffice") is None or not Path(python).exists():
        return False
    probe = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30)
    return probe.returncode == 0


@functools.cache
def _offline_prefix() -> tuple[str, ...]:
    """The command that starts a program with no network (its own empty network namespace:
    LibreOffice cannot fetch anything even if a remote reference escaped the sanitizer), or ()
    where the system does not allow it (then the sanitizer alone stands)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    for prefix in ((unshare, "--net"), (unshare, "--net", "--map-root-user")):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
    return ()


def offline(command: list[str]) -> list[str]:
    """`command` run with no network, where the system allows it (see _offline_prefix)."""
    return [*_offline_prefix(), *command]


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill `process` and everything it started (soffice), then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class UnoConverter:
    """One warm LibreOffice behind a UNO worker process, recycled after `recycle` documents."""

    def __init__(self, *, timeout: float = 60.0, recycle: int = 200,
                 command: list[str] | None = None) -> None:
        self.timeout, self.recycle = timeout, recycle
        self._command = command
        self._process: subprocess.Popen[bytes] | None = None
        self._profile: Path | None = None
        self._done = 0

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def _start(self) -> None:
        self._profile = Path(tempfile.mkdtemp(prefix="vanban-lo-"))
        pipe = f"vanban-{os.getpid()}-{secrets.token_hex(4)}"
        command = self._command or offline([SYSTEM_PYTHON, str(WORKER)])
        self._process = subprocess.Popen(
            [*command, str(self._profile), pipe, str(os.getpid())], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        self._done = 0
        reply = self._read(START_SECONDS, "khởi động LibreOffice")
        if not reply.get("ready"):
            self.close()
            raise ConversionError("LibreOffice", f"không khởi động được ({reply})")

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        """The running worker's stdin and stdout; a worker that is gone is an error."""
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            raise ConversionError("LibreOffice", "tiến trình chuyển đổi không chạy")
        return process.stdin, process.stdout

    def _read(self, seconds: float, what: str) -> dict[str, object]:
        stdout = self._pipes()[1]
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            if not selector.select(seconds):
                self.close(kill=True)
                raise ConversionError(what, f"quá thời gian {seconds:g} giây; đã dừng tiến trình")
        line = stdout.readline()
        if not line:
            self.close(kill=True)
            raise ConversionError(what, "tiến trình LibreOffice dừng đột ngột")
        reply: dict[str, object] = json.loads(line)
        return reply

    def convert(self, source: Path, target: Path) -> Converted:
        """Write the PDF of `source` to `target` (atomically); raise ConversionError."""
        if self._process is None or self._process.poll() is not None:
            self._start()
        data, stripped = sanitize(source.read_bytes())
        work = target.parent / f".tmp-vanban-{secrets.token_hex(6)}"
        work.mkdir(parents=True)
        try:
            clean_docx, pdf = work / source.name, work / f"{source.stem}.pdf"
            clean_docx.write_bytes(data)
            self._send({"in": str(clean_docx.resolve()), "out": str(pdf.resolve())},
                       source.name)
            reply = self._read(self.timeout, source.name)
            self._done += 1
            if not reply.get("ok"):
                raise ConversionError(source.name, str(reply.get("error")))
            pages = int(str(reply["pages"]))
            _accept(source.name, pdf, pages, _sections(data))
            os.replace(pdf, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if self._done >= self.recycle:
            self.close()
        return Converted(target, pages, stripped)

    def _send(self, request: dict[str, str], name: str) -> None:
        """Hand the worker a request; one that stopped reading is a ConversionError (and is
        stopped: the next document starts a fresh one)."""
        stdin = self._pipes()[0]
        try:
            stdin.write((json.dumps(request) + "\n").encode())
            stdin.flush()
        except OSError as exc:
            self.close(kill=True)
            raise ConversionError(name, "tiến trình LibreOffice không nhận yêu cầu "
                                        f"({exc.strerror or exc}); đã dừng nó") from exc

    def close(self, *, kill: bool = False) -> None:
        """Stop the worker and its LibreOffice; remove its profile."""
        process, self._process = self._process, None
        if process is not None:
            if kill:
                _kill_group(process)
            else:
                try:
                    if process.stdin is not None:
                        process.stdin.close()
                    process.wait(timeout=30)
                except (subprocess.TimeoutExpired, BrokenPipeError):
                    pass
                _kill_group(process)  # whatever soffice left behind
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None


class ColdConverter:
    """One `soffice --convert-to pdf` per document, each with its own profile (the fallback)."""

    def __init__(self, *, timeout: float = 120.0, command: list[str] | None = None) -> None:
        self.timeout, self.command = timeout, command or offline(["soffice"])

    def convert(self, source: Path, target: Path) -> Converted:
        data, stripped = sanitize(source.read_bytes())
        work = target.parent / f".tmp-vanban-{secrets.token_hex(6)}"
        (work / "profile").mkdir(parents=True)
        try:
            clean = work / source.name
            clean.write_bytes(data)
            process = subprocess.Popen(
                [*self.command, f"-env:UserInstallation={(work / 'profile').resolve().as_uri()}",
                 "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(work),
                 str(clean)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
            try:
                code = process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                _kill_group(process)
                raise ConversionError(source.name, f"quá thời gian {self.timeout:g} giây; "
                                                   "đã dừng tiến trình") from None
            _kill_group(process)
            pdf = work / f"{source.stem}.pdf"
            if code != 0:
                raise ConversionError(source.name, f"soffice trả mã lỗi {code}")
            _accept(source.name, pdf, None)
            pages = pdf_pages(pdf.read_bytes())
            os.replace(pdf, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return Converted(target, pages, stripped)

    def close(self, *, kill: bool = False) -> None:
        """Nothing stays running between documents."""


def _sections(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return max(1, archive.read("word/document.xml").count(b"<w:sectPr"))


def _accept(name: str, pdf: Path, pages: int | None, sections: int = 1) -> None:
    """Raise ConversionError unless `pdf` is a real PDF with the expected page count.

    Writer lays out a blank page before a section whose numbering restarts on the wrong parity
    (a Phụ lục numbered from 1) and leaves it out of the PDF, as Word never has it: up to one
    page per section break may be missing from the PDF.
    """
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise ConversionError(name, "LibreOffice báo xong nhưng không có tệp PDF")
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise ConversionError(name, "tệp kết quả không phải PDF")
    found = pdf_pages(data)
    if pages is not None and not pages - (sections - 1) <= found <= pages:
        raise ConversionError(name, f"PDF có {found} trang, LibreOffice tính {pages}")


def wait_gone(pid: int, seconds: float = 5.0) -> bool:
    """Return whether process group `pid` has no member left within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False
