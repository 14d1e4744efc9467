"""What crosses between the judge and the worker (checker.wire) and how the
judge mirrors a call's effects onto its own inputs (checker.mirror).

The decoder's table: every value a suite passes or a user returns round-trips
exactly (type, dtype, layout, identity where it matters); everything else a
hostile worker could send is a WireError, never a crash, a hang or code run.
"""

from __future__ import annotations

import json
import math
import struct

import numpy as np
import pytest

from checker import mirror, wire


def roundtrip(value, keep=None):
    enc = wire.Encoder(keep=keep)
    frame = b"".join(wire.pack({"v": enc.encode(value)}, enc.buffers))
    header, body = frame[: wire.HEADER_SIZE], frame[wire.HEADER_SIZE :]
    assert wire.frame_length(header) == len(body)
    message, buffers = wire.unpack(header, bytearray(body))
    return wire.Decoder(buffers).decode(message["v"])


def raw(node, buffers=()):
    """Decode a hand-made value tree, as a hostile worker could send it."""
    return wire.Decoder(list(buffers)).decode(node)


# --------------------------------------------------------------------------- right


@pytest.mark.parametrize(
    "value",
    [None, True, False, 0, -7, 2**100, 1.5, -0.0, 1e-310, "text", "ünï", b"\x00bytes", 3 + 4j],
    ids=repr,
)
def test_plain_values_round_trip(value) -> None:
    got = roundtrip(value)
    assert type(got) is type(value) and got == value
    if isinstance(value, float):
        assert math.copysign(1, got) == math.copysign(1, value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_floats_round_trip(value) -> None:
    got = roundtrip(value)
    assert isinstance(got, float) and (got == value or (math.isnan(got) and math.isnan(value)))


def test_containers_keep_their_kind() -> None:
    value = {"a": (1, [2.0, (3,)]), 4: {"b": None}, (5, "c"): []}
    got = roundtrip(value)
    assert got == value
    assert type(got["a"]) is tuple and type(got["a"][1]) is list and type(got[(5, "c")]) is list


@pytest.mark.parametrize(
    "dtype", ["bool", "int8", "int32", "int64", "uint8", "float16", "float32", "float64",
              "complex128"],
)  # fmt: skip
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3), (2, 0, 4), (1, 2, 3, 2)])
def test_arrays_round_trip_with_dtype_and_shape(dtype, shape) -> None:
    arr = (np.arange(int(np.prod(shape))) % 3).reshape(shape).astype(dtype)
    got = roundtrip(arr)
    assert isinstance(got, np.ndarray) and got.dtype == arr.dtype and got.shape == shape
    assert np.array_equal(got, arr)
    assert got.flags.writeable


def test_transposed_and_sliced_arrays_arrive_in_that_layout() -> None:
    base = np.arange(24.0).reshape(4, 6)
    for view in (base.T, base[:, ::2], base[::2, 1::3], base[::-1]):
        got = roundtrip(view)
        assert np.array_equal(got, view)
        assert got.flags.c_contiguous == view.flags.c_contiguous
        # Writing through the received view changes only the received copy.
        got[...] = 0
    assert base.sum() == sum(range(24))
    assert roundtrip(base.T).flags.f_contiguous
    assert not roundtrip(base[:, ::2]).flags.c_contiguous


def test_numpy_scalars_keep_their_type() -> None:
    for value in (np.float64(1.25), np.float32(2.5), np.int64(-3), np.bool_(True)):
        got = roundtrip(value)
        assert type(got) is type(value) and got == value


def test_a_generator_arrives_in_the_same_state() -> None:
    rng = np.random.default_rng(5)
    rng.random(3)
    got = roundtrip(rng)
    assert np.array_equal(got.random(4), rng.random(4))


def test_objects_that_are_not_data_stay_behind_a_handle() -> None:
    kept = []

    def keep(obj) -> int:
        kept.append(obj)
        return len(kept)

    thing = object()
    got = roundtrip({"cache": thing, "arr": np.array([thing], dtype=object)}, keep=keep)
    assert isinstance(got["cache"], wire.Remote) and got["cache"].type_name == "object"
    assert isinstance(got["arr"], wire.Remote) and got["arr"].type_name == "ndarray"
    assert kept[0] is thing


def test_without_a_keeper_an_object_is_an_error_not_a_pickle() -> None:
    with pytest.raises(wire.WireError):
        wire.Encoder().encode(object())


def test_a_value_nested_too_deeply_cannot_be_sent() -> None:
    deep: list = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.Encoder().encode(deep)


# --------------------------------------------------------------------------- hostile


