"""The browser's question-pool draw (templates/packs/question-pool.js), run under Node.js, for tests that
compare it with the server's draw (modules/question_pool.py)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

POOL_JS = Path(__file__).resolve().parents[2] / "templates" / "packs" / "question-pool.js"

PROGRAM = """
  var src = require('fs').readFileSync(process.argv[1], 'utf8'); var root = {};
  (new Function('window', src))(root);
  var cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  console.log(JSON.stringify(cases.map(function (c) {
    return root.ElearnPool.draw(c.pool, c.ask, c.seed).map(function (q) { return [q.id, q.answers]; }); })));"""


def run_draw(cases):
    """[{pool, ask, seed}] -> for each case, the drawn [[question id, answer order], …]; skips without node."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    done = subprocess.run([node, "-e", PROGRAM, str(POOL_JS)], input=json.dumps(cases), capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)
