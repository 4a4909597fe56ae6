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
# Rebuild the merge branches from their topics, in memory; xen/dom0/pci's conflict with
# xen/dom0/apic is settled by the resolution recorded in merge-branches/. A second compose of
# the same inputs makes no new commit and leaves the ref alone.
"$pf" --repo demo/repo compose xen/master
"$pf" --repo demo/repo compose xen/next
"$pf" --repo demo/repo compose hv/master
"$pf" --repo demo/repo compose xen/master --dry-run
# The branch rules of the talk, on the repository as it now is.
"$pf" --repo demo/repo verify
