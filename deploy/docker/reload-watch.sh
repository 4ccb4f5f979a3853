#!/usr/bin/env bash
# Market reload watcher, run beside marketgate (the Kubernetes sidecar; installed in the image
# as /usr/local/bin/marketgate-reload-watch). It polls the market directory and, when the
# content of its YAML files changes, calls POST /admin/reload on the gateway's admin port.
#
# Polling a checksum rather than inotify: the kubelet updates a mounted ConfigMap by swapping
# a hidden ..data symlink, which inotify sees only as events on that symlink; a checksum of
# the files' content sees every change however it is made, and needs nothing beyond
# coreutils and curl.
#
# Environment (defaults in brackets):
#   MG_REGIONS_DIR     directory to watch [/etc/marketgate/regions]
#   MG_ADMIN_URL       admin base URL [http://127.0.0.1:9090]
#   MG_ADMIN_KEY_FILE  file holding the admin key, sent as a Bearer token
#                      [/etc/marketgate/secret/admin-key]; unset or missing: no header
#   MG_POLL_SECONDS    seconds between checks [5]
#
# Outcomes: 2xx, the new markets are live; 4xx, the gateway refused them (it keeps serving
# the previous snapshot), logged once per content version; anything else (not reachable,
# 5xx), retried at the next poll.
set -uo pipefail

regions_dir=${MG_REGIONS_DIR:-/etc/marketgate/regions}
admin_url=${MG_ADMIN_URL:-http://127.0.0.1:9090}
key_file=${MG_ADMIN_KEY_FILE:-/etc/marketgate/secret/admin-key}
poll_seconds=${MG_POLL_SECONDS:-5}

log() { printf '%s reload-watch: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

# Content checksum of every market file. -L follows the kubelet's symlinks; the hidden
# ..data and ..<timestamp> entries are skipped so each file counts once.
checksum() {
  find -L "$regions_dir" -name '..*' -prune -o -type f -name '*.yaml' -print0 \
    | sort -z | xargs -0r sha256sum | sha256sum | cut -d' ' -f1
}

# Prints the response body of POST /admin/reload, then its HTTP status on a last line of its
# own ("000" when the gateway is not reachable). Writes no file: the root filesystem may be
# read-only.
# The key reaches curl on its standard input (-H @-), never on its command line, where
# any process of the pod could read it in /proc/<pid>/cmdline; printf is a shell builtin.
post_reload() {
  local key=""
  if [[ -r "$key_file" ]]; then
    key=$(tr -d '\r\n' <"$key_file")
  fi
  if [[ -n "$key" ]]; then
    printf 'Authorization: Bearer %s\n' "$key" |
      curl -sS -w '\n%{http_code}' --max-time 30 -X POST -H @- \
        "$admin_url/admin/reload" 2>/dev/null || printf '\n000'
  else
    curl -sS -w '\n%{http_code}' --max-time 30 -X POST \
      "$admin_url/admin/reload" 2>/dev/null || printf '\n000'
  fi
}

running=1
trap 'running=0' TERM INT
log "watching $regions_dir every ${poll_seconds}s; reloads via $admin_url/admin/reload"

# The first pass reloads once as well: a change made between the gateway's start and the
# watcher's first look is not lost, and reloading unchanged files changes nothing.
applied=""
while ((running)); do
  current=$(checksum)
  if [[ -n "$current" && "$current" != "$applied" ]]; then
    response=$(post_reload)
    status=${response##*$'\n'}
    case "$status" in
      2??) log "markets reloaded (content ${current:0:12})"; applied=$current ;;
      4??) log "gateway refused the markets (HTTP $status); it keeps the previous snapshot:"
           printf '%s\n' "${response%$'\n'*}" | head -c 4000
           applied=$current ;;
      *) log "reload not acknowledged (HTTP ${status:-000}); retrying" ;;
    esac
  fi
  sleep "$poll_seconds" &
  wait $! || true
done
log "stopped"
