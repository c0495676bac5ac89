"""The fixed in-degree wiring is the same whether it is transposed in one go or in groups."""

import numpy as np
import pytest

from snncourse import connectivity as C


@pytest.mark.parametrize("autapses", [False, True])
def test_grouped_build_equals_one_go(monkeypatch, autapses):
    monkeypatch.setattr(C, "_CHUNK", 400)  # 10 posts per draw
    one = C.fixed_indegree(300, 75, 30, 10, autapses=autapses, rng=5)
    monkeypatch.setattr(C, "_GROUP_MAX", 1000)
    monkeypatch.setattr(C, "_GROUP", 3000)  # groups of 70 posts: 6 groups, the last one short
    rng = np.random.default_rng(5)
    grouped = C.fixed_indegree(300, 75, 30, 10, autapses=autapses, rng=rng)
    assert np.array_equal(one.indptr, grouped.indptr)
    assert np.array_equal(one.targets, grouped.targets)
    assert grouped.targets.dtype == np.int32 and grouped.indptr.dtype == np.int64
    # the generator ends where a single pass would leave it
    ref = np.random.default_rng(5)
    C.fixed_indegree(300, 75, 30, 10, autapses=autapses, rng=ref)
    assert rng.random() == ref.random()


def test_rows_are_sorted_and_degrees_exact():
    c = C.fixed_indegree(500, 125, 50, 12, rng=2)
    for j in (0, 17, 499, 500, 624):
        row = c.targets[c.indptr[j]:c.indptr[j + 1]]
        assert np.all(np.diff(row) >= 0)
    from_e, from_i = c.in_degrees()
    assert np.all(from_e == 50) and np.all(from_i == 12)


def test_no_synapses():
    c = C.fixed_indegree(10, 5, 0, 0, rng=0)
    assert c.n_synapses == 0 and c.indptr.tolist() == [0] * 16
