#!/bin/sh
# securecheck-collect: one audit, written where the log shipper picks it up.
#
# Run it as each user whose accounts it should check (their answers live in their config
# directory), from cron or a systemd user timer, e.g. daily:
#   17 9 * * *  /usr/local/bin/securecheck-collect
# Then point Filebeat (filebeat.yml) or Fluent Bit (fluent-bit.yaml) at the folder.
#
#   SECURECHECK_FLEET_DIR     where the files go (default ~/.local/state/securecheck/fleet)
#   SECURECHECK_FLEET_FORMAT  ndjson (default; Elasticsearch, OpenSearch) or ocsf (OCSF events)
#   SECURECHECK_DEVICE_ID     the fleet's own name for this machine (default: a random id
#                             securecheck keeps; never the host name)
#   SECURECHECK_KEEP_DAYS     files older than this are removed (default 30)
set -eu

dir="${SECURECHECK_FLEET_DIR:-$HOME/.local/state/securecheck/fleet}"
format="${SECURECHECK_FLEET_FORMAT:-ndjson}"
keep="${SECURECHECK_KEEP_DAYS:-30}"
case "$format" in
  ndjson) suffix=ndjson ;;
  ocsf) suffix=ocsf.jsonl ;;
  *) echo "securecheck-collect: SECURECHECK_FLEET_FORMAT must be ndjson or ocsf" >&2; exit 2 ;;
esac

mkdir -p "$dir"
chmod 700 "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
set -- audit --format "$format" --output "$dir/run-$stamp.$suffix"
if [ -n "${SECURECHECK_DEVICE_ID:-}" ]; then
  set -- "$@" --device-id "$SECURECHECK_DEVICE_ID"
fi
# The file appears whole or not at all (written to a hidden .tmp file, then renamed), so the
# shipper never reads half a run. A score below --fail-under is not used here: exit 0.
securecheck "$@"
find "$dir" -name "run-*.$suffix" -mtime "+$keep" -exec rm -f {} +
