#!/usr/bin/env bash
# Prove deploy/local/jupyterhub_config.py end to end, on 127.0.0.1 only:
#   1. build (or reuse) an isolated environment for the hub: a virtualenv with JupyterHub,
#      binder/requirements.txt and the course (deploy/local/make_hub_env.py), and
#      configurable-http-proxy from npm;
#   2. start JupyterHub on a free port; two learners log in in headless Chromium, land in
#      Voila on the welcome lesson, each types a first name, reloads, sees only their own,
#      and each one's progress.db (in their own home) holds nothing of the other's;
#      every lesson renders through the hub;
#   3. stop the hub, the proxy, the culler, the learners' servers and their kernels, even
#      when a step fails.
# Timings and memory go to test-results/hub-proof.json.
#
#   deploy/prove-local-hub.sh                 # FAILFORWARD_HUB_ENV=/tmp/fail-forward-hub-env by default
#   FAILFORWARD_HUB_ENV=/somewhere deploy/prove-local-hub.sh
#   deploy/prove-local-hub.sh --fresh         # rebuild the hub's environment first
#
# Needs: Python 3.11+ with make (the course's .venv is created if missing), Node.js 20+ and
# npm (Debian: apt-get install -y nodejs npm), Chromium at /usr/bin/chromium or $CHROMIUM
# (Debian: apt-get install -y chromium). Reaches only PyPI and npm, to build the environment.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    echo "prove-local-hub: missing ${missing[*]}. Debian: apt-get install -y ${missing[*]}" >&2
    exit 3
fi

export FAILFORWARD_HUB_ENV="${FAILFORWARD_HUB_ENV:-/tmp/fail-forward-hub-env}"
make -s install-test  # the course's .venv with pytest and Playwright, as `make test` has it
if [ "${1:-}" = "--fresh" ]; then
    .venv/bin/python deploy/local/make_hub_env.py --fresh
fi

# The whole proof is bounded: 30 minutes even when the environment is built from scratch
# (a reused one: about 2 minutes). pytest stops the hub and everything it started on the way out.
export FAILFORWARD_HUB_TEST=1
exec timeout --signal=INT --kill-after=60 1800 \
    .venv/bin/python -m pytest tests/hub -v -p no:cacheprovider --timeout=1800
