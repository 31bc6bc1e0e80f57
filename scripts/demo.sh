#!/usr/bin/env bash
# The README's first quick-start command: on a fresh machine, install what is missing, start a
# private dockerd (as the tests' setup does), bring the bundled example up on one host with
# stackc, then deploy the bundled stack to a single-node swarm.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
npm run --silent build
bash scripts/engine.sh install start images >/dev/null
eval "$(bash scripts/engine.sh env)"
export DOCKER_HOST
echo "== stackc validate examples/hello"
bin/stackc validate -f examples/hello/compose.yaml
echo "== stackc up -d (engine: $DOCKER_HOST)"
bin/stackc up -d --progress plain -f examples/hello/compose.yaml
echo "== stackc ps"
bin/stackc ps -f examples/hello/compose.yaml
echo "== curl the web service"
for _ in $(seq 1 20); do
  if out="$(node -e 'require("http").get("http://127.0.0.1:"+(process.env.WEB_PORT||18080),r=>{let b="";r.on("data",d=>b+=d);r.on("end",()=>{console.log(b.trim());process.exit(0)})}).on("error",()=>process.exit(1))')"; then
    echo "$out"; break
  fi
  sleep 0.5
done
echo
echo "== stackc deploy examples/stack to a single-node swarm"
bash scripts/engine.sh swarm >/dev/null
bin/stackc deploy --wait --progress plain -c examples/stack/compose.yaml demo
echo "== stackc services demo"
bin/stackc services demo
echo "== stackc diff (nothing changed)"
bin/stackc diff -c examples/stack/compose.yaml demo
echo
echo "Tear down with: DOCKER_HOST=$DOCKER_HOST bin/stackc down -v -f examples/hello/compose.yaml"
echo "           and: DOCKER_HOST=$DOCKER_HOST bin/stackc rm demo"
echo "Stop the private engine with: bash scripts/engine.sh stop"
