r"""Sparse random E/I connectivity, stored presynaptic-major (CSR).

Contents
--------
Connectivity
    The wiring of a network: for each presynaptic neuron the list of its
    postsynaptic targets (``int32``), plus the population sizes. Weights
    depend only on the presynaptic population (``J`` or ``-g J``), so no
    weight array is stored.
fixed_indegree
    Every neuron receives exactly ``c_exc`` excitatory and ``c_inh``
    inhibitory synapses from partners drawn uniformly with replacement
    (multapses possible, as in NEST's ``fixed_indegree``).
bernoulli
    Every ordered pair is connected independently with probability ``p``
    (as Brian2's ``connect(p=...)``); in-degrees are then binomial.
build_connectivity
    The wiring a :class:`~snncourse.params.NetworkParams` asks for.

Why presynaptic-major: when neuron ``j`` spikes, the engine needs the targets
of ``j``; they sit contiguously in ``targets[indptr[j]:indptr[j+1]]``, so
delivering a spike is one slice. At N = 12,500 and 15.6 M synapses the whole
structure takes 62.5 MB (a dense float32 matrix would take 625 MB).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ._validation import as_rng, check_int
from .params import NetworkParams

__all__ = ["Connectivity", "fixed_indegree", "bernoulli", "build_connectivity"]

_CHUNK = 1 << 20  # synapses drawn at a time (this fixes the random stream)
_GROUP_MAX = 1 << 24  # up to this many synapses are transposed in one go
_GROUP = 1 << 22  # otherwise in groups of posts of about this many synapses


@dataclass(frozen=True, eq=False)
class Connectivity:
    """Presynaptic-major sparse connectivity of an E/I network.

    Attributes
    ----------
    indptr : ndarray of int64, shape (n_neurons + 1,)
        Targets of presynaptic neuron ``j`` are ``targets[indptr[j]:indptr[j + 1]]``.
    targets : ndarray of int32
        Postsynaptic neuron of each synapse.
    n_exc, n_inh : int
        Population sizes; neurons ``0 .. n_exc - 1`` are excitatory.

    Examples
    --------
    >>> c = fixed_indegree(8, 2, 3, 1, rng=0)
    >>> c.n_synapses, c.in_degrees()[0].tolist()
    (40, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3])
    """

    indptr: np.ndarray
    targets: np.ndarray
    n_exc: int
    n_inh: int

    @property
    def n_neurons(self) -> int:
        """Total number of neurons."""
        return self.n_exc + self.n_inh

    @property
    def n_synapses(self) -> int:
        """Total number of synapses."""
        return int(self.targets.size)

    def __repr__(self) -> str:
        return (f"Connectivity({self.n_exc} E + {self.n_inh} I neurons, "
                f"{self.n_synapses} synapses)")

    def sources(self) -> np.ndarray:
        """Presynaptic neuron of each synapse (int32, same order as ``targets``)."""
        return np.repeat(np.arange(self.n_neurons, dtype=np.int32), np.diff(self.indptr))

    def out_degrees(self) -> np.ndarray:
        """Number of outgoing synapses of each neuron."""
        return np.diff(self.indptr)

    def in_degrees(self):
        """Incoming synapses of each neuron: ``(from_exc, from_inh)`` arrays."""
        split = self.indptr[self.n_exc]
        n = self.n_neurons
        return (np.bincount(self.targets[:split], minlength=n),
                np.bincount(self.targets[split:], minlength=n))

    def to_dense(self, max_neurons: int = 5000) -> np.ndarray:
        """Dense matrix ``W[post, pre]`` of synapse counts (int32).

        Refuses networks larger than ``max_neurons`` (the matrix has
        ``n_neurons**2`` entries).
        """
        if self.n_neurons > max_neurons:
            raise ValueError(
                f"to_dense needs n_neurons <= max_neurons={max_neurons}, got "
                f"{self.n_neurons}; pass a larger max_neurons if you have the memory"
            )
        w = np.zeros((self.n_neurons, self.n_neurons), dtype=np.int32)
        np.add.at(w, (self.targets, self.sources()), 1)
        return w


def _check_sizes(n_exc, n_inh):
    return check_int("n_exc", n_exc, minimum=1), check_int("n_inh", n_inh, minimum=0)


def fixed_indegree(n_exc, n_inh, c_exc, c_inh, *, autapses=False, rng=None) -> Connectivity:
    """Wiring with exactly ``c_exc`` E and ``c_inh`` I inputs per neuron.

    Partners are drawn uniformly with replacement from each population
    (so a pair may be connected twice), excluding the neuron itself unless
    ``autapses``.

    Parameters
    ----------
    n_exc, n_inh : int
        Population sizes.
    c_exc, c_inh : int
        In-degrees from the E and the I population.
    autapses : bool
        Allow a neuron to connect to itself.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    Connectivity

    Raises
    ------
    ValueError
        If an in-degree is positive while its population has no candidate.
    """
    n_exc, n_inh = _check_sizes(n_exc, n_inh)
    c_exc, c_inh = check_int("c_exc", c_exc, minimum=0), check_int("c_inh", c_inh, minimum=0)
    rng = as_rng(rng)
    n = n_exc + n_inh
    for name, c, size in (("c_exc", c_exc, n_exc), ("c_inh", c_inh, n_inh)):
        if c > 0 and size - (0 if autapses else 1) < 1:
            raise ValueError(f"{name} must be 0 for a population of {size} without autapses, got {c}")
    c_tot = c_exc + c_inh
    pops = [(c, first, size) for c, first, size in ((c_exc, 0, n_exc), (c_inh, n_exc, n_inh)) if c]
    if c_tot == 0:
        return Connectivity(indptr=np.zeros(n + 1, dtype=np.int64), targets=np.empty(0, np.int32),
                            n_exc=n_exc, n_inh=n_inh)
    rows = max(1, _CHUNK // c_tot)  # posts per draw: fixes the order of the random stream
    per_group = n if n * c_tot <= _GROUP_MAX else max(rows, (_GROUP // c_tot) // rows * rows)
    groups = [(lo, min(lo + per_group, n)) for lo in range(0, n, per_group)]
    draw = functools.partial(_draw_sources, pops=pops, autapses=autapses, rng=rng, rows=rows,
                             c_tot=c_tot)
    if len(groups) == 1:  # everything fits in memory at once: one transposition
        by_source = _by_source(draw(0, n), n)
        return Connectivity(indptr=by_source.indptr.astype(np.int64),
                            targets=by_source.indices.astype(np.int32, copy=False),
                            n_exc=n_exc, n_inh=n_inh)
    # Two passes over the same random numbers (the generator state is replayed):
    # out-degrees first, then each group of posts is transposed into place.
    state = rng.bit_generator.state
    degrees = np.zeros(n, dtype=np.int64)
    for lo, hi in groups:
        degrees += np.bincount(draw(lo, hi).ravel(), minlength=n)
    rng.bit_generator.state = state
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degrees, out=indptr[1:])
    targets = np.empty(indptr[-1], dtype=np.int32)
    filled = indptr[:-1].copy()  # next free position of each source's row
    for lo, hi in groups:
        by_source = _by_source(draw(lo, hi), n)
        counts = np.diff(by_source.indptr)
        shift = np.repeat(filled - by_source.indptr[:-1], counts)
        shift += np.arange(by_source.indices.size)
        targets[shift] = by_source.indices + lo
        filled += counts
    return Connectivity(indptr=indptr, targets=targets, n_exc=n_exc, n_inh=n_inh)


def _draw_sources(lo, hi, *, pops, autapses, rng, rows, c_tot):
    """Presynaptic partners of posts ``lo .. hi - 1``: int32 array of shape (hi - lo, c_tot).

    Drawn ``rows`` posts at a time, E partners then I partners, each
    uniform over its population without the post itself (unless ``autapses``).
    """
    out = np.empty((hi - lo, c_tot), dtype=np.int32)
    for start in range(lo, hi, rows):
        post = np.arange(start, min(start + rows, hi))
        col = 0
        for c, first, size in pops:
            inside = (post >= first) & (post < first + size)
            if autapses or not inside.any():
                high = size
            elif inside.all():
                high = size - 1  # the same numbers as the array bound below, drawn faster
            else:
                high = size - inside
            src = rng.integers(0, high, size=(c, post.size))
            if not autapses and inside.any():
                src += inside & (src >= post - first)  # skip the post itself
            src += first
            out[start - lo:start - lo + post.size, col:col + c] = src.T
            col += c
    return out


def _by_source(sources, n):
    """Transpose ``sources[post_local, :]`` to presynaptic-major CSR (scipy's counting sort).

    Returns a ``scipy.sparse.csc_array`` whose column ``j`` lists, in
    increasing order, the local posts that neuron ``j`` projects to (a post
    twice for a double synapse).
    """
    n_post, c = sources.shape
    ones = np.broadcast_to(np.int8(1), (sources.size,))
    index = np.int32 if sources.size < 2**31 else np.int64
    by_post = sparse.csr_array((ones, sources.ravel(), np.arange(n_post + 1, dtype=index) * c),
                               shape=(n_post, n))
    return by_post.tocsc()


def bernoulli(n_exc, n_inh, p_exc, p_inh, *, autapses=False, rng=None) -> Connectivity:
    r"""Wiring in which each ordered pair is connected with a fixed probability.

    Parameters
    ----------
    n_exc, n_inh : int
        Population sizes.
    p_exc, p_inh : float
        Connection probability from an E (resp. I) neuron to any neuron, in [0, 1].
    autapses : bool
        Allow a neuron to connect to itself.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    Connectivity

    Notes
    -----
    Rather than drawing :math:`N^2` uniforms, the gaps between successive
    connected pairs (in row-major order of the presynaptic-by-postsynaptic
    matrix) are drawn from the geometric distribution of parameter ``p``,
    which gives the same distribution with about :math:`pN^2` draws. The
    in-degree from a population of size :math:`n` is then binomial
    :math:`(n, p)` (:math:`(n - 1, p)` within the own population without
    autapses).
    """
    n_exc, n_inh = _check_sizes(n_exc, n_inh)
    n = n_exc + n_inh
    rng = as_rng(rng)
    sources, targets = [], []
    for name, p, first, size in (("p_exc", p_exc, 0, n_exc), ("p_inh", p_inh, n_exc, n_inh)):
        if not (0.0 <= float(p) <= 1.0):
            raise ValueError(f"{name} must lie in [0, 1], got {p!r}")
        total = size * n
        if p == 0 or total == 0:
            continue
        chunks, pos = [], -1
        while pos < total - 1:
            expect = int((total - 1 - pos) * p * 1.05) + 1000
            gaps = rng.geometric(p, size=min(expect, _CHUNK * 4))
            idx = pos + np.cumsum(gaps)
            pos = int(idx[-1])
            chunks.append(idx[idx < total])
        idx = np.concatenate(chunks)
        src, tgt = np.divmod(idx, n)
        src += first
        if not autapses:
            keep = src != tgt
            src, tgt = src[keep], tgt[keep]
        sources.append(src)
        targets.append(tgt.astype(np.int32))
    if sources:
        src = np.concatenate(sources)
        tgt = np.concatenate(targets)
    else:
        src, tgt = np.empty(0, np.int64), np.empty(0, np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return Connectivity(indptr=indptr, targets=tgt, n_exc=n_exc, n_inh=n_inh)


def build_connectivity(net: NetworkParams, rng=None) -> Connectivity:
    """The wiring ``net`` asks for (``net.connectivity``), drawn with ``rng``.

    For ``"bernoulli"`` the probabilities are ``c_exc / n_exc`` and
    ``c_inh / n_inh``, so the expected in-degrees are ``c_exc`` and ``c_inh``
    (a little less within the own population without autapses).

    Examples
    --------
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=80, n_inh=20, c_exc=8, c_inh=2)
    >>> build_connectivity(net, rng=0).n_synapses
    1000
    """
    if not isinstance(net, NetworkParams):
        raise TypeError(f"net must be a NetworkParams, got {type(net).__name__}")
    if net.connectivity == "fixed_indegree":
        return fixed_indegree(net.n_exc, net.n_inh, net.c_exc, net.c_inh,
                              autapses=net.autapses, rng=rng)
    p_inh = net.c_inh / net.n_inh if net.n_inh else 0.0
    return bernoulli(net.n_exc, net.n_inh, net.c_exc / net.n_exc, p_inh,
                     autapses=net.autapses, rng=rng)
