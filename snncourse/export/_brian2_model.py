"""An snncourse network in Brian2 2.x: needs only Brian2 and numpy.

This file is both a module of :mod:`snncourse.export` (``run_brian2`` calls
:func:`simulate`) and the body of the standalone script that
``python -m snncourse export --to brian2`` writes: the writer fills in
``PARAMS_JSON`` and ``DEFAULTS`` below. It imports no snncourse module.

Run the script::

    python run_brian2.py --target cython --out spikes.npz

It writes the ``.npz`` layout of ``snncourse.SimulationResult.save``, which
``snncourse.load_result`` reads.

How the model matches snncourse's time step (see ``snncourse/network.py``)
--------------------------------------------------------------------------
snncourse's step: exact relaxation, then the input of this step (recurrent
spikes, external Poisson counts, white noise) is added, refractory neurons
are clamped at ``v_reset`` (input arriving while refractory is dropped), then
the threshold ``V >= V_th``; a spike is stamped at the end of the step.
Brian2's default schedule checks the threshold before synaptic effects land,
so here (as in ``benchmarks/brian2_model.py``):

- synaptic pathways and the external drive act in ``before_thresholds``;
  a pathway then sees the spikes of the previous step, so the Brian2 delay
  is ``delay - dt``;
- Brian2 counts the refractory period from the start of the spiking step:
  ``refractory = t_ref + dt`` gives snncourse's ``t_ref / dt`` clamped steps;
- Brian2 stamps spikes at the start of the step: times are shifted by ``+dt``;
- ``v`` is ``(unless refractory)``, so the state update and ``v_post += w``
  leave refractory neurons at ``v_reset``; the external drive is multiplied
  by ``not_refractory`` explicitly.

The external drive is exact, not Brian2's ``PoissonInput`` (whose binomial
count ``(C_ext, nu dt)`` has a variance smaller by ``1 - nu dt``): each step
adds ``j_ext * poisson(C_ext nu dt)`` and ``noise_sigma * sqrt((1 - e^2)/2)
* randn()`` (``e = exp(-dt/tau_m)``, the exact Ornstein-Uhlenbeck step).
Wiring: explicit (snncourse's, synapse by synapse), ``fixed_indegree``
drawn here with numpy (Brian2's ``connect`` has no fixed in-degree rule),
or ``bernoulli`` by Brian2's own ``connect(p=c / n)``.
"""

import argparse
import json
import math
import sys
import time

import numpy as np

# --- filled in by snncourse.export.write_script --------------------------------
PARAMS_JSON = None
DEFAULTS = {"duration": 1000.0, "dt": 0.1, "seed": 1}
# -------------------------------------------------------------------------------


def fixed_indegree_pairs(n_exc, n_inh, c_exc, c_inh, autapses, rng):
    """``(sources, targets)``: exactly c_exc E and c_inh I inputs per neuron, with replacement.

    Sources are E-first; the neuron itself is excluded unless ``autapses``.
    """
    n = n_exc + n_inh
    post = np.arange(n)
    src_all, tgt_all = [], []
    for c, first, size in ((c_exc, 0, n_exc), (c_inh, n_exc, n_inh)):
        if c == 0 or size == 0:
            continue
        own = (post >= first) & (post < first + size) & (not autapses)
        src = rng.integers(0, size - own[:, None], size=(n, c))
        if not autapses:
            src += own[:, None] & (src >= (post - first)[:, None])
        src_all.append((src + first).ravel())
        tgt_all.append(np.repeat(post, c))
    if not src_all:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(src_all), np.concatenate(tgt_all)


