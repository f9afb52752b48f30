"""A converter worker that starts, says it is ready, starts a child, then never answers."""

import json
import subprocess
import sys
import time

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
print(json.dumps({"ready": True, "child": child.pid}), flush=True)
for _line in sys.stdin:
    time.sleep(3600)
