r"""The grader's probe: what runs in a student's kernel, and how its answers come back.

After a student's cells have run, the grading worker (a process the
student's code never ran in) asks the kernel, through this probe, for the
objects an exercise names: a number's value and its context, or calls of the
student's function on inputs the worker chose. Answers come back as plain
data in a small JSON encoding (numbers, strings, arrays of numbers, lists,
tuples, dicts and the course's own dataclasses); the worker never unpickles
anything the kernel produced, and rebuilds only known ``snncourse``
dataclasses, field by field.

Contents
--------
AGENT
    Source of the probe, executed once in the kernel after the last cell.
decode
    Rebuild a value from the kernel's encoding (strictly validated).
ProbeError
    The kernel's answer was malformed.
"""

from __future__ import annotations

import base64
import builtins
import dataclasses
import importlib

import numpy as np

__all__ = ["AGENT", "decode", "ProbeError", "Opaque", "remote_exception"]

#: Largest array (bytes) the probe sends back.
MAX_ARRAY_BYTES = 256 * 2**20

# The probe. ``{name}`` is replaced by a random global name; everything it
# needs is imported inside the function so that a student's globals cannot
# shadow it (a student who patches the stdlib in the kernel can make the probe
# lie, which buys no more than writing the answer: see the grading module).
AGENT = r'''
def _snncourse_make_probe():
    import base64, dataclasses, json, math, pickle, sys
    ns = get_ipython().user_ns
    try:
        import numpy as np
    except Exception:  # noqa
        np = None
    MAX = %(max_bytes)d

    def enc(x, depth=0):
        if depth > 20:
            return {"t": "other", "type": "deep", "repr": "nested too deep"}
        if x is None or isinstance(x, (bool, str)):
            return {"t": "lit", "v": x if not isinstance(x, str) else x[:10000]}
        if np is not None and isinstance(x, np.generic) and x.dtype.kind in "biufc":
            return {"t": "np", "dtype": x.dtype.str,
                    "b64": base64.b64encode(np.asarray(x).tobytes()).decode("ascii")}
        if isinstance(x, int):
            return {"t": "int", "v": int.__repr__(int(x))}
        if isinstance(x, float):
            return {"t": "float", "v": float.__repr__(float(x))}
        if np is not None and isinstance(x, np.ndarray):
            if x.dtype.kind not in "biufc" or x.nbytes > MAX:
                return {"t": "other", "type": "ndarray",
                        "repr": f"array of dtype {x.dtype}, shape {x.shape}"}
            a = np.ascontiguousarray(x)
            return {"t": "nd", "dtype": a.dtype.str, "shape": list(x.shape),
                    "b64": base64.b64encode(a.tobytes()).decode("ascii")}
        if isinstance(x, (list, tuple)):
            return {"t": type(x).__name__ if type(x) in (list, tuple) else "tuple",
                    "items": [enc(v, depth + 1) for v in x[:100000]]}
        if isinstance(x, dict):
            return {"t": "dict", "items": [[enc(k, depth + 1), enc(v, depth + 1)]
                                           for k, v in list(x.items())[:10000]]}
        cls = type(x)
        module = str(getattr(cls, "__module__", ""))
        if dataclasses.is_dataclass(x) and module.startswith("snncourse."):
            return {"t": "dc", "cls": cls.__module__ + ":" + cls.__qualname__,
                    "fields": {f.name: enc(getattr(x, f.name, None), depth + 1)
                               for f in dataclasses.fields(x)}}
        if callable(x):
            return {"t": "fn", "module": str(getattr(x, "__module__", None)),
                    "name": str(getattr(x, "__qualname__", getattr(x, "__name__", "?")))}
        try:
            text = repr(x)[:200]
        except Exception:  # noqa
            text = "?"
        return {"t": "other", "type": cls.__name__, "repr": text}

    def describe(name):
        if name not in ns:
            return json.dumps({"found": False})
        x = ns[name]
        out = {"found": True, "callable": callable(x),
               "module": str(getattr(x, "__module__", "")) if callable(x) else ""}
        if not callable(x):
            out["value"] = enc(x)
        return json.dumps(out)

    def call(name, payload, forbidden):
        fn = ns.get(name)
        args = pickle.loads(base64.b64decode(payload))
        bad = {tuple(f) for f in forbidden}
        hits = []

        def profile(frame, event, arg):
            if event == "call":
                code = frame.f_code
                if (code.co_filename, code.co_name) in bad and len(hits) < 3:
                    hits.append(code.co_name)

        old = sys.getprofile()
        sys.setprofile(profile)
        try:
            out = {"ok": enc(fn(*args))}
        except BaseException as exc:  # noqa  (reported to the grader)
            try:
                text = str(exc)[:1000]
            except Exception:  # noqa
                text = ""
            out = {"raise": [type(exc).__name__, text,
                             [c.__name__ for c in type(exc).__mro__]]}
        finally:
            sys.setprofile(old)
        out["forbidden"] = hits
        return json.dumps(out)

    return describe, call

%(name)s = _snncourse_make_probe()
del _snncourse_make_probe
'''