@pytest.mark.parametrize(
    "node, buffers",
    [
        ({"$unknown": 1}, []),
        ({"$t": 1}, []),
        ({"$a": ["|O", [1], 0, "C"]}, [b"\x00" * 8]),  # object arrays would unpickle
        ({"$a": ["<f8", [2], 0, "C"]}, [b"\x00" * 8]),  # data shorter than the shape
        ({"$a": ["<f8", [-1], 0, "C"]}, [b""]),
        ({"$a": ["<f8", [True], 0, "C"]}, [b"\x00" * 8]),
        ({"$a": ["<f8", [1], 5, "C"]}, [b"\x00" * 8]),  # no such buffer
        ({"$a": ["<f8", [2, 2], 0, [1, 0]]}, [b"\x00" * 32]),  # overlapping layout
        ({"$a": ["<f8", [1] * 40, 0, "C"]}, [b"\x00" * 8]),
        ({"$d": [[[1, 2], 3]]}, []),  # unhashable key
        ({"$d": [[1]]}, []),
        ({"$x": "1e400"}, []),
        ({"$g": ["Evil", {}]}, []),
        ({"$g": ["PCG64", {"state": "x"}]}, []),
        ({"$r": 5}, []),  # a bare handle means "yours", which the judge has none of
        ({"$f": 1}, []),  # the judge never calls a function the worker names
        ({"$same": [[], None]}, []),
        ({"$same": [[True], None]}, []),
        ({"$c": ["a", 1]}, []),
        ({"a": 1, "b": 2}, []),
    ],
)
def test_malformed_values_are_refused(node, buffers) -> None:
    with pytest.raises(wire.WireError):
        raw(node, buffers)


def test_depth_and_size_are_bounded() -> None:
    deep = 0
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(wire.WireError):
        raw(deep)
    with pytest.raises(wire.WireError):
        raw([0] * (wire.MAX_NODES + 1))


def _frame(text: bytes, declared_total: int | None = None, json_len: int | None = None):
    total = len(text) if declared_total is None else declared_total
    header = struct.pack("<QI", total, len(text) if json_len is None else json_len)
    return header, text


@pytest.mark.parametrize(
    "header, body",
    [
        _frame(b"not json"),
        _frame(b"[1, 2]"),
        _frame(json.dumps({"_sizes": "x"}).encode()),
        _frame(json.dumps({"_sizes": [10]}).encode()),  # buffers that are not there
        _frame(json.dumps({"_sizes": []}).encode(), json_len=10**9),
        _frame(b"[" * 100_000 + b"]" * 100_000),
        _frame(b'{"_sizes": [], "n": ' + b"9" * 5000 + b"}"),  # an int too long to parse
    ],
    ids=["not json", "not an object", "sizes not a list", "missing buffers",
         "header over the limit", "nested brackets", "huge integer"],
)  # fmt: skip
def test_malformed_frames_are_refused(header, body) -> None:
    with pytest.raises(wire.WireError):
        wire.unpack(header, body)


def test_a_frame_over_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(wire.WireError):
        wire.frame_length(struct.pack("<QI", wire.MAX_FRAME + 1, 10))


# --------------------------------------------------------------------------- mirroring


def _call_in_another_process(fn, args: tuple, may_modify=()):
    """What Ctx.call does, with the worker's side run here on copies."""
    sent = roundtrip(list(args))  # the worker's copies
    aliases = wire.alias_paths(sent)
    result = fn(*sent)
    enc = wire.Encoder(aliases=aliases, alias_content=True)
    after = enc.encode(sent)
    enc.alias_content = False
    out = enc.encode(result)
    frame = b"".join(wire.pack({"after": after, "out": out}, enc.buffers))
    message, buffers = wire.unpack(frame[: wire.HEADER_SIZE], frame[wire.HEADER_SIZE :])
    decoder = wire.Decoder(buffers)
    paths = mirror.originals(args)
    changed = mirror.apply_inputs_after(args, decoder.decode(message["after"]), may_modify, paths)
    return mirror.settle(decoder.decode(message["out"]), paths), changed


def test_a_dict_gains_what_the_call_stored() -> None:
    def forward(x, param):
        param["running_mean"] = x.mean(0)
        param["seen"] = param.get("seen", 0) + 1
        return x * 2

    param = {"mode": "train"}
    out, changed = _call_in_another_process(forward, (np.ones((2, 3)), param))
    assert changed == [] and param["seen"] == 1 and np.array_equal(param["running_mean"], [1] * 3)
    assert np.array_equal(out, np.full((2, 3), 2.0))


def test_in_place_updates_and_rebinding_are_told_apart() -> None:
    old_v, old_m = np.zeros(3), np.zeros(3)

    def step(config):
        config["velocity"] += 1.0  # in place: the caller's array changes
        config["m"] = config["m"] + 1.0  # rebound: the caller's old array does not

    config = {"velocity": old_v, "m": old_m}
    _call_in_another_process(step, (config,))
    assert config["velocity"] is old_v and np.array_equal(old_v, [1, 1, 1])
    assert config["m"] is not old_m and np.array_equal(old_m, [0, 0, 0])


def test_a_modified_input_array_is_reported_and_left_alone() -> None:
    def scale(x):
        x *= 2
        return x

    x = np.ones(3)
    _, changed = _call_in_another_process(scale, (x,))
    assert changed == [0] and np.array_equal(x, [1, 1, 1])
    _, changed = _call_in_another_process(scale, (x,), may_modify=(0,))
    assert changed == [] and np.array_equal(x, [2, 2, 2])


def test_returning_an_input_returns_the_judges_object() -> None:
    grads = {"W1": np.ones(2)}
    out, _ = _call_in_another_process(lambda g: g, (grads,))
    assert out is grads
    out, _ = _call_in_another_process(lambda g: dict(g), (grads,))
    assert out is not grads and out == {"W1": grads["W1"]} or np.array_equal(out["W1"], [1, 1])


def test_a_generator_advances_as_in_the_call() -> None:
    rng = np.random.default_rng(3)
    twin = np.random.default_rng(3)
    _call_in_another_process(lambda r: r.random(5), (rng,))
    twin.random(5)
    assert rng.random() == twin.random()
