"""kmix's random numbers, bit for bit: the generator (xoshiro256** seeded by SplitMix64), its shuffle, and the
batch schedule built from them (`Sources/KMix/Numerics/SeededGenerator.swift`,
`Sources/KMix/Training/Data/BatchSchedule.swift`).

A kmix run and a kmix_torch run with the same seed start from the same adapter tensors and visit the same batches in
the same order, so that either engine can resume the other's run and their loss curves can be compared step by step.
"""
import math

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def _rotate(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class SeededGenerator:
    """kmix's `SeededGenerator`: xoshiro256** whose four words are drawn from SplitMix64 seeded with `seed`."""

    def __init__(self, seed):
        mixer = seed & MASK
        words = []
        for _ in range(4):
            mixer = (mixer + GOLDEN) & MASK
            z = mixer
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            words.append(z ^ (z >> 31))
        self.s0, self.s1, self.s2, self.s3 = words

    def next(self):
        """The next 64 random bits."""
        s0, s1, s2, s3 = self.s0, self.s1, self.s2, self.s3
        result = (_rotate((s1 * 5) & MASK, 7) * 9) & MASK
        shifted = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = _rotate(s3, 45)
        self.s0, self.s1, self.s2, self.s3 = s0, s1, s2, s3
        return result

    def next_unit_float(self):
        """A uniform value in [0, 1) with 24 random bits (exactly a float32)."""
        return (self.next() >> 40) * 2.0 ** -24

    def next_normal(self):
        """A standard normal value (Box-Muller in double precision, as kmix computes it)."""
        u1 = ((self.next() >> 11) + 0.5) * 2.0 ** -53
        u2 = (self.next() >> 11) * 2.0 ** -53
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def seeded_shuffle(items, generator):
    """Shuffles `items` in place as kmix does: Fisher-Yates from the end, j = high word of next() * (i + 1)."""
    for i in range(len(items) - 1, 0, -1):
        j = (generator.next() * (i + 1)) >> 64
        items[i], items[j] = items[j], items[i]


class BatchSchedule:
    """kmix's batch order: each epoch shuffles the examples, cuts them into buckets of `batch_size * bucket_batches`,
    sorts each bucket by length (ties by index), cuts it into batches and shuffles the batches; evaluation batches
    are all examples sorted by length."""

    def __init__(self, lengths, batch_size, seed, bucket_batches=50):
        if batch_size < 1 or bucket_batches < 1:
            raise ValueError("batch and bucket sizes must be positive")
        self.lengths, self.batch_size, self.seed, self.bucket_batches = list(lengths), batch_size, seed, bucket_batches

    def training_batches(self, epoch):
        """The batches (lists of example indices) of `epoch` (from 0), in training order."""
        generator = SeededGenerator(self.seed ^ ((epoch * GOLDEN) & MASK))
        order = list(range(len(self.lengths)))
        seeded_shuffle(order, generator)
        batches = []
        bucket = self.batch_size * self.bucket_batches
        for start in range(0, len(order), bucket):
            batches += self._chunks(self._by_length(order[start:start + bucket]))
        seeded_shuffle(batches, generator)
        return batches

    def evaluation_batches(self):
        """Every example by increasing length (ties by index), in batches."""
        return self._chunks(self._by_length(range(len(self.lengths))))

    def _by_length(self, indices):
        return sorted(indices, key=lambda i: (self.lengths[i], i))

    def _chunks(self, items):
        return [items[i:i + self.batch_size] for i in range(0, len(items), self.batch_size)]


def steps_per_epoch(examples, batch_size):
    """Batches in one epoch (at least 1)."""
    return max(1, -(-examples // batch_size))


def dropout_seed(seed, step):
    """The seed kmix derives the dropout masks of update `step` (from 0) from; kmix_torch seeds torch with it so that a
    run's masks are a function of (seed, step) and a resumed run draws the same ones."""
    return (seed ^ (((step + 1) * GOLDEN) & MASK)) & MASK
