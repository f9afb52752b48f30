"""One warm LibreOffice driven through UNO: DOCX in, PDF out, one JSON request per line.

Run by engine/pdf/converters.py under the system Python that has LibreOffice's `uno` module
(Debian's /usr/bin/python3 with python3-uno); it uses nothing else outside the standard library.
    python3 uno_worker.py PROFILE_DIR PIPE_NAME [PARENT_PID]
stdin:  {"in": "/abs/a.docx", "out": "/abs/a.pdf"}     stdout: {"ok": true, "pages": 3}
The first line written is {"ready": true} once LibreOffice accepts connections.

LibreOffice never outlives vanban: a watchdog thread sees the parent die (this process is
re-parented) and kills this process group, soffice with it, even while a conversion hangs or
another process still holds this worker's stdin (a forked server child). The parent is named by
PARENT_PID (the pid that started it), not taken from getppid() at start: a parent killed before
this script runs has already left it re-parented, and the watchdog would watch the new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

CONNECT_SECONDS = 60
WATCH_SECONDS = 0.5


def _watch_parent(parent: int) -> None:
    """Kill this worker's process group (it leads one: converters.py starts it with
    start_new_session) when `parent` is no longer its parent; only this process otherwise."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    if os.getpgid(0) == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def _props(**values: Any) -> tuple[Any, ...]:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _start(profile: Path, pipe: str) -> tuple[subprocess.Popen[bytes], Any]:
    import uno  # type: ignore[import-not-found]

    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--nofirststartwizard",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context)
    return office, desktop


def _convert(desktop: Any, source: str, target: str) -> int:
    import uno

    # Hidden, read-only, no link updates, no macros (UpdateDocMode/MacroExecutionMode 0 = never).
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0,
        _props(Hidden=True, ReadOnly=True, UpdateDocMode=0, MacroExecutionMode=0))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        pages = int(doc.getCurrentController().getPropertyValue("PageCount"))
        doc.storeToURL(uno.systemPathToFileUrl(target), _props(FilterName="writer_pdf_Export"))
    finally:
        doc.close(True)
    return pages


def main() -> None:
    profile, pipe = Path(sys.argv[1]), sys.argv[2]
    parent = int(sys.argv[3]) if len(sys.argv) > 3 else os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    office, desktop = _start(profile, pipe)
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                pages = _convert(desktop, request["in"], request["out"])
                reply: dict[str, Any] = {"ok": True, "pages": pages}
            except Exception as exc:  # reported to the parent, which decides
                reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(reply), flush=True)
    finally:
        with contextlib.suppress(Exception):  # LibreOffice may already be gone
            desktop.terminate()
        office.wait(timeout=30)


if __name__ == "__main__":
    main()
