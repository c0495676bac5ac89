"""Natural learner answers: every correct style passes, and named mistakes get their own hint.

Each exercise is answered here in several styles a learner writes from the
exercise text alone (loops, masks, ``np.add.at``, ``np.bincount``,
``np.histogram``, inputs used as the numpy arrays the text promises, or
converted first). Number exercises are answered on the set-ups of the solution
notebooks, with the same seeds, because that is where a check must tell a
transient, a wrong bin width or a wrong denominator apart. Then the mistakes
that the issue found misdiagnosed or unnamed are asserted to get the right
keyword, and a crash is asserted to get a hint naming the input types.
"""

import math

import numpy as np
import pytest
from scipy.signal import welch

import snncourse as sc
from snncourse.course.checks import EXERCISES, check, exercise_ids


# ---------------------------------------------------------------------------
# function exercises: several correct styles each
# ---------------------------------------------------------------------------
def euler_formula(v, current, dt, params):
    return v + dt / params.tau_m * (-(v - params.v_rest) + params.r_m * current)


def euler_derivative(v, current, dt, params):
    dvdt = (-(v - params.v_rest) + params.r_m * current) / params.tau_m
    return v + dt * dvdt


def euler_v_inf(v, current, dt, params):
    v = np.asarray(v, dtype=float)
    v_inf = params.v_rest + params.r_m * np.asarray(current, dtype=float)
    return v + (v_inf - v) * (dt / params.tau_m)


def lif_list(params, current, duration, dt):
    n_steps = int(round(duration / dt))
    n_ref = int(round(params.t_ref / dt))
    v, k_last, spikes = params.v_rest, None, []
    for k in range(n_steps):
        v = v + dt / params.tau_m * (-(v - params.v_rest) + params.r_m * current)
        if k_last is not None and k - k_last < n_ref:
            v = params.v_reset
        if v >= params.v_th:
            spikes.append((k + 1) * dt)
            v, k_last = params.v_reset, k + 1
    return np.array(spikes)


def lif_countdown(params, current, duration, dt):
    n_ref = round(params.t_ref / dt)
    v, refractory_left, spikes = params.v_rest, 0, []
    for k in range(round(duration / dt)):
        v += dt / params.tau_m * (params.v_rest - v + params.r_m * current)
        if refractory_left > 0:
            v = params.v_reset
            refractory_left -= 1
        if v >= params.v_th:
            spikes.append((k + 1) * dt)
            v = params.v_reset
            refractory_left = n_ref
    return np.array(spikes, dtype=float)


def lif_boolean_grid(params, current, duration, dt):
    n_steps = int(round(duration / dt))
    spiked = np.zeros(n_steps, dtype=bool)
    v, last = params.v_rest, -10**9
    for k in range(n_steps):
        v = v + dt * (-(v - params.v_rest) + params.r_m * current) / params.tau_m
        if k - last < int(round(params.t_ref / dt)):
            v = params.v_reset
        if v >= params.v_th:
            spiked[k], v, last = True, params.v_reset, k + 1
    return (np.flatnonzero(spiked) + 1) * dt


def cv_mask_loop(spike_times, spike_ids, n_neurons):  # the "natural" code: no asarray
    cv = np.full(n_neurons, np.nan)
    for i in range(n_neurons):
        isi = np.diff(np.sort(spike_times[spike_ids == i]))
        if len(isi) >= 2:
            cv[i] = np.std(isi) / np.mean(isi)
    return cv


def cv_lexsort(spike_times, spike_ids, n_neurons):
    order = np.lexsort((spike_times, spike_ids))
    t, ids = spike_times[order], spike_ids[order]
    isi, owner = np.diff(t), ids[1:]
    same = ids[1:] == ids[:-1]
    out = []
    for i in range(n_neurons):
        x = isi[same & (owner == i)]
        out.append(x.std() / x.mean() if x.size >= 2 else np.nan)
    return np.array(out)


def cv_dict_of_lists(spike_times, spike_ids, n_neurons):
    trains = {i: [] for i in range(n_neurons)}
    for t, i in zip(spike_times.tolist(), spike_ids.tolist()):
        trains[i].append(t)
    out = []
    for i in range(n_neurons):
        if len(trains[i]) < 3:
            out.append(float("nan"))
            continue
        isi = np.diff(sorted(trains[i]))
        out.append(isi.std() / isi.mean())
    return out  # a list: converted by the check


def ff_vectorised(counts):
    return counts.var(axis=1) / counts.mean(axis=1)  # 0 / 0 = NaN for a silent row


def ff_rows(counts):
    return np.array([np.nan if row.mean() == 0 else row.var() / row.mean() for row in counts])


def ff_where(counts):
    counts = np.asarray(counts, dtype=float)
    mean = counts.mean(axis=1)
    return np.where(mean > 0, counts.var(axis=1) / np.where(mean > 0, mean, 1.0), np.nan)


def delay_add_at(spike_times, weights, delay, dt, n_steps):
    arrival = np.rint(spike_times / dt).astype(int) + int(round(delay / dt))
    out = np.zeros(n_steps)
    inside = arrival < n_steps
    np.add.at(out, arrival[inside], weights[inside])
    return out


