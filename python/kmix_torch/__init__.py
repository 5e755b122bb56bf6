"""kmix_torch: Kernel-mix adapters (kmix's plans) in PyTorch, trained in one process or with torchrun/DDP into run
folders that kmix reads, watches, evaluates and exports."""
__version__ = "0.1.0"
