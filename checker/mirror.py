"""Mirrors onto the judge's own objects what a call did to the worker's copies.

User code runs in another process, so a call gets copies of its inputs. After
the call the worker sends the inputs back; objects that are still the very ones
it received arrive as `wire.Same(path, content)`. Here the judge updates its own
dicts, lists, arrays and generators to match (a bn_param that gained running
statistics, an x restored after perturbation, a generator that advanced), and
turns outputs that are inputs back into the judge's objects, so `returned is
given` holds exactly when it held in the worker.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from checker.wire import MAX_DEPTH, Same

Paths = dict[tuple, Any]


def originals(args: tuple) -> Paths:
    """path -> object for every array, list and dict within the call's inputs."""
    found: Paths = {}

    def walk(value: Any, path: tuple, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(value, np.ndarray | list | dict):
            found.setdefault(path, value)
        if isinstance(value, list | tuple):
            for i, item in enumerate(value):
                walk(item, (*path, i), depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str | int) and not isinstance(key, bool):
                    walk(item, (*path, key), depth + 1)

    for i, arg in enumerate(args):
        walk(arg, (i,), 0)
    return found


def apply_inputs_after(
    args: tuple, after: list, may_modify: tuple[int, ...] | list[int], paths: Paths
) -> list[int]:
    """Update the judge's inputs to how the call left them. Top-level arrays are
    only written back where the call may modify them; the positions of those it
    changed although it must not are returned (they are left as they were)."""
    changed: list[int] = []
    for i, (arg, new) in enumerate(zip(args, after, strict=False)):
        if isinstance(new, Same) and new.value is None:
            continue  # the very object, unchanged
        content = new.value if isinstance(new, Same) else new
        if isinstance(arg, np.ndarray):
            same_shape = isinstance(content, np.ndarray) and content.shape == arg.shape
            if i in may_modify:
                if same_shape:
                    np.copyto(arg, content, casting="unsafe")
            elif arg.dtype != object and not (
                same_shape and np.array_equal(arg, content, equal_nan=True)
            ):
                changed.append(i)
        elif isinstance(arg, dict | list) and isinstance(new, Same):
            _update(arg, content, paths)
        elif isinstance(arg, np.random.Generator) and isinstance(new, np.random.Generator):
            if type(arg.bit_generator) is type(new.bit_generator):
                arg.bit_generator.state = new.bit_generator.state
    return changed


def settle(value: Any, paths: Paths) -> Any:
    """A value from the worker with every `Same` replaced by the judge's object
    (updated to the content sent, when there is one)."""
    if isinstance(value, Same):
        target = paths.get(tuple(value.path))
        if target is None:
            return settle(value.value, paths)
        if value.value is not None:
            _update(target, value.value, paths)
        return target
    if isinstance(value, list):
        return [settle(v, paths) for v in value]
    if isinstance(value, tuple):
        return tuple(settle(v, paths) for v in value)
    if isinstance(value, dict):
        return {k: settle(v, paths) for k, v in value.items()}
    return value


def _update(target: Any, content: Any, paths: Paths) -> None:
    if isinstance(target, np.ndarray):
        if isinstance(content, np.ndarray) and content.shape == target.shape:
            np.copyto(target, content, casting="unsafe")
    elif isinstance(target, dict) and isinstance(content, dict):
        new = {k: settle(v, paths) for k, v in content.items()}
        target.clear()
        target.update(new)
    elif isinstance(target, list) and isinstance(content, list):
        target[:] = [settle(v, paths) for v in content]
