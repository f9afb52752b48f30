"""PAdES signatures with pyHanko: baseline B-B, or B-T when a timestamp server (RFC 3161) is
configured (`$VANBAN_TSA_URL`); every signature is an incremental update, so a second one
leaves the first intact.

B-LT and B-LTA (the certificates' revocation data and an archive timestamp embedded, for
validation decades later) need the CA's OCSP or CRL servers to be reachable when signing; they
are the next step (pyHanko's `embed_validation_info` and `use_pades_lta`).
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TypeVar

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError as PyHankoSigningError

from engine.errors import SigningError
from engine.esign.appearance import Appearance
from engine.esign.keys import KeySource, opened

T = TypeVar("T")


def outside_event_loop(work: Callable[[], T]) -> T:
    """Run `work` (pyHanko's synchronous calls, which start their own asyncio loop) where no
    loop runs: in this thread, or in a fresh one when the caller runs a loop (an async web
    server, a browser driver)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


class _AtMoment(signers.PdfSigner):
    """A PdfSigner whose signing time is the one given, so that the time printed in the
    appearance and the one in the signature's attributes are the same second."""

    def __init__(self, *args: object, moment: datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._moment = moment

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._moment
        return session


def sign(data: bytes, source: KeySource, appearance: Appearance, field: str,
         moment: datetime, *, reason: str | None = None, location: str | None = None) -> bytes:
    """Return `data` signed (an incremental update) with the key `source`, its signature in a
    new field `field` showing `appearance`, at `moment`."""
    box = appearance.box
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, location=location)
    # Whole points: pyHanko lays stamps out in exact fractions (1 pt is 0.35 mm).
    spec = fields.SigFieldSpec(field, on_page=box.page, box=(
        round(box.x0), round(box.y0), round(box.x0) + round(box.width),
        round(box.y0) + round(box.height)))
    tsa = os.environ.get("VANBAN_TSA_URL")
    with opened(source) as signer:
        pdf_signer = _AtMoment(meta, signer=signer, stamp_style=appearance.style,
                               new_field_spec=spec, moment=moment,
                               timestamper=timestamps.HTTPTimeStamper(tsa) if tsa else None)
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
            out = outside_event_loop(lambda: pdf_signer.sign_pdf(writer, output=io.BytesIO()))
        except (PyHankoSigningError, PdfError, ValueError) as exc:
            raise SigningError(f"Không ký được: {exc}.", code="signing-failed") from exc
    return bytes(out.getvalue())
