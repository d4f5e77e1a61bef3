# shellcheck shell=bash
# Stub on the compose branch only: the Azure path of deploy.sh is the AZ owner's deploy/lib/azure.sh, which replaces
# this file when the branches merge (see AZ).
azure_deploy() {
  echo "deploy: the azure path is not on this branch (see AZ: deploy/lib/azure.sh)." >&2
  return 1
}
