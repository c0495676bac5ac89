import subprocess
import sys

import numpy as np

from snncourse import load_result
from snncourse.cli import main


def test_simulate_writes_a_loadable_result(tmp_path, capsys):
    out = tmp_path / "run.npz"
    status = main(["simulate", "--g", "5", "--eta", "2", "--scale", "0.2", "--duration", "50",
                   "--seed", "1", "--out", str(out)])
    assert status == 0
    res = load_result(out)
    assert (res.n_exc, res.n_inh, res.duration, res.seed) == (2000, 500, 50.0, 1)
    assert res.params.g == 5.0 and res.spike_times.size > 0
    err = capsys.readouterr().err
    assert "100%" in err and "ms simulated" in err  # the progress bar
    assert "mean rate" in err
    again = tmp_path / "again.npz"
    main(["simulate", "--scale", "0.2", "--duration", "50", "--seed", "1", "--out", str(again),
          "--no-progress"])
    assert np.array_equal(load_result(again).spike_times, res.spike_times)


def test_simulate_preset(tmp_path):
    out = tmp_path / "rep.npz"
    assert main(["simulate", "--preset", "seed_report", "--duration", "20", "--seed", "3",
                 "--out", str(out), "--no-progress"]) == 0
    assert load_result(out).n_neurons == 200


def test_bad_arguments_give_a_message_not_a_traceback(tmp_path, capsys):
    assert main(["simulate", "--g", "-1", "--out", str(tmp_path / "x.npz")]) == 2
    assert "snncourse simulate: error: g must be >= 0, got -1.0" in capsys.readouterr().err
    assert main(["simulate", "--scale", "0.05", "--out", str(tmp_path / "x.npz")]) == 2
    assert "scale must give n_exc > c_exc" in capsys.readouterr().err


def test_module_entry_point_help():
    out = subprocess.run([sys.executable, "-m", "snncourse", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("simulate", "report", "exercises", "grade"):
        assert command in out.stdout


def test_preset_refuses_options_it_would_override(tmp_path, capsys):
    out = tmp_path / "x.npz"
    for extra in (["--scale", "0.2"], ["--g", "4"], ["--eta", "1", "--g", "3"]):
        assert main(["simulate", "--preset", "brunel_ai", *extra, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert "--preset brunel_ai fixes the network: drop --" in err
        for flag in extra[::2]:
            assert flag in err
    assert not out.exists()
    assert main(["simulate", "--preset", "nope", "--out", str(out)]) == 2
    assert "--preset must be one of seed_report, brunel_ai" in capsys.readouterr().err


def test_preset_gives_its_duration_and_seed(tmp_path):
    out = tmp_path / "rep.npz"
    from snncourse.presets import PRESETS
    # the preset's seed by default; a short run, so --duration is given
    assert main(["simulate", "--preset", "seed_report", "--duration", "20", "--out", str(out),
                 "--no-progress"]) == 0
    assert load_result(out).seed == PRESETS["seed_report"].seed
