"""`kmix watch` on a copy of a run folder that rsync keeps in step while kmix_torch writes the original, as a run on
another machine is watched: each step is printed once, in order, and the watch ends when the run has finished. The
copy's folder does not exist when the watch starts."""
import subprocess
import sys
import time

import pytest

from conftest import FAMILIES, checkout_environment

STEPS = 40
VANISHED = 24  # rsync's exit status for source files that vanished during the transfer


@pytest.mark.parametrize("mode", [[], ["--inplace"]], ids=["replaced-files", "in-place"])
def test_kmix_watch_follows_an_rsync_copy_of_a_run_being_written(kmix, tmp_path, mode):
    source, copy = tmp_path / "run", tmp_path / "copy"
    writer = subprocess.Popen([sys.executable, "-m", "kmix_torch.train", "--model", str(FAMILIES / "tiny-roberta"),
                               "--task", "sst2", "--max-train-rows", "600", "--max-steps", str(STEPS),
                               "--save-every", "10", "--out", str(source)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=checkout_environment())
    watch = subprocess.Popen([kmix, "watch", str(copy), "--interval", "0.2"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)

    def sync():
        if source.exists():
            result = subprocess.run(["rsync", "-a", "--delete", *mode, f"{source}/", f"{copy}/"], capture_output=True,
                                    text=True)
            # 24: a file vanished while rsync copied (a temporary file renamed into place); the next sync catches up.
            assert result.returncode in (0, VANISHED), result.stderr

    while writer.poll() is None:
        sync()
        time.sleep(0.3)
    sync()
    assert writer.returncode == 0, writer.stderr.read()
    output, errors = watch.communicate(timeout=120)
    assert watch.returncode == 0, errors
    steps = [line.split()[1] for line in output.splitlines() if line.startswith("step ")]
    assert steps == [f"{step}/{STEPS}" for step in range(1, STEPS + 1)], output
    assert output.startswith(f"waiting for {copy} to appear\n")
    assert output.rstrip().endswith(f"finished: step {STEPS}/{STEPS}, adapters saved")
