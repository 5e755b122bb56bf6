"""kmix's generator and batch order (kmix's own values are checked against the kmix binary in test_interop.py)."""
from kmix_torch.rng import BatchSchedule, SeededGenerator, seeded_shuffle


def test_the_generator_is_a_function_of_its_seed():
    a, b, c = SeededGenerator(7), SeededGenerator(7), SeededGenerator(8)
    first = [a.next() for _ in range(5)]
    assert first == [b.next() for _ in range(5)]
    assert first != [c.next() for _ in range(5)]
    assert all(0 <= v < 2 ** 64 for v in first)
    assert all(0 <= SeededGenerator(3).next_unit_float() < 1 for _ in range(100))


def test_a_shuffle_is_a_permutation():
    items = list(range(100))
    seeded_shuffle(items, SeededGenerator(1))
    assert sorted(items) == list(range(100)) and items != list(range(100))


def test_each_epoch_visits_every_example_once_in_length_sorted_buckets():
    lengths = [(i * 37) % 50 + 1 for i in range(1000)]
    schedule = BatchSchedule(lengths, batch_size=32, seed=42, bucket_batches=5)
    epoch0, epoch1 = schedule.training_batches(0), schedule.training_batches(1)
    for batches in (epoch0, epoch1):
        assert sorted(i for batch in batches for i in batch) == list(range(1000))
        assert all(len(batch) <= 32 for batch in batches)
        assert all([lengths[i] for i in batch] == sorted(lengths[i] for i in batch) for batch in batches)
    assert epoch0 != epoch1 and epoch0 == schedule.training_batches(0)
    evaluation = [i for batch in schedule.evaluation_batches() for i in batch]
    assert evaluation == sorted(range(1000), key=lambda i: (lengths[i], i))
