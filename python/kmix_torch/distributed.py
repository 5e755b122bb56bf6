"""The processes of a run: one, or those `torchrun` / `accelerate launch` start (read from RANK, WORLD_SIZE and
LOCAL_RANK), joined in a process group (NCCL on GPUs, gloo on CPUs). Every process sees every global batch and
trains its own contiguous share of it; rank 0 writes the run folder."""
import os

import torch
import torch.distributed as dist


class Processes:
    """This process's place in the run, its device, and the few collectives the trainer needs."""

    def __init__(self, device=None, backend=None):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        if device is None or device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cuda":
            torch.cuda.set_device(self.local_rank)
            self.device = torch.device("cuda", self.local_rank)
        else:
            self.device = torch.device(device)
        self.backend = backend or ("nccl" if self.device.type == "cuda" else "gloo")
        if self.world > 1 and not dist.is_initialized():
            dist.init_process_group(self.backend)

    @property
    def is_main(self):
        return self.rank == 0

    @property
    def distributed(self):
        return self.world > 1

    def share(self, indices):
        """This rank's contiguous share of a global batch (shares differ in size by at most one; may be empty)."""
        base, extra = divmod(len(indices), self.world)
        start = self.rank * base + min(self.rank, extra)
        return indices[start:start + base + (1 if self.rank < extra else 0)]

    def sum(self, values):
        """The element-wise sum of `values` (floats) over all processes."""
        if not self.distributed:
            return list(values)
        tensor = torch.tensor(values, dtype=torch.float64, device=self.device)
        dist.all_reduce(tensor)
        return tensor.tolist()

    def barrier(self):
        if self.distributed:
            dist.barrier()

    def close(self):
        if self.distributed and dist.is_initialized():
            dist.destroy_process_group()