class ProbeError(Exception):
    """The kernel's answer does not follow the probe's encoding."""


class Opaque:
    """Stands for an object the probe does not send back (its type and repr only)."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return self.text or f"<{self.type_name}>"


class RemoteFunction:
    """Stands for a function returned by the student's code (it cannot be called here)."""

    def __init__(self, module, name):
        self.__module__, self.__qualname__, self.__name__ = module, name, name

    def __call__(self, *args, **kwargs):
        raise TypeError(f"{self.__name__} is a function of the student's kernel")

    def __repr__(self):
        return f"<function {self.__name__}>"


def _dataclass(qualified):
    """The course's dataclass named ``module:qualname`` (engine and science modules only)."""
    module, _, qualname = str(qualified).partition(":")
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "snncourse" or parts[1] in ("course", "widgets", "plotting") \
            or not all(p.isidentifier() for p in parts) or not qualname.isidentifier():
        raise ProbeError(f"class {qualified!r} is not one of the course's dataclasses")
    try:
        cls = getattr(importlib.import_module(module), qualname, None)
    except ImportError:
        cls = None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)
            and cls.__module__ == module):
        raise ProbeError(f"class {qualified!r} is not one of the course's dataclasses")
    return cls


def _b64(text):
    try:
        return base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError) as exc:
        raise ProbeError(f"bad base64: {exc}") from None


def _dtype(text):
    try:
        dt = np.dtype(str(text))
    except TypeError as exc:
        raise ProbeError(f"bad dtype {text!r}") from exc
    if dt.kind not in "biufc":
        raise ProbeError(f"dtype {text!r} is not numeric")
    return dt


def decode(node, depth=0):
    """Rebuild a value sent by the probe; raise ProbeError for anything unexpected."""
    if depth > 25 or not isinstance(node, dict):
        raise ProbeError("malformed value")
    t = node.get("t")
    if t == "lit":
        v = node.get("v")
        if v is not None and not isinstance(v, (bool, str)):
            raise ProbeError("malformed literal")
        return v
    if t == "int":
        return int(str(node.get("v")))
    if t == "float":
        return float(str(node.get("v")))
    if t == "nd":
        dt = _dtype(node.get("dtype"))
        shape = tuple(int(s) for s in node.get("shape", ()))
        data = _b64(node.get("b64", ""))
        if len(data) > MAX_ARRAY_BYTES or any(s < 0 for s in shape) \
                or int(np.prod(shape, dtype=np.int64)) * dt.itemsize != len(data):
            raise ProbeError("array size does not match its shape")
        return np.frombuffer(data, dtype=dt).reshape(shape).copy()
    if t == "np":
        dt = _dtype(node.get("dtype"))
        data = _b64(node.get("b64", ""))
        if len(data) != dt.itemsize:
            raise ProbeError("malformed scalar")
        return np.frombuffer(data, dtype=dt)[0]
    if t in ("list", "tuple"):
        items = [decode(v, depth + 1) for v in node.get("items", [])]
        return items if t == "list" else tuple(items)
    if t == "dict":
        out = {}
        for pair in node.get("items", []):
            if not isinstance(pair, list) or len(pair) != 2:
                raise ProbeError("malformed dict")
            key = decode(pair[0], depth + 1)
            try:
                out[key] = decode(pair[1], depth + 1)
            except TypeError:
                raise ProbeError("unhashable dict key") from None
        return out
    if t == "dc":
        cls = _dataclass(node.get("cls"))
        fields = node.get("fields", {})
        if not isinstance(fields, dict):
            raise ProbeError("malformed dataclass")
        names = {f.name for f in dataclasses.fields(cls)}
        obj = object.__new__(cls)
        for name, value in fields.items():
            if name in names:
                object.__setattr__(obj, name, decode(value, depth + 1))
        missing = names - set(fields)
        if missing:
            raise ProbeError(f"{cls.__name__} without fields {sorted(missing)}")
        return obj
    if t == "fn":
        return RemoteFunction(str(node.get("module")), str(node.get("name")))
    if t == "other":
        return Opaque(str(node.get("type")), str(node.get("repr", ""))[:200])
    raise ProbeError(f"unknown tag {t!r}")


def remote_exception(name, message, mro):
    """An exception like the one the student's function raised (builtin types kept)."""
    name, message = str(name), str(message)
    mro = [str(m) for m in mro] if isinstance(mro, list) else []
    if "NotImplementedError" in mro:
        return NotImplementedError(message)
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            return cls(message)
        except Exception:  # noqa: BLE001  (an exception type with a special signature)
            pass
    for base in mro:  # the nearest builtin base, under the student's name
        cls = getattr(builtins, base, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            return type(name, (cls,), {})(message)
    return type(name if name.isidentifier() else "Error", (Exception,), {})(message)
