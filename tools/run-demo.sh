#!/usr/bin/env bash
# The main job on the bundled stack: install packages, build patchflow, materialize the stack
# into demo/repo and run the workflow on it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh --tool
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
# Validate before mailing: every bundled topic is a perfect patch series...
"$pf" --repo demo/repo check xen/swiotlb
# ...and an incoming contributor series shows what a maintainer would bounce (exit 1 expected).
"$pf" --repo demo/repo check examples/incoming/contributor-series.mbox || true
# Who gets each patch, and which way it goes upstream (direct, or via a subsystem maintainer).
"$pf" --repo demo/repo route xen/core
"$pf" --repo demo/repo route xen/swiotlb
# series signs the patches as the user (git config user.name and user.email, as git format-patch
# does); a fresh machine has no identity yet, so the demo's own repository then gets one.
git -C demo/repo config user.name >/dev/null || git -C demo/repo config user.name "patchflow demo"
git -C demo/repo config user.email >/dev/null || git -C demo/repo config user.email demo@example.org
# An upstream-ready series with cover letter, To/Cc from MAINTAINERS and threading.
"$pf" --repo demo/repo series xen/swiotlb --cover-letter -o demo/out/xen-swiotlb
"$pf" --repo demo/repo send --dry-run demo/out/xen-swiotlb/*.patch >/dev/null
"$pf" --repo demo/repo request-pull xen/swiotlb git://git.kernel.org/pub/scm/linux/kernel/git/jeremy/xen.git
# The stack at a glance: DOT for Graphviz, and one static page with every topic's state.
"$pf" --repo demo/repo graph > demo/stack.dot
"$pf" --repo demo/repo report --html demo/report
set +x
echo "patchflow demo: done (repository in demo/repo, series in demo/out/, report in demo/report/index.html)"
