#!/usr/bin/env python3
"""How fast kmix-tui reacts to a key while a run trains flat out, measured from outside.

Starts the release kmix-tui in a private tmux server (120x36), measures key-to-screen latency
with nothing running, then starts a paper-nlu run on SST-2 from the train dialog and measures
again while it trains. One sample: send ` (switch screen) and poll `tmux capture-pane` until the
other screen is drawn. The figure includes tmux's own delivery and capture time: the first phase
measures that floor alone, with `cat` echoing a typed character in the same kind of pane. Prints
median, 95th percentile and maximum per phase.

Usage: scripts/tui_latency.py [--build .build/release] [--samples 40]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


class Pane:
    """A kmix-tui session in its own tmux server."""

    def __init__(self, socket, workdir, command):
        self.socket = socket
        self.tmux("new-session", "-d", "-s", "lat", "-x", "120", "-y", "36", "-c", workdir,
                  f"env TERM=tmux-256color LANG=C.UTF-8 {command}")

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "lat")

    def keys(self, *keys, literal=False):
        self.tmux("send-keys", "-t", "lat", *(["-l"] if literal else []), *keys)

    def wait_for(self, text, timeout=120.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return
            time.sleep(0.1)
        raise SystemExit(f"kmix-tui never showed {text!r} within {timeout:.0f} s; last screen:\n{self.screen()}")

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def on_heads(screen):
    return "Heads ·" in screen


def sample(pane, count):
    """Key-to-screen latencies in milliseconds: each ` must bring up the other screen."""
    latencies = []
    for _ in range(count):
        want_heads = not on_heads(pane.screen())
        start = time.perf_counter()
        pane.keys("`")
        while on_heads(pane.screen()) != want_heads:
            if time.perf_counter() - start > 5:
                raise SystemExit("the screen did not switch within 5 s")
        latencies.append((time.perf_counter() - start) * 1000)
        time.sleep(0.15)
    return latencies


def method_floor(socket, workdir, count):
    """Latencies of tmux alone: a character typed into `cat` until the pane shows its echo."""
    pane = Pane(socket, workdir, "cat")
    latencies = []
    try:
        time.sleep(0.5)
        for index in range(count):
            marker = "xy"[index % 2] * (index + 1)
            start = time.perf_counter()
            pane.keys(marker, literal=True)
            while marker not in pane.screen():
                if time.perf_counter() - start > 5:
                    raise SystemExit("cat's echo did not appear within 5 s")
            latencies.append((time.perf_counter() - start) * 1000)
            pane.keys("Enter")
            time.sleep(0.15)
    finally:
        pane.close()
    return latencies


def report(name, latencies):
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(f"{name:<34} median {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms"
          f"   ({len(ordered)} keys)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=".build/release")
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    binary = os.path.abspath(os.path.join(args.build, "kmix-tui"))
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} is missing: build it with `swift build -c release --product kmix-tui`")
    workdir = tempfile.mkdtemp(prefix="kmix-latency.")
    print(f"load average {os.getloadavg()[0]:.2f}")
    report("tmux alone (cat echoing a key)", method_floor(f"kmix-latency-floor-{os.getpid()}", workdir, args.samples))
    pane = Pane(f"kmix-latency-{os.getpid()}", workdir, f"'{binary}'")
    try:
        pane.wait_for("Heads ·")
        report("kmix-tui, idle", sample(pane, args.samples))
        pane.keys("t")
        pane.wait_for("Start training")
        for value in ["400", "1", "32", "0.0002", "", ""]:
            pane.keys("C-u")
            if value:
                pane.keys(value, literal=True)
            pane.keys("Tab")
        pane.keys("Enter")
        pane.wait_for("training: running")
        time.sleep(3)
        report("kmix-tui, training (paper-nlu)", sample(pane, args.samples))
        if "training: running" not in pane.screen():
            raise SystemExit("the run ended before the samples did: raise its step count")
        pane.keys("q")
        pane.wait_for("Quit?")
        pane.keys("y")
        time.sleep(1)
    finally:
        pane.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
