"""The core against real git repositories, the command line, the benchmarks' helpers."""