def simulate(params, *, duration, dt=0.1, seed=1, target="numpy", v0=None, sources=None,
             targets=None, quiet=True):
    """Build and run the network in Brian2; return spikes and timings.

    Parameters
    ----------
    params : dict
        ``dataclasses.asdict`` of a ``snncourse.NetworkParams``.
    duration, dt : float
        Simulated time and time step (ms).
    seed : int
        Seeds ``brian2.seed`` and the numpy draws of wiring and initial potentials.
    target : {"numpy", "cython"}
        Brian2 code-generation target.
    v0 : array, optional
        Initial potentials (mV); default uniform over ``params["v_init"]``.
    sources, targets : int arrays, optional
        Explicit wiring (0-based, E sources first); default drawn by the
        rule ``params["connectivity"]``.

    Returns
    -------
    dict
        ``spike_times`` (ms, stamped at the end of the step as snncourse
        does), ``spike_ids``, ``build_s`` (objects and wiring), ``prepare_s``
        (code generation, compilation), ``run_s``.
    """
    import brian2 as b2

    global_state = np.random.get_state()  # brian2.seed reseeds numpy's global RNG
    try:
        t0 = time.perf_counter()
        b2.prefs.codegen.target = target
        b2.defaultclock.dt = dt * b2.ms
        b2.seed(int(seed))
        rng = np.random.default_rng(int(seed))
        p = params["neuron"]
        n_exc, n_inh = params["n_exc"], params["n_inh"]
        n = n_exc + n_inh
        lo, hi = params["v_init"] if params["v_init"] is not None else (p["v_rest"], p["v_th"])
        if v0 is None:
            v0 = rng.uniform(lo, hi, size=n)
        mv = lambda x: f"({float(x)!r}*mV)"  # noqa: E731  a literal with its unit
        v_inf = p["v_rest"] + p["r_m"] * params["i_ext"]
        group = b2.NeuronGroup(
            n, f"dv/dt = ({mv(v_inf)} - v) / ({float(p['tau_m'])!r}*ms) : volt (unless refractory)",
            threshold=f"v >= {mv(p['v_th'])}", reset=f"v = {mv(p['v_reset'])}",
            refractory=(p["t_ref"] + dt) * b2.ms, method="exact", name="neurons")
        group.v = np.asarray(v0, dtype=float) * b2.mV
        objects = [group]

        j_exc, g = params["j_exc"], params["g"]
        if sources is None and params["connectivity"] == "fixed_indegree":
            sources, targets = fixed_indegree_pairs(n_exc, n_inh, params["c_exc"],
                                                    params["c_inh"], params["autapses"], rng)
        delay = (params["delay"] - dt) * b2.ms
        for name, w, lo_id, hi_id, c in (("exc", j_exc, 0, n_exc, params["c_exc"]),
                                         ("inh", -g * j_exc, n_exc, n, params["c_inh"])):
            size = hi_id - lo_id
            if size == 0 or w == 0.0:
                continue
            syn = b2.Synapses(group[lo_id:hi_id], group, on_pre=f"v_post += {mv(w)}",
                              delay=delay, name=f"syn_{name}")
            if sources is None:  # bernoulli, Brian2's own draw
                cond = None if params["autapses"] else f"i + {lo_id} != j"
                syn.connect(condition=cond, p=c / size)
            else:
                src = np.asarray(sources)
                tgt = np.asarray(targets)
                mask = (src >= lo_id) & (src < hi_id)
                if mask.any():
                    syn.connect(i=(src[mask] - lo_id).astype(np.int32),
                                j=tgt[mask].astype(np.int32))
            syn.pre.when = "before_thresholds"
            objects.append(syn)

        c_ext = params["c_exc"] if params["c_ext"] is None else params["c_ext"]
        j_ext = j_exc if params["j_ext"] is None else params["j_ext"]
        terms = []
        lam = c_ext * params["nu_ext"] * dt / 1000.0
        if lam > 0 and j_ext != 0.0:
            terms.append(f"{mv(j_ext)} * poisson({lam!r})")
        if params["noise_sigma"] > 0:
            e = math.exp(-dt / p["tau_m"])
            amp = params["noise_sigma"] * math.sqrt((1.0 - e * e) / 2.0)
            terms.append(f"{mv(amp)} * randn()")
        if terms:
            drive = group.run_regularly(
                f"v = v + int(not_refractory) * ({' + '.join(terms)})",
                when="before_thresholds", name="external_drive")
            objects.append(drive)
        monitor = b2.SpikeMonitor(group, name="spikes")
        objects.append(monitor)
        network = b2.Network(*objects)
        t1 = time.perf_counter()
        network.run(0 * b2.ms)
        t2 = time.perf_counter()
        network.run(float(duration) * b2.ms, report="text" if not quiet else None)
        t3 = time.perf_counter()
    finally:
        np.random.set_state(global_state)
    times = np.asarray(monitor.t / b2.ms) + dt
    ids = np.asarray(monitor.i[:], dtype=np.int64)
    order = np.lexsort((ids, times))
    return {"spike_times": times[order], "spike_ids": ids[order], "build_s": t1 - t0,
            "prepare_s": t2 - t1, "run_s": t3 - t2}


def write_npz(path, params, out, *, duration, dt, seed):
    """Write spikes in the layout of ``snncourse.SimulationResult.save``."""
    np.savez_compressed(
        path, spike_times=out["spike_times"], spike_ids=out["spike_ids"],
        n_exc=np.int64(params["n_exc"]), n_inh=np.int64(params["n_inh"]),
        duration=np.float64(duration), dt=np.float64(dt),
        record_ids=np.empty(0, np.int64), seed=np.int64(seed),
        params_json=np.array(json.dumps(params)), simulator=np.array("brian2"),
        build_s=np.float64(out["build_s"] + out["prepare_s"]), run_s=np.float64(out["run_s"]),
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the exported snncourse network in Brian2.")
    parser.add_argument("--target", choices=("numpy", "cython"), default="numpy",
                        help="Brian2 code generation target (default numpy)")
    parser.add_argument("--duration", type=float, default=DEFAULTS["duration"], help="ms")
    parser.add_argument("--dt", type=float, default=DEFAULTS["dt"], help="time step, ms")
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"], help="random seed")
    parser.add_argument("--out", default="spikes.npz", help="output .npz (snncourse.load_result)")
    args = parser.parse_args(argv)
    if PARAMS_JSON is None:
        raise SystemExit("PARAMS_JSON is empty: write this script with "
                         "'python -m snncourse export --to brian2 --out run_brian2.py'")
    params = json.loads(PARAMS_JSON)
    out = simulate(params, duration=args.duration, dt=args.dt, seed=args.seed,
                   target=args.target, quiet=False)
    write_npz(args.out, params, out, duration=args.duration, dt=args.dt, seed=args.seed)
    n = params["n_exc"] + params["n_inh"]
    rate = out["spike_times"].size * 1000.0 / (n * args.duration)
    print(f"Brian2 ({args.target}): {n} neurons, {args.duration:g} ms, build "
          f"{out['build_s'] + out['prepare_s']:.1f} s, run {out['run_s']:.1f} s, "
          f"mean rate {rate:.2f} Hz; wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
