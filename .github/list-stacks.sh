#!/usr/bin/env bash
# The stacks with a stack file at the project's root, as `list=<JSON list>` for a workflow's
# matrix ($GITHUB_OUTPUT): adding Pulumi.qa.yaml adds qa to every matrix that reads it, renaming
# or removing a stack file takes it out. Stack names hold no quote (Pulumi allows [A-Za-z0-9_.-]).
set -euo pipefail
cd "$(dirname "$0")/.."
names=()
for file in Pulumi.*.yaml Pulumi.*.yml; do
  [ -e "$file" ] || continue
  name=${file#Pulumi.}
  names+=("\"${name%.y*ml}\"")
done
(
  IFS=,
  echo "list=[${names[*]}]"
)
