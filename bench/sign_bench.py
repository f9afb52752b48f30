"""Signing time per document (issue 15): the signer's signature (blanks as fields, image) and
the body's (fields filled, seal), on the Kinh Môn Chỉ thị rendered unnumbered, as the
workflow signs it; the PDF rendering itself (LibreOffice) is not counted.

    .venv/bin/python bench/sign_bench.py [--documents 20]

The first signature of a process also rescales the font for the appearance text (once).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.campaign.loader import load_campaign  # noqa: E402
from engine.esign.images import seal_image, signature_image  # noqa: E402
from engine.esign.keys import pkcs12_file  # noqa: E402
from engine.esign.signing import sign_body, sign_personal  # noqa: E402
from engine.pdf import convert_all  # noqa: E402
from engine.workflow.rendering import render_documents, unnumbered  # noqa: E402
from tools.pki import PASSPHRASE, make_pki, seal_png, signature_png  # noqa: E402

CAMPAIGN = ROOT / "samples" / "kinh-mon-ct-05-2023.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    count = parser.parse_args().documents
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pki = make_pki(work)
        signature = signature_image(signature_png(work / "ky.png").read_bytes())
        seal = seal_image(seal_png(work / "dau.png").read_bytes())
        campaign = unnumbered(load_campaign(CAMPAIGN))
        written = render_documents(campaign, ["ct-05"], work / "out", None)
        pdf = convert_all([written["ct-05"].path], workers=1)[0].pdf.read_bytes()
        signer, body = pkcs12_file(pki.signer, PASSPHRASE), pkcs12_file(pki.body, PASSPHRASE)
        values = {"so": "05", "ngay": "30", "thang": "3", "nam": "2025"}
        times = []
        for _ in range(count + 1):
            start = time.perf_counter()
            signed = sign_personal(pdf, "Trương Đức San", signer, signature, datetime.now(UTC))
            sign_body(signed, values, "Trương Đức San", "Ủy ban nhân dân thị xã Kinh Môn", body,
                      seal, datetime.now(UTC))
            times.append(time.perf_counter() - start)
    print(f"signing, two signatures per document ({len(pdf) // 1024} KB PDF, RSA 2048, "
          f"{count} documents): median {statistics.median(times[1:]) * 1000:.0f} ms, "
          f"first (font rescaled) {times[0] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
