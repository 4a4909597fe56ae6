#!/usr/bin/env bash
# The main job on the bundled stack: install packages, build patchflow, materialize the stack
# into demo/repo and run the workflow on it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
pf=build/tools/patchflow/patchflow
set -x
"$pf" version
# The bundled stack's mainlines and topics become branches in demo/repo (stack.yaml
# `repository:`); a second run reports every branch up to date.
# --repo spelled out: should stack.yaml lose its key, the default would be this repository.
"$pf" --repo demo/repo materialize
"$pf" --repo demo/repo topics
# --- workflow steps on the materialized stack (compose, check, route, series) go below ---