def delay_loop(spike_times, weights, delay, dt, n_steps):
    out = np.zeros(n_steps)
    d = round(delay / dt)
    for t, w in zip(spike_times, weights):
        k = round(t / dt) + d
        if k < n_steps:
            out[k] += w
    return out


def delay_bincount(spike_times, weights, delay, dt, n_steps):
    arrival = np.round(spike_times / dt).astype(int) + round(delay / dt)
    keep = arrival < n_steps
    return np.bincount(arrival[keep], weights=weights[keep], minlength=n_steps)


def delay_sum_first(spike_times, weights, delay, dt, n_steps):
    arrival = np.round((spike_times + delay) / dt).astype(int)
    out = np.zeros(n_steps)
    for k, w in zip(arrival, weights):
        if k < n_steps:
            out[k] += w
    return out


def indegree_shift(n_neurons, c, rng):
    src = rng.integers(0, n_neurons - 1, size=(n_neurons, c))
    return src + (src >= np.arange(n_neurons)[:, None])


def indegree_choice(n_neurons, c, rng):
    rows = [rng.choice(np.delete(np.arange(n_neurons), i), size=c, replace=True)
            for i in range(n_neurons)]
    return np.array(rows, dtype=int).reshape(n_neurons, c)


def indegree_redraw(n_neurons, c, rng):
    rows = np.arange(n_neurons)[:, None]
    src = rng.integers(0, n_neurons, size=(n_neurons, c))
    bad = src == rows
    while bad.any():
        src[bad] = rng.integers(0, n_neurons, size=bad.sum())
        bad = src == rows
    return src


def matrix_add_at(sources, n_neurons):
    w = np.zeros((n_neurons, n_neurons), dtype=int)
    np.add.at(w, (np.repeat(np.arange(n_neurons), sources.shape[1]), sources.ravel()), 1)
    return w


def matrix_loops(sources, n_neurons):
    w = np.zeros((n_neurons, n_neurons), dtype=int)
    for i in range(n_neurons):
        for j in sources[i]:
            w[i, j] += 1
    return w


def matrix_bincount_rows(sources, n_neurons):
    return np.array([np.bincount(row, minlength=n_neurons) for row in sources],
                    dtype=int).reshape(n_neurons, n_neurons)


def matrix_flat_bincount(sources, n_neurons):
    rows = np.repeat(np.arange(n_neurons), sources.shape[1])
    flat = rows * n_neurons + sources.ravel()
    return np.bincount(flat, minlength=n_neurons * n_neurons).reshape(n_neurons, n_neurons)


def rates_bincount(spike_times, spike_ids, n_neurons, t_start, t_stop):
    inside = (spike_times >= t_start) & (spike_times < t_stop)
    return np.bincount(spike_ids[inside], minlength=n_neurons) / ((t_stop - t_start) / 1000.0)


def rates_loop(spike_times, spike_ids, n_neurons, t_start, t_stop):
    seconds = (t_stop - t_start) / 1000.0
    inside = (spike_times >= t_start) & (spike_times < t_stop)
    return np.array([np.sum(inside & (spike_ids == i)) / seconds for i in range(n_neurons)])


def rates_histogram(spike_times, spike_ids, n_neurons, t_start, t_stop):
    keep = (spike_times >= t_start) & (spike_times < t_stop)
    counts, _ = np.histogram(spike_ids[keep], bins=np.arange(n_neurons + 1))
    return counts * 1000.0 / (t_stop - t_start)


