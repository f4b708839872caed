"""Test tooling: the random-weight test-model builder (:mod:`.models`). Imported only by tests,
benchmarks and ``translate models make-test-model``; nothing in the library depends on it."""
