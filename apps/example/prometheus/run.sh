#!/usr/bin/env sh
# Starts a local Prometheus on 127.0.0.1:9090 that scrapes the example service (`npm start`) and
# evaluates the shipped alerts. Data lives in prometheus/data (git-ignored). Ctrl-C stops it.
set -eu
cd "$(dirname "$0")"
bin="${PROMETHEUS_BIN:-$(command -v prometheus || true)}"
if [ -z "$bin" ]; then
  echo "prometheus is not installed: apt-get install prometheus (Debian/Ubuntu)," >&2
  echo "or download it from https://prometheus.io/download/ and set PROMETHEUS_BIN." >&2
  exit 1
fi
echo "Prometheus on http://127.0.0.1:${PROM_PORT:-9090} (alerts: /alerts, targets: /targets)"
exec "$bin" --config.file=prometheus.yml --storage.tsdb.path=data \
  --web.listen-address="127.0.0.1:${PROM_PORT:-9090}"
