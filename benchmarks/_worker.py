"""One timed simulation in a fresh process; shared by ``bench_brunel.py`` and ``bench_scaling.py``.

``python benchmarks/_worker.py SIMULATOR G ETA SCALE DURATION DT SEED T_START WIRING``
builds and runs Brunel's (2000) network (``brunel2000(g, eta, scale=scale)``)
with ``snncourse`` or ``brian2-<target>`` and prints one line
``BENCH-RESULT {json}``: build / prepare / run seconds (wall and CPU), peak
resident memory (``ru_maxrss``) of the process and after the imports,
synapses, spikes, synaptic events (spikes times out-degree of the spiking
neuron), E and I rates and the mean ISI CV after ``t_start``.
Each simulator runs in its own process so its peak memory is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "BENCH-RESULT "


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KB on Linux


def _stats(times, ids, n_exc, n_neurons, t_start, duration):
    import numpy as np

    from snncourse.analysis import isi_cv

    keep = times >= t_start
    times, ids = times[keep], ids[keep]
    window_s = (duration - t_start) / 1000.0
    n_e = int(np.count_nonzero(ids < n_exc))
    cv = isi_cv(times, ids, n_neurons)
    return dict(rate_e=n_e / (n_exc * window_s),
                rate_i=(ids.size - n_e) / ((n_neurons - n_exc) * window_s),
                cv=float(np.nanmean(cv)) if np.isfinite(cv).any() else float("nan"))


def run(simulator, g, eta, scale, duration, dt, seed, t_start, wiring="own") -> dict:
    import numpy as np

    from snncourse.connectivity import build_connectivity
    from snncourse.network import simulate_network
    from snncourse.params import brunel2000

    net = brunel2000(g, eta, scale=scale)
    if simulator == "snncourse":
        rss_import = _peak_rss_mb()
        rng = np.random.default_rng(seed)
        t0, c0 = time.perf_counter(), time.process_time()
        conn = build_connectivity(net, rng)
        t1, c1 = time.perf_counter(), time.process_time()
        res = simulate_network(net, duration=duration, dt=dt, rng=rng, connectivity=conn)
        t2, c2 = time.perf_counter(), time.process_time()
        out = dict(build_s=t1 - t0, prepare_s=0.0, run_s=t2 - t1, build_cpu_s=c1 - c0,
                   run_cpu_s=c2 - c1, n_synapses=conn.n_synapses,
                   wiring="fixed in-degree (snncourse)")
        times, ids = res.spike_times, res.spike_ids
        events = int(np.diff(conn.indptr)[ids].sum())
    else:
        target = simulator.split("-", 1)[1]
        sys.path.insert(0, str(HERE))
        import brian2  # noqa: F401  (imported before the baseline is taken)
        from brian2_model import run_brian2

        rss_import = _peak_rss_mb()
        if wiring == "own":
            conn, label = "brian2", f"Bernoulli p={net.c_exc / net.n_exc:g} (Brian2 connect)"
            t_wire = c_wire = 0.0
        else:
            t0, c0 = time.perf_counter(), time.process_time()
            conn = build_connectivity(net, np.random.default_rng(seed))
            t_wire, c_wire = time.perf_counter() - t0, time.process_time() - c0
            label = "fixed in-degree (snncourse, passed in)"
        res = run_brian2(net, duration=duration, dt=dt, connectivity=conn, seed=seed, target=target)
        out = dict(build_s=t_wire + res["build_s"], prepare_s=res["prepare_s"], run_s=res["run_s"],
                   build_cpu_s=c_wire + res["build_cpu_s"], run_cpu_s=res["run_cpu_s"],
                   n_synapses=res["n_synapses"], wiring=label)
        times, ids = res["spike_times"], res["spike_ids"]
        events = int(round(times.size * res["n_synapses"] / net.n_neurons))  # mean out-degree
    out.update(_stats(times, ids, net.n_exc, net.n_neurons, t_start, duration))
    out.update(peak_rss_mb=_peak_rss_mb(), import_rss_mb=rss_import, name=simulator,
               n_neurons=net.n_neurons, n_spikes=int(times.size), events=events,
               duration_ms=duration, g=g, eta=eta)
    return out


def run_in_subprocess(simulator, g, eta, scale, duration, dt=0.1, seed=1, t_start=200.0,
                      wiring="own", timeout=None, engine_path=None) -> dict:
    """Run :func:`run` in a fresh interpreter and return its measurements (plus load averages).

    ``engine_path``: a directory holding another copy of the ``snncourse``
    package (e.g. an older commit, ``git archive``) to import instead.
    """
    import os

    env = dict(os.environ)
    if engine_path is not None:
        env["PYTHONPATH"] = str(engine_path)

    cmd = [sys.executable, str(Path(__file__).resolve()), simulator] + [
        repr(x) for x in (g, eta, scale, duration, dt)] + [str(seed), repr(t_start), wiring]
    load_before = os.getloadavg()[0]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(MARK)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stderr[-3000:])
        raise RuntimeError(f"benchmark worker {simulator!r} failed (exit code {proc.returncode})")
    out = json.loads(lines[-1][len(MARK):])
    out.update(load_before=load_before, load_after=os.getloadavg()[0])
    return out


def machine() -> str:
    """CPU model, core count and library versions, for the record."""
    import os
    import platform

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = [f"Python {platform.python_version()}"]
    for mod in ("numpy", "scipy", "snncourse", "brian2", "Cython"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            pass
    return f"{os.cpu_count()} CPUs ({cpu}); " + ", ".join(versions)


if __name__ == "__main__":
    a = sys.argv[1:]
    result = run(a[0], float(a[1]), float(a[2]), float(a[3]), float(a[4]), float(a[5]),
                 int(a[6]), float(a[7]), a[8] if len(a) > 8 else "own")
    print(MARK + json.dumps(result), flush=True)
