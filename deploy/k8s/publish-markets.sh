#!/usr/bin/env bash
# Publishes the market files as the ConfigMaps the marketgate pods mount:
#   marketgate-markets  <- regions/markets/*.yaml
#   marketgate-common   <- regions/common/*.yaml
# Running pods pick the change up without a restart: the kubelet refreshes the mounted files
# (within about a minute) and the reload-watch sidecar calls POST /admin/reload; a file that
# marketgate rejects leaves the previous markets in service, and the sidecar logs why.
#
#   deploy/k8s/publish-markets.sh -n NAMESPACE     apply to the cluster of the current context
#   deploy/k8s/publish-markets.sh --print          print the ConfigMaps, touch no cluster
#
# Validate the files first (docs/markets.md): a pod that starts with a rejected market file
# never becomes ready. Uses server-side apply: a ConfigMap near its 1 MiB limit would not fit
# the last-applied annotation of a client-side apply.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
regions=${MG_REGIONS_DIR:-$root/regions}  # override for tests
limit=$((1000 * 1024))

render() {
  local part first=1
  for part in markets common; do
    local src=$regions/$part size
    [[ -d "$src" ]] || { echo "publish-markets: $src does not exist" >&2; exit 1; }
    size=$(cat "$src"/*.yaml | wc -c)
    if ((size > limit)); then
      echo "publish-markets: $src holds $size bytes; a ConfigMap takes at most 1 MiB" >&2
      exit 1
    fi
    ((first)) || echo "---"
    first=0
    kubectl create configmap "marketgate-$part" --from-file="$src" --dry-run=client -o yaml \
      | kubectl label --local -f - -o yaml \
        app.kubernetes.io/name=marketgate app.kubernetes.io/component=markets
  done
}

if [[ "${1:-}" == "--print" ]]; then
  render
else
  render | kubectl apply --server-side --field-manager=marketgate-markets --force-conflicts \
    -f - "$@"
fi
