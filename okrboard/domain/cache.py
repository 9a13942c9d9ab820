"""The one cache idiom: a bounded map from a key to what it cost to make, safe across
threads (the app's workers read and fill the caches while its main thread does too), and
one ``clear_caches()`` that empties every cache okrboard keeps, so a long session on a
large board stays bounded and a test or a benchmark can start cold."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from cachetools import LRUCache

K = TypeVar("K")
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])

_EVERY: list[Callable[[], None]] = []  # each cache's clear


class Cache(Generic[K, V]):
    """At most ``size`` entries, the least recently used dropped first. Each read or write
    is one step under a lock, so a thread can never see an entry evicted between asking
    for it and reading it. Nothing is made under the lock: two threads that miss at once
    may both make a value, and the second simply replaces the first."""

    def __init__(self, size: int) -> None:
        self._entries: LRUCache[K, V] = LRUCache(maxsize=size)
        self._lock = threading.Lock()
        _EVERY.append(self.clear)

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._entries[key] = value
        return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def memoized(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache`` (thread-safe), emptied by ``clear_caches`` too."""

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _EVERY.append(cached.cache_clear)
        return cached  # type: ignore[return-value]

    return decorate


def clear_caches() -> None:
    """Empty every cache okrboard keeps."""
    for clear in _EVERY:
        clear()
