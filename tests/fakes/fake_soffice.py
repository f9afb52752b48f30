"""A stand-in for soffice --convert-to pdf that misbehaves as $FAKE_SOFFICE_MODE says.

silent-success: exit 0 and write nothing; output-with-error: write a PDF and exit 1.
"""

import os
import sys
from pathlib import Path

args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
source = Path(args[-1])
if os.environ.get("FAKE_SOFFICE_MODE") == "output-with-error":
    (outdir / f"{source.stem}.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <</Type /Page>>\n%%EOF\n")
    sys.exit(1)
sys.exit(0)
