#!/bin/sh
# Training throughput with kmix-tui attached versus `kmix train` headless, on the same recipe:
# SST-2, the paper-nlu plan, 60 steps of batch 32 on the first 2,000 rows, no evaluation.
# Uses the release binaries in $BUILD (default .build/release; build them first with
# `swift build -c release --product kmix --product kmix-tui`). Prints the mean tokens/s of
# steps 6-60 from each run's metrics.jsonl and their ratio.
set -eu
BUILD=${BUILD:-.build/release}
KMIX=$(cd "$BUILD" && pwd)/kmix
TUI=$(cd "$BUILD" && pwd)/kmix-tui
STEPS=60
ROWS=2000
WORK=$(mktemp -d /tmp/kmix-bench-tui.XXXXXX)
SOCKET=kmix-bench-tui-$$
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

mean_tokens() {
    python3 -c '
import json, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rates = [s["tokens_per_second"] for s in steps if s["event"] == "step" and s["step"] > 5]
print("%.0f %d" % (sum(rates) / len(rates), max(s["step"] for s in steps if s["event"] == "step")))
' "$1"
}

echo "headless: kmix train ($STEPS steps, $ROWS rows)"
"$KMIX" train --task sst2 --preset paper-nlu --max-train-rows "$ROWS" --max-steps "$STEPS" --epochs 1 \
    --batch-size 32 --out "$WORK/headless" >"$WORK/headless.log" 2>&1

echo "with the UI: kmix-tui in tmux, the same recipe from the train dialog"
tmux -L "$SOCKET" new-session -d -s bench -x 120 -y 36 -c "$WORK" \
    "env KMIX_DATA=${KMIX_DATA:-} TERM=tmux-256color LANG=C.UTF-8 '$TUI'"
until tmux -L "$SOCKET" capture-pane -p -t bench | grep -q "Heads ·"; do sleep 0.2; done
tmux -L "$SOCKET" send-keys -t bench t
sleep 0.5
for value in "$STEPS" 1 32 0.0002 "$ROWS" ""; do
    tmux -L "$SOCKET" send-keys -t bench C-u
    [ -n "$value" ] && tmux -L "$SOCKET" send-keys -t bench -l "$value"
    tmux -L "$SOCKET" send-keys -t bench Tab
done
tmux -L "$SOCKET" send-keys -t bench Enter
until tmux -L "$SOCKET" capture-pane -p -t bench | grep -q "training: finished"; do sleep 0.5; done
tmux -L "$SOCKET" send-keys -t bench q

set -- $(mean_tokens "$WORK/headless/metrics.jsonl")
headless=$1
set -- $(mean_tokens "$(ls -d "$WORK"/runs/tui-*)/metrics.jsonl")
ui=$1
echo "headless kmix train: $headless tokens/s"
echo "kmix-tui attached:   $ui tokens/s"
python3 -c "import sys; print('ratio UI/headless: %.3f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$ui" "$headless"