def ccg_floor(times_a, times_b, bin_size, max_lag):
    k_max = int(max_lag // bin_size)
    diffs = (times_b[None, :] - times_a[:, None]).ravel()
    k = np.floor(diffs / bin_size + 0.5).astype(int)
    keep = np.abs(k) <= k_max
    counts = np.bincount(k[keep] + k_max, minlength=2 * k_max + 1)
    return np.arange(-k_max, k_max + 1) * bin_size, counts


def ccg_histogram(times_a, times_b, bin_size, max_lag):
    k_max = int(np.floor(max_lag / bin_size))
    edges = (np.arange(-k_max, k_max + 2) - 0.5) * bin_size
    counts, _ = np.histogram(np.subtract.outer(times_b, times_a).ravel(), bins=edges)
    return np.arange(-k_max, k_max + 1) * bin_size, counts


def ccg_loops(times_a, times_b, bin_size, max_lag):
    k_max = math.floor(max_lag / bin_size)
    counts = [0] * (2 * k_max + 1)
    for ta in times_a:
        for tb in times_b:
            k = math.floor((tb - ta) / bin_size + 0.5)
            if -k_max <= k <= k_max:
                counts[k + k_max] += 1
    return [k * bin_size for k in range(-k_max, k_max + 1)], counts


def counts_add_at(spike_times, spike_ids, n_neurons, bin_size, t_stop):
    n_bins = int(t_stop // bin_size)
    k = (spike_times // bin_size).astype(int)
    keep = k < n_bins
    counts = np.zeros((n_neurons, n_bins), dtype=int)
    np.add.at(counts, (spike_ids[keep], k[keep]), 1)
    return counts


def counts_histogram(spike_times, spike_ids, n_neurons, bin_size, t_stop):
    n_bins = int(np.floor(t_stop / bin_size))
    edges = np.arange(n_bins + 1) * bin_size
    inside = spike_times < edges[-1]  # np.histogram closes its last bin: drop its right edge
    return np.array([np.histogram(spike_times[inside & (spike_ids == i)], bins=edges)[0]
                     for i in range(n_neurons)]).reshape(n_neurons, n_bins)


def counts_loop(spike_times, spike_ids, n_neurons, bin_size, t_stop):
    n_bins = math.floor(t_stop / bin_size)
    counts = np.zeros((n_neurons, n_bins), dtype=int)
    for t, i in zip(spike_times, spike_ids):
        k = int(t // bin_size)
        if k < n_bins:
            counts[i, k] += 1
    return counts


def corr_active_rows(counts):
    active = counts[counts.std(axis=1) > 0]
    if len(active) < 2:
        return np.nan
    r = np.corrcoef(active)
    return r[np.triu_indices(len(active), k=1)].mean()


def corr_pair_loop(counts):
    active = [row for row in counts if row.min() != row.max()]
    rs = [np.corrcoef(active[i], active[j])[0, 1]
          for i in range(len(active)) for j in range(i + 1, len(active))]
    return float(np.mean(rs)) if rs else float("nan")


def corr_nanmean(counts):
    r = np.corrcoef(counts)  # silent rows give NaN rows
    return np.nanmean(r[np.triu_indices(len(counts), k=1)])


def corr_zscores(counts):
    x = np.asarray(counts, dtype=float)
    x = x[x.std(axis=1) > 0]
    if x.shape[0] < 2:
        return float("nan")
    z = (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)
    r = z @ z.T / x.shape[1]
    return r[np.triu_indices(x.shape[0], 1)].mean()


def chi_solution(v):
    mean_var = v.var(axis=1).mean()
    return np.nan if mean_var == 0 else np.sqrt(v.mean(axis=0).var() / mean_var)


def chi_nan_by_division(v):
    return float(np.sqrt(np.var(np.mean(v, axis=0)) / np.mean(np.var(v, axis=1))))


def chi_explicit(v):
    n = v.shape[0]
    population = v.sum(axis=0) / n
    single = sum(np.var(row) for row in v) / n
    if single == 0:
        return float("nan")
    return math.sqrt(np.var(population) / single)


def brunel_tuple(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
    tau = tau_m / 1000.0
    nu_ext = eta * theta / (j * c_e * tau)
    mu = c_e * j * tau * (nu_ext + nu * (1 - g * gamma))
    sigma = j * np.sqrt(c_e * tau * (nu_ext + nu * (1 + g**2 * gamma)))
    return mu, sigma


def brunel_math(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
    tau_s = tau_m * 1e-3
    nu_thr = theta / (j * c_e * tau_s)
    rate = eta * nu_thr + nu * (1 - g * gamma)
    var = j**2 * c_e * tau_s * (eta * nu_thr + nu * (1 + g * g * gamma))
    return [c_e * j * tau_s * rate, math.sqrt(var)]


def brunel_array(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
    tau = tau_m / 1000.0
    nu_ext = eta * theta / (j * c_e * tau)
    return np.array([c_e * j * tau * (nu_ext + nu * (1 - g * gamma)),
                     np.sqrt(j**2 * c_e * tau * (nu_ext + nu * (1 + g**2 * gamma)))])


def table_package(result, t_start=200.0, bin_size=10.0):
    n, n_exc = result.n_neurons, result.n_exc
    late = result.spike_times >= t_start
    times, ids = result.spike_times[late], result.spike_ids[late]
    rates = sc.firing_rates(times, ids, n, t_start=t_start, t_stop=result.duration)
    cv = sc.isi_cv(times, ids, n)
    counts = sc.spike_counts(times, ids, n, bin_size, t_start=t_start, t_stop=result.duration)
    r = sc.pairwise_correlations(counts)
    return {"network_size": n, "mean_rate_hz": rates.mean(), "exc_rate_hz": rates[:n_exc].mean(),
            "inh_rate_hz": rates[n_exc:].mean(),
            "isi_cv": np.nanmean(cv) if np.isfinite(cv).any() else np.nan,
            "mean_pairwise_correlation": r.mean() if r.size else np.nan}


def table_by_hand(result, t_start=200.0, bin_size=10.0):
    t, ids, n = result.spike_times, result.spike_ids, result.n_neurons
    keep = t >= t_start
    t, ids = t[keep], ids[keep]
    seconds = (result.duration - t_start) / 1000.0
    rates = np.bincount(ids, minlength=n) / seconds
    cvs = []
    for i in range(n):
        isi = np.diff(np.sort(t[ids == i]))
        if isi.size >= 2:
            cvs.append(isi.std() / isi.mean())
    n_bins = int((result.duration - t_start) // bin_size)
    k = ((t - t_start) // bin_size).astype(int)
    inside = k < n_bins
    counts = np.zeros((n, n_bins))
    np.add.at(counts, (ids[inside], k[inside]), 1)
    active = counts[counts.std(axis=1) > 0]
    r = np.corrcoef(active)[np.triu_indices(len(active), 1)] if len(active) > 1 else []
    return {"network_size": n, "mean_rate_hz": rates.mean(),
            "exc_rate_hz": rates[:result.n_exc].mean(), "inh_rate_hz": rates[result.n_exc:].mean(),
            "isi_cv": np.mean(cvs) if cvs else np.nan,
            "mean_pairwise_correlation": np.mean(r) if len(r) else np.nan}


def table_report_statistics(result, t_start=200.0, bin_size=10.0):
    from snncourse.report import report_statistics
    return report_statistics(result, t_start=t_start, bin_size=bin_size)


def sweep_spawn_key(func, points, seed, order):
    results = [None] * len(points)
    for i in order:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,)))
        results[i] = func(points[i], rng)
    return results  # a list, not an array


def sweep_spawned_children(func, points, seed, order):
    children = np.random.SeedSequence(seed).spawn(len(points))  # child i has spawn_key (i,)
    done = {}
    for i in order:
        done[i] = func(points[i], np.random.default_rng(children[i]))
    return np.array([done[i] for i in range(len(points))])


def sweep_point_rng(func, points, seed, order):
    out = np.empty(len(points))
    for i in order:
        out[i] = func(points[i], sc.parallel.point_rng(seed, i))
    return out


def merge_lists(ranks):
    times, ids = [], []
    for t, i in ranks:
        times.extend(t)
        ids.extend(i)
    times, ids = np.array(times, dtype=float), np.array(ids, dtype=int)
    order = np.lexsort((ids, times))
    return times[order], ids[order]


def merge_sorted_tuples(ranks):
    pairs = sorted((float(t), int(i)) for times, ids in ranks for t, i in zip(times, ids))
    return np.array([t for t, _ in pairs]), np.array([i for _, i in pairs])


def merge_heapq(ranks):  # every rank's spikes are already sorted by time, then id
    import heapq
    pairs = list(heapq.merge(*(zip(t.tolist(), i.tolist()) for t, i in ranks)))
    return (np.array([p[0] for p in pairs], dtype=float),
            np.array([p[1] for p in pairs], dtype=np.int64))


def merge_two_stable_sorts(ranks):
    times = np.concatenate([t for t, _ in ranks])
    ids = np.concatenate([i for _, i in ranks])
    order = np.argsort(ids, kind="stable")
    order = order[np.argsort(times[order], kind="stable")]
    return times[order], ids[order]


def points_nonzero(diagram, state):
    rows, cols = np.nonzero(diagram.state == state)
    return diagram.g[cols], diagram.eta[rows]


def points_loops(diagram, state):
    gs, etas = [], []
    for i, eta in enumerate(diagram.eta):
        for j, g in enumerate(diagram.g):
            if diagram.state[i, j] == state:
                gs.append(g)
                etas.append(eta)
    return gs, etas


def points_meshgrid(diagram, state):
    g_grid, eta_grid = np.meshgrid(diagram.g, diagram.eta)  # shape (n_eta, n_g), like state
    mask = diagram.state == state
    return g_grid[mask], eta_grid[mask]


def points_argwhere(diagram, state):
    where = np.argwhere(diagram.state == state)
    return diagram.g[where[:, 1]], diagram.eta[where[:, 0]]


FUNCTION_STYLES = {
    "ex-1.1": (euler_formula, euler_derivative, euler_v_inf),
    "ex-1.2": (lif_list, lif_countdown, lif_boolean_grid),
    "ex-2.1": (cv_mask_loop, cv_lexsort, cv_dict_of_lists),
    "ex-2.2": (ff_vectorised, ff_rows, ff_where),
    "ex-3.1": (delay_add_at, delay_loop, delay_bincount, delay_sum_first),
    "ex-4.1": (indegree_shift, indegree_choice, indegree_redraw),
    "ex-4.2": (matrix_add_at, matrix_loops, matrix_bincount_rows, matrix_flat_bincount),
    "ex-5.1": (rates_bincount, rates_loop, rates_histogram),
    "ex-5.2": (ccg_floor, ccg_histogram, ccg_loops),
    "ex-6.1": (counts_add_at, counts_histogram, counts_loop),
    "ex-6.2": (corr_active_rows, corr_pair_loop, corr_nanmean, corr_zscores),
    "ex-6.3": (chi_solution, chi_nan_by_division, chi_explicit),
    "ex-7.1": (brunel_tuple, brunel_math, brunel_array),
    "ex-8.1": (table_package, table_by_hand, table_report_statistics),
    "ex-9.1": (sweep_spawn_key, sweep_spawned_children, sweep_point_rng),
    "ex-9.2": (merge_lists, merge_sorted_tuples, merge_heapq, merge_two_stable_sorts),
    "ex-9.3": (points_nonzero, points_loops, points_meshgrid, points_argwhere),
}


@pytest.mark.parametrize("ex_id,style", [(ex_id, f) for ex_id, fs in FUNCTION_STYLES.items()
                                         for f in fs], ids=lambda x: getattr(x, "__name__", x))
def test_natural_function_answer_is_accepted(ex_id, style, capsys):
    check(ex_id, style)
    assert capsys.readouterr().out.startswith(f"{ex_id} passed")


# ---------------------------------------------------------------------------
# number exercises, on the solution notebooks' set-ups
# ---------------------------------------------------------------------------
def notebook_setups():
    """The simulations of the solution notebooks (same parameters, same seeds)."""
    sparse = dict(scale=0.2, c_exc=200, c_inh=50, c_ext=200, j_exc=0.5)
    return {
        "noisy": sc.simulate_neuron(sc.LIFParams(), 1.8, duration=5000.0, n_neurons=100,
                                    noise_sigma=6.0, record_v=False, rng=2),
        "shot": sc.simulate_neuron(sc.LIFParams(v_th=50.0), 0.0, duration=1000.0, n_neurons=100,
                                   poisson_input=[(1000.0, 0.5)], rng=3),
        "conn": sc.build_connectivity(sc.brunel2000(scale=0.2), rng=1),
        "ai": sc.simulate_network(sc.brunel2000(5.0, 2.0, scale=0.2), duration=600.0, rng=1),
        "si_fast": sc.simulate_network(sc.brunel2000(6.0, 4.0, scale=0.2), duration=300.0, rng=1,
                                       record_ids=list(range(0, 2000, 20))),
        "si_slow": sc.simulate_network(sc.brunel2000(4.5, 0.9, scale=0.2), duration=1000.0,
                                       rng=1),
        "report": sc.simulate_network(sc.seed_report(), duration=1000.0, rng=1),
        "sparse_ai": sc.simulate_network(sc.brunel2000(5.0, 2.0, name="sparse Brunel AI",
                                                       **sparse), duration=600.0, rng=1),
    }


@pytest.fixture(scope="module")
def setups():
    return notebook_setups()


def rheobase_grid(step):
    p = sc.LIFParams(tau_m=10.0, v_rest=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=3.0, r_m=100.0)
    currents = np.round(np.arange(0.0, 0.3, step), 4)
    return float(currents[np.argmax(sc.simulate_fi_curve(p, currents, duration=500.0) > 0)])


def _ff(counts):
    mean = counts.mean(axis=1)
    return counts[mean > 0].var(axis=1) / mean[mean > 0]


def ff_histogram(res):
    edges = np.arange(0.0, res.duration + 1e-9, 100.0)
    counts = np.array([np.histogram(res.spike_times[res.spike_ids == i], edges)[0]
                       for i in range(res.n_neurons)])
    return float(_ff(counts).mean())


def ff_package(res):
    counts = sc.spike_counts(res.spike_times, res.spike_ids, res.n_neurons, 100.0,
                             t_stop=res.duration)
    return np.nanmean(sc.fano_factor(counts))


def multapse_bincount(conn):
    keys = conn.sources() * conn.n_neurons + conn.targets
    per_pair = np.bincount(keys)
    return (conn.n_synapses - np.count_nonzero(per_pair)) / conn.n_synapses


def multapse_dense(conn):
    w = conn.to_dense()
    return (w.sum() - np.count_nonzero(w)) / w.sum()


def multapse_keys(conn):
    keys = conn.sources().astype(np.int64) * conn.n_neurons + conn.targets
    return 1.0 - np.unique(keys).size / keys.size


def rate_exc_package(res):
    rates = sc.firing_rates(res.spike_times, res.spike_ids, res.n_neurons, t_start=100.0,
                            t_stop=res.duration)
    return rates[:res.n_exc].mean()


def rate_exc_count(res):
    late = (res.spike_times >= 100.0) & (res.spike_ids < res.n_exc)
    return late.sum() / res.n_exc / ((res.duration - 100.0) / 1000.0)


def rate_exc_bincount(res):
    counts = np.bincount(res.spike_ids[res.spike_times >= 100.0], minlength=res.n_neurons)
    return np.mean(counts[:res.n_exc]) / 0.5


def rate_exc_strict_start(res):  # t > 100 instead of t >= 100: the spikes at 100.0 ms are left out
    late = (res.spike_times > 100.0) & (res.spike_ids < res.n_exc)
    return late.sum() / res.n_exc / ((res.duration - 100.0) / 1000.0)


def chi_late(res):
    return sc.synchrony_chi(res.v[:, res.times >= 100.0])


def chi_formula(res):
    v = res.v[:, res.times >= 100.0]
    return np.sqrt(np.var(v.mean(axis=0)) / np.mean(np.var(v, axis=1)))


def g_async_sweep(e_only):
    """The sweep of ex-7.2, with the CV of the E neurons only or of every neuron."""
    def answer(_):
        for g in (3.0, 3.5, 4.0, 4.5, 5.0):
            net = sc.brunel2000(g, 2.0, scale=0.2, c_exc=200, c_inh=50, c_ext=200, j_exc=0.5)
            run = sc.simulate_network(net, duration=300.0, rng=1)
            late = run.spike_times >= 100.0
            if e_only:
                late &= run.spike_ids < run.n_exc
            n = run.n_exc if e_only else run.n_neurons
            if np.nanmean(sc.isi_cv(run.spike_times[late], run.spike_ids[late], n)) > 0.5:
                return g
    return answer


def f_package(res, nperseg=512):
    _, rate = sc.population_rate(res.spike_times, res.n_neurons, res.duration - 100.0, 1.0,
                                 t_start=100.0)
    f, psd = sc.power_spectrum(rate, 1.0, nperseg=nperseg)
    return sc.peak_frequency(f, psd, fmin=5.0)


def f_scipy(res):
    edges = np.arange(100.0, res.duration + 0.5, 1.0)
    counts, _ = np.histogram(res.spike_times, bins=edges)
    f, psd = welch(counts / res.n_neurons / 1e-3, fs=1000.0, nperseg=512)
    above = f > 5.0
    return f[above][np.argmax(psd[above])]


def cv_dead_time_package(res):
    nu = sc.firing_rates(res.spike_times, res.spike_ids, res.n_neurons, t_start=200.0,
                         t_stop=res.duration).mean()
    return 1.0 - nu * res.params.neuron.t_ref / 1000.0


def cv_dead_time_mean_rate(res):
    return 1 - res.mean_rate(200.0) * res.params.neuron.t_ref * 1e-3


def cv_dead_time_count(res):
    nu = np.sum(res.spike_times > 200.0) / res.n_neurons / 0.8  # Hz (> or >=: both fine)
    return 1.0 - nu * (res.params.neuron.t_ref / 1000.0)


def _counts_first_500(res):
    keep = (res.spike_times >= 100.0) & (res.spike_ids < 500)
    return sc.spike_counts(res.spike_times[keep], res.spike_ids[keep], 500, 10.0, t_start=100.0,
                           t_stop=res.duration)


def corr_ai_package(res):
    return float(sc.pairwise_correlations(_counts_first_500(res)).mean())


def corr_ai_corrcoef(res):
    return corr_active_rows(_counts_first_500(res))


def corr_ai_histogram(res):
    edges = np.arange(100.0, res.duration + 1e-9, 10.0)
    counts = np.array([np.histogram(res.spike_times[res.spike_ids == i], edges)[0]
                       for i in range(500)])
    return corr_nanmean(counts)


NUMBER_STYLES = {  # exercise id -> (set-up, styles: functions of the set-up)
    "ex-1.3": (None, (lambda _: rheobase_grid(0.005), lambda _: rheobase_grid(0.001),
                      lambda _: (-50.0 - -65.0) / 100.0)),
    "ex-2.3": ("noisy", (ff_package, ff_histogram)),
    "ex-3.2": ("shot", (lambda r: r.v[:, r.times >= 100.0].mean(),
                        lambda r: np.mean([row[r.times >= 100.0].mean() for row in r.v]),
                        lambda r: float(r.v[:, 1000:].mean()))),
    "ex-3.3": ("shot", (lambda r: r.v[:, r.times >= 100.0].std(),
                        lambda r: r.v[:, r.times >= 100.0].std(axis=1).mean(),
                        lambda r: np.std(r.v[:, r.times >= 100.0], ddof=1))),
    "ex-4.3": ("conn", (multapse_keys, multapse_bincount, multapse_dense)),
    "ex-5.3": ("ai", (rate_exc_package, rate_exc_count, rate_exc_bincount,
                    rate_exc_strict_start)),
    "ex-6.4": ("si_fast", (chi_late, chi_formula)),
    "ex-7.2": (None, (lambda _: 4.0, lambda _: 4, lambda _: np.float64(4.0))),
    "ex-7.3": ("si_slow", (f_package, lambda r: f_package(r, 256), f_scipy)),
    "ex-8.2": ("report", (cv_dead_time_package, cv_dead_time_mean_rate, cv_dead_time_count)),
    "ex-8.3": ("sparse_ai", (corr_ai_package, corr_ai_corrcoef, corr_ai_histogram)),
}


def test_every_exercise_has_natural_answers():
    assert not set(FUNCTION_STYLES) & set(NUMBER_STYLES)
    assert set(FUNCTION_STYLES) | set(NUMBER_STYLES) == set(EXERCISES)
    for ex_id in exercise_ids():
        styles = FUNCTION_STYLES.get(ex_id) or NUMBER_STYLES[ex_id][1]
        assert len(styles) >= 2, ex_id


@pytest.mark.parametrize("ex_id,k", [(ex_id, k) for ex_id, (_, fs) in NUMBER_STYLES.items()
                                     for k in range(len(fs))])
def test_natural_number_answer_is_accepted(ex_id, k, setups, capsys):
    name, styles = NUMBER_STYLES[ex_id]
    ctx = () if name is None else (setups[name],)
    check(ex_id, styles[k](*ctx if ctx else (None,)), *ctx)
    assert capsys.readouterr().out.startswith(f"{ex_id} passed")


@pytest.mark.slow
@pytest.mark.parametrize("e_only", [True, False], ids=["E neurons", "all neurons"])
def test_the_g_sweep_of_ex_7_2_is_accepted(e_only, capsys):
    check("ex-7.2", g_async_sweep(e_only)(None))
    assert capsys.readouterr().out.startswith("ex-7.2 passed")


# ---------------------------------------------------------------------------
# mistakes that were misdiagnosed or unnamed get their own hint
# ---------------------------------------------------------------------------
def _message(ex_id, answer, *ctx):
    with pytest.raises(AssertionError) as info:
        check(ex_id, answer, *ctx)
    return str(info.value)


@pytest.mark.parametrize("ex_id,k", [(ex_id, k) for ex_id in NUMBER_STYLES
                                     for k in range(len(EXERCISES[ex_id].mistakes))])
def test_number_mistakes_get_their_own_hint_on_the_notebook_set_ups(ex_id, k, setups):
    """On the notebooks' own simulations no two typical mistakes give the same number."""
    name, _ = NUMBER_STYLES[ex_id]
    ctx = () if name is None else (setups[name],)
    m = EXERCISES[ex_id].mistakes[k]
    wrong = m.wrong(*ctx)
    msg = _message(ex_id, m.example if callable(wrong) else wrong, *ctx)
    assert m.keyword in msg, msg


def test_r_m_i_over_1000_is_not_called_dt_in_seconds():
    def euler_step(v, current, dt, params):
        return v + dt / params.tau_m * (-(v - params.v_rest) + params.r_m * current / 1000.0)

    msg = _message("ex-1.1", euler_step)
    assert "already mV" in msg and "seconds" not in msg


def test_dividing_by_all_neurons_is_not_called_the_whole_duration(setups):
    res = setups["ai"]
    late = (res.spike_times >= 100.0) & (res.spike_ids < res.n_exc)
    wrong = late.sum() / res.n_neurons / 0.5
    msg = _message("ex-5.3", wrong, res)
    assert "n_exc" in msg and "whole duration" not in msg
    whole = late.sum() / res.n_exc / (res.duration / 1000.0)
    assert "whole duration" in _message("ex-5.3", whole, res)


def test_100_ms_bins_are_not_called_a_unit_mistake(setups):
    res = setups["sparse_ai"]
    keep = (res.spike_times >= 100.0) & (res.spike_ids < 500)
    counts = sc.spike_counts(res.spike_times[keep], res.spike_ids[keep], 500, 100.0,
                             t_start=100.0, t_stop=res.duration)
    msg = _message("ex-8.3", float(sc.pairwise_correlations(counts).mean()), res)
    assert "100 ms" in msg and "1000 times" not in msg


def test_fancy_increment_in_spike_counts_is_named():
    def spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_stop):
        n_bins = int(t_stop // bin_size)
        k = (spike_times // bin_size).astype(int)
        keep = k < n_bins
        counts = np.zeros((n_neurons, n_bins), dtype=int)
        counts[spike_ids[keep], k[keep]] += 1
        return counts

    assert "np.add.at" in _message("ex-6.1", spike_counts)


def test_ignoring_t_start_in_firing_rates_is_named():
    def firing_rates(spike_times, spike_ids, n_neurons, t_start, t_stop):
        inside = spike_times < t_stop
        return np.bincount(spike_ids[inside], minlength=n_neurons) / ((t_stop - t_start) / 1000)

    assert "t_start" in _message("ex-5.1", firing_rates)


@pytest.mark.parametrize("rounding", ["left edges", "np.histogram from -max_lag"])
def test_uncentred_correlogram_bins_are_named(rounding):
    def cross_correlogram(times_a, times_b, bin_size, max_lag):
        d = np.subtract.outer(times_b, times_a).ravel()
        k_max = int(max_lag // bin_size)
        if rounding == "left edges":
            k = np.floor(d / bin_size).astype(int)
            keep = np.abs(k) <= k_max
            counts = np.bincount(k[keep] + k_max, minlength=2 * k_max + 1)
            return np.arange(-k_max, k_max + 1) * bin_size, counts
        counts, edges = np.histogram(d, bins=np.arange(-max_lag, max_lag + bin_size, bin_size))
        return edges[:-1], counts

    assert "centred" in _message("ex-5.2", cross_correlogram)


def test_transient_is_told_apart_where_the_text_asks(setups):
    shot = setups["shot"]
    assert "transient" in _message("ex-3.2", shot.v.mean(), shot)
    assert "transient" in _message("ex-3.3", shot.v.std(), shot)
    ai = setups["ai"]
    rates = sc.firing_rates(ai.spike_times, ai.spike_ids, ai.n_neurons, t_start=0.0,
                            t_stop=ai.duration)
    assert "transient" in _message("ex-5.3", rates[:ai.n_exc].mean(), ai)
    slow = setups["si_slow"]
    _, rate = sc.population_rate(slow.spike_times, slow.n_neurons, slow.duration, 1.0)
    f, psd = sc.power_spectrum(rate, 1.0, nperseg=512)
    assert "transient" in _message("ex-7.3", sc.peak_frequency(f, psd, fmin=5.0), slow)
    rep = setups["report"]
    assert "transient" in _message("ex-8.2", 1 - rep.mean_rate(0.0) * 1e-3, rep)
    sparse = setups["sparse_ai"]
    counts = sc.spike_counts(sparse.spike_times, sparse.spike_ids, sparse.n_neurons, 10.0,
                             t_stop=sparse.duration)[:500]
    assert "transient" in _message("ex-8.3", float(sc.pairwise_correlations(counts).mean()),
                                   sparse)


def test_ex_3_2_asks_for_a_measurement_not_the_prediction(setups):
    assert "measure" in _message("ex-3.2", 0.5 * 1000.0 * 20.0 / 1000.0, setups["shot"])


# ---------------------------------------------------------------------------
# a crash gets the input types and the likely cause, not a bare exception
# ---------------------------------------------------------------------------
def test_a_crash_names_the_input_types_and_a_likely_cause():
    def isi_cv(spike_times, spike_ids, n_neurons):
        return [spike_times[k] for k in spike_ids.nonexistent]

    msg = _message("ex-2.1", isi_cv)
    assert "raised AttributeError" in msg
    assert "spike_times is a numpy float64 array of shape (8,)" in msg
    assert "spike_ids is a numpy int64 array" in msg and "n_neurons is an int" in msg
    assert "spike_times[spike_ids == i]" in msg


def test_a_crash_on_lists_is_no_longer_possible():
    """The inputs are the numpy arrays the texts promise: masks and division work."""
    def firing_rates(spike_times, spike_ids, n_neurons, t_start, t_stop):
        assert isinstance(spike_times, np.ndarray) and isinstance(spike_ids, np.ndarray)
        return rates_bincount(spike_times, spike_ids, n_neurons, t_start, t_stop)

    check("ex-5.1", firing_rates)


# ---------------------------------------------------------------------------
# notebook 9: mistakes as a learner writes them, each with its own hint
# ---------------------------------------------------------------------------
_OUTSIDE_RNG = np.random.default_rng(1)


def test_sweep_mistakes_as_written_get_their_hints():
    def shared(func, points, seed, order):
        rng = np.random.default_rng(seed)
        results = [None] * len(points)
        for i in order:
            results[i] = func(points[i], rng)
        return results

    def appended(func, points, seed, order):
        results = []
        for i in order:
            results.append(func(points[i], np.random.default_rng(np.random.SeedSequence(
                seed, spawn_key=(i,)))))
        return results

    def made_outside(func, points, seed, order):
        results = [None] * len(points)
        for i in order:
            results[i] = func(points[i], _OUTSIDE_RNG)
        return results

    def seed_plus_index(func, points, seed, order):
        results = np.zeros(len(points))
        for i in order:
            results[i] = func(points[i], np.random.default_rng(seed + i))
        return results

    assert "shared" in _message("ex-9.1", shared)
    assert "order of points" in _message("ex-9.1", appended)
    assert "same arguments" in _message("ex-9.1", made_outside)
    assert "collides across sweeps" in _message("ex-9.1", seed_plus_index)


def test_a_sweep_crash_names_how_func_is_called():
    def swapped(func, points, seed, order):
        return [func(np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,))),
                     points[i]) for i in order]

    msg = _message("ex-9.1", swapped)
    assert "raised AttributeError" in msg and "func is a function" in msg
    assert "points is a list" in msg and "func(points[i], rng)" in msg


def test_merge_mistakes_as_written_get_their_hints():
    def argsort_times(ranks):
        times = np.concatenate([t for t, _ in ranks])
        ids = np.concatenate([i for _, i in ranks])
        order = np.argsort(times)
        return times[order], ids[order]

    def from_empty_float(ranks):
        times, ids = np.array([]), np.array([])
        for t, i in ranks:
            times, ids = np.append(times, t), np.append(ids, i)
        order = np.lexsort((ids, times))
        return times[order], ids[order]

    assert "ties" in _message("ex-9.2", argsort_times)
    assert "integer" in _message("ex-9.2", from_empty_float)


def test_a_merge_crash_on_empty_ranks_names_the_inputs():
    def non_empty_only(ranks):
        times = np.concatenate([t for t, _ in ranks if t.size])
        ids = np.concatenate([i for _, i in ranks if i.size])
        order = np.lexsort((ids, times))
        return times[order], ids[order]

    msg = _message("ex-9.2", non_empty_only)
    assert "raised ValueError" in msg and "need at least one array" in msg
    assert "ranks is a list" in msg and "all ranks may be empty" in msg


def test_state_points_mistakes_as_written_get_their_hints():
    def g_from_rows(diagram, state):
        i, j = np.where(diagram.state == state)
        return diagram.g[i], diagram.eta[j]

    def indices(diagram, state):
        i, j = np.where(diagram.state == state)
        return j, i

    assert "axes" in _message("ex-9.3", g_from_rows)
    assert "grid indices" in _message("ex-9.3", indices)
    assert "mask" in _message("ex-9.3", lambda diagram, state: diagram.state == state)


def test_state_points_loops_over_the_wrong_axes_and_a_crash_get_their_hints():
    def state_g_first(diagram, state):  # state[g index, eta index]: the wrong axes
        points = [(g, eta) for j, g in enumerate(diagram.g) for i, eta in enumerate(diagram.eta)
                  if diagram.state[j, i] == state]
        return np.array([p[0] for p in points]), np.array([p[1] for p in points])

    assert "axes" in _message("ex-9.3", state_g_first)

    def typo(diagram, state):
        return np.nonzero(diagram.states == state)

    msg = _message("ex-9.3", typo)
    assert "raised AttributeError" in msg and "diagram is a PhaseDiagram" in msg
    assert "row i is eta[i], column j is g[j]" in msg
