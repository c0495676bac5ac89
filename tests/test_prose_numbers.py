"""Every number with a unit in a notebook's prose is backed by something that is checked.

A number followed by Hz, ms or mV in a markdown cell must be one of:

1. printed by a checked cell (``# NBVAL_CHECK_OUTPUT``, whose expected
   output nbval holds), to the precision the prose gives it: "370 Hz"
   covers a printed 369.7 (half a unit of the last significant digit, a
   trailing zero of an integer counting as not significant), "0.15 ms"
   needs 0.145-0.155;
2. a parameter the notebook sets: a numeric literal of one of its code cells
   (a duration, a delay, a threshold; only for ms and mV, since rates in
   Hz are mostly measurements);
3. inside math (``$...$``, ``$$...$$``), the place for definitions,
   parameters and formulas ("$D = 1.5$ ms"); a math span that holds only a
   number is refused, so that math is not a hiding place for results;
4. in the allow-list below, with the reason it needs no check (a value
   quoted from a paper, a parameter printed in words).

Dimensionless statistics quoted in prose follow the same rules, math
included (a result written "$\\chi = 0.14$" is still a result): a number
after ``CV``, ``Fano (factor)``, ``chi``, ``r`` or ``correlation`` (with a
few linking words: "a CV of about 0.6", "$\\bar r = 0.025$", "chi(200)
0.23") and every ratio "1.4x", "28 x", "16-fold", "5 times" must be printed
by a checked cell or allow-listed with a reason (``STAT_ALLOWED`` for the
Poisson values every notebook quotes; per notebook in ``ALLOWED`` as
"CV 0.61", "r 0.030", "chi 0.07", "1.4x").

Qualitative claims about figures are tested in ``tests/test_claims_NN.py``.
"""

import re
from pathlib import Path

import pytest

from snncourse.course.nbcheck import MARKER, parse_expected

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.py"))
UNITS = ("Hz", "ms", "mV")
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# a number, or a range "a-b" / "a to b", followed by a unit
QUANTITY = re.compile(rf"(?<![\w.,^_]){{0}}({NUMBER})(?:\s*(?:-|–|to)\s*({NUMBER}))?\s*({'|'.join(UNITS)})\b")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.S)
BARE_MATH_NUMBER = re.compile(rf"(?<!\$)\$\s*{NUMBER}\s*\$(?!\$)")
CODE_SPAN = re.compile(r"`[^`]*`")

# Dimensionless statistics: the prose is read with math unwrapped, so that
# "$\bar r = 0.025$" reads "r = 0.025".
_UNWRAP = [(re.compile(a), b) for a, b in (
    (r"\\mathrm\{(\w+)\}", r"\1"), (r"\\(?:bar|overline)\s*\{?\s*r\s*\}?", "r"),
    (r"\\chi", "chi"), (r"\\times", "x"), (r"\\approx", "≈"), (r"\\sim", "~"),
    (r"\\[,;!]", " "), (r"\$", ""))]
_STAT = {"CV": r"CVs?|C_V", "Fano": r"Fano(?:\s+factors?)?", "chi": r"chi",
         "r": r"(?<![\w\\'])r(?![\w'])|correlat(?:ions?|ed)"}
_LINK = (r"(?:\s*(?:\^2|\([^()]{0,15}\)))?"  # CV^2, chi(200), r (10 ms)
         r"(?:\s*[=≈~:]|\s+(?:of|about|near|around|is|are|was|at|below|above|only|still|"
         r"just|close\s+to|falls\s+to|rises\s+to|from|to|up\s+to|stays|under|over|"
         r"of\s+only|well|here|then|now|drops\s+to|by))*\s*")
_NOT_A_STAT = r"(?!\d|\.\d|\s*(?:Hz|ms|mV|%|nA|MOhm|s\b|neurons?|spikes?|inputs?|synapses?|pairs?|bins?|mV))"
STAT = re.compile(
    rf"(?P<name>{'|'.join(f'(?P<{k}>{v})' for k, v in _STAT.items())})(?![\w]){_LINK}"
    rf"(?<![\w.])(?P<a>[+-]?{NUMBER})(?:\s*(?:-|–|to)\s*(?P<b>{NUMBER}))?{_NOT_A_STAT}")
RATIO = re.compile(rf"(?<![\w.,^_/])(?P<a>{NUMBER})(?:\s*(?:x|×)(?![\w])|-fold\b|\s+times\b)")

#: Dimensionless numbers quoted everywhere, that need no check: {text: reason}.
STAT_ALLOWED = {
    "CV 1": "reference value: the CV of a Poisson process (definition)",
    "Fano 1": "reference value: the Fano factor of a Poisson process (definition)",
    "CV 0": "reference value: the CV of a clock (definition)",
}

#: Numbers with a unit that need no check, per notebook: {text: reason}.
ALLOWED = {
    "01_lif_neuron.py": {
        "1 mV": "unit definition (1 MOhm x 1 nA = 1 mV)",
        "50 ms": "parameter suggested for the widget (tau_m slider)",
        "42 Hz": "closed-form rate at 2.5 nA (Predict answer), checked in test_claims_01",
        "129 Hz": "closed-form rate at 5 nA (Predict answer), checked in test_claims_01",
    },
    "02_noise_and_irregular_firing.py": {
        "25 mV": "parameter suggested for the widget (mu slider)",
    },
    "03_synapses_and_delays.py": {
        "1 mV": "unit definition (1 MOhm x 1 pC = 1 mV ms)",
        "-10 mV": "textbook value: reversal potential of inhibition relative to rest",
        "10 mV": "textbook value: reversal potential of inhibition relative to rest (-10 mV)",
        "10 Hz": "parameter: twice the 5 Hz input rate (nu_fire = 10.0)",
        "5 Hz": "parameter: input rate (nu_in = 5.0)",
    },
    "04_building_a_network.py": {
        "12.5x": "parameter ratio: C_E = 1000 in Brunel's network over the 80 here",
    },
    "05_network_activity.py": {
        "500 Hz": "Nyquist frequency of 1 ms bins (definition)",
        "2500 Hz": "Nyquist frequency of 0.2 ms bins (analysis.SPECTRUM_BIN_MS, definition)",
        "5 Hz": "reference value: cortical rate distributions (most neurons below 5 Hz)",
        "0.1 ms": "parameter: the time step dt of the simulation",
        "0.18 ms": "parameter: the histogram bins of plot_isi_distribution",
        "0.2 ms": "parameter: analysis.SPECTRUM_BIN_MS",
    },
    "06_synchronization.py": {
        "1000 Hz": "1 / t_ref with the report's t_ref = 1 ms (printed in the parameters)",
    },
    "07_brunel_regimes.py": {
        "180 Hz": "reference value: Brunel (2000), SI fast oscillation",
        "20 Hz": "reference value: Brunel (2000), SI slow oscillation",
        "500 Hz": "Nyquist frequency of 1 ms bins (definition)",
        "2500 Hz": "Nyquist frequency of 0.2 ms bins (analysis.SPECTRUM_BIN_MS, definition)",
        "100 Hz": "parameter: the FAST_HZ threshold, printed by the first checked cell",
        "150 Hz": "qualitative band of the AI spectral peak (tested in test_claims_07)",
        "6.25x": "parameter ratio: sigma^2 ~ J^2 C_E, (0.625 / 0.1)^2 x 160 / 1000",
        "2.5x": "parameter ratio: the square root of the 6.25-fold variance",
    },
    "08_reproducing_the_report.py": {
        "500 Hz": "Nyquist frequency of 1 ms bins (definition)",
        "2500 Hz": "Nyquist frequency of 0.2 ms bins (definition)",
        "1500 Hz": "upper end of the peak search (fmax=1500.0), a parameter",
        "30 Hz": "reference value: cortical gamma band 30-80 Hz",
        "80 Hz": "reference value: cortical gamma band 30-80 Hz",
        "1000 ms": "unit conversion in '1000 ms / 666 Hz'",
        "5x": "parameter ratio: J from 0.5 to 2.5 mV",
    },
}


def _cells(path):
    """(kind, text) of each cell of a py:percent notebook."""
    cells, kind, lines = [], None, []
    for line in path.read_text().split("\n"):
        if line.startswith("# %%"):
            if kind is not None:
                cells.append((kind, "\n".join(lines)))
            kind, lines = ("markdown" if "[markdown]" in line else "code"), []
        elif kind is not None:
            lines.append(line)
    if kind is not None:
        cells.append((kind, "\n".join(lines)))
    return cells


def _markdown_text(src):
    return "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in src.split("\n"))


def _value(text):
    return float(text.replace(",", ""))


def _tolerance(text):
    text = text.replace(",", "")
    if "." in text:
        return 0.5 * 10.0 ** -len(text.split(".")[1])
    return 5.0 if text.endswith("0") and len(text) > 1 else 0.5


def _numbers(text):
    return [_value(m) for m in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?", text.replace(",", ""))]


def _sources(path):
    checked, literals, prose = [], [], []
    for kind, src in _cells(path):
        if kind == "markdown":
            prose.append(_markdown_text(src))
        else:
            if MARKER in src:
                expected = parse_expected(src) or ""
                checked += _numbers(expected)
            code = "\n".join(line.split("#")[0] for line in src.split("\n") if not line.startswith("#"))
            literals += _numbers(code)
    return checked, literals, prose


def _quantities(prose):
    """(text, unit) of every number with a unit outside math and code spans."""
    found = []
    for md in prose:
        plain = CODE_SPAN.sub(" ", MATH.sub(" ", md))
        for m in QUANTITY.finditer(plain):
            for group in (m.group(1), m.group(2)):
                if group is not None:
                    found.append((group, m.group(3), m.group(0)))
    return found


def _stats(prose):
    """(key, numbers, context) of every dimensionless statistic quoted, math unwrapped."""
    found = []
    for md in prose:
        plain = CODE_SPAN.sub(" ", md)
        for pattern, repl in _UNWRAP:
            plain = pattern.sub(repl, plain)
        plain = plain.replace("\n", " ")
        for m in STAT.finditer(plain):
            name = next(k for k in _STAT if m.group(k))
            nums = [g.lstrip("+-") for g in (m.group("a"), m.group("b")) if g is not None]
            found.append((f"{name} {'-'.join(nums)}", nums, m.group(0)))
        for m in RATIO.finditer(plain):
            found.append((f"{m.group('a')}x", [m.group("a")], m.group(0)))
    return found


def _covered(text, unit, checked, literals):
    x, tol = _value(text), _tolerance(text)
    if any(abs(abs(y) - x) <= tol + 1e-9 for y in checked):
        return True
    return unit in ("ms", "mV") and any(abs(abs(y) - x) <= 1e-9 for y in literals)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_number_in_the_prose_is_checked(path):
    checked, literals, prose = _sources(path)
    allowed = ALLOWED.get(path.name, {})
    missing = []
    for text, unit, context in _quantities(prose):
        if f"{text} {unit}" in allowed or (f"-{text} {unit}" in allowed):
            continue
        if not _covered(text, unit, checked, literals):
            missing.append(f"{text} {unit} (in {context!r})")
    assert not missing, (
        f"{path.name}: numbers in the prose that no checked output covers: {sorted(set(missing))}. "
        "Print them in a # NBVAL_CHECK_OUTPUT cell, state them qualitatively, or add them "
        "to ALLOWED with a reason.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_dimensionless_statistic_in_the_prose_is_checked(path):
    checked, _, prose = _sources(path)
    allowed = {**STAT_ALLOWED, **ALLOWED.get(path.name, {})}
    missing = [f"{key} (in {context!r})" for key, nums, context in _stats(prose)
               if key not in allowed and not all(_covered(x, "", checked, []) for x in nums)]
    assert not missing, (
        f"{path.name}: statistics in the prose that no checked output covers: {sorted(set(missing))}. "
        "Print them in a # NBVAL_CHECK_OUTPUT cell, state them qualitatively, or add them "
        "to ALLOWED with a reason.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_math_holds_no_bare_results(path):
    _, _, prose = _sources(path)
    bare = [m.group(0) for md in prose for m in BARE_MATH_NUMBER.finditer(md)]
    assert not bare, f"{path.name}: a number alone in math escapes the check: {bare}; write it in text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_allow_list_entries_are_used(path):
    _, _, prose = _sources(path)
    used = {f"{text} {unit}" for text, unit, _ in _quantities(prose)}
    used |= {key for key, _, _ in _stats(prose)}
    stale = [k for k in ALLOWED.get(path.name, {}) if k not in used and k.lstrip("-") not in used]
    assert not stale, f"{path.name}: allow-list entries no longer in the prose: {stale}"


def test_the_check_catches_an_unbacked_number():
    prose = ["The peak is at 335 Hz, the rate at 327 Hz ($D = 1.5$ ms)."]
    found = _quantities(prose)
    assert [(t, u) for t, u, _ in found] == [("335", "Hz"), ("327", "Hz")]
    assert _covered("327", "Hz", [327.0], []) and not _covered("335", "Hz", [327.0, 665.0], [])
    assert _covered("370", "Hz", [369.7], []) and not _covered("690", "Hz", [683.0], [])
    assert _tolerance("0.15") == pytest.approx(0.005)


def test_the_check_reads_dimensionless_statistics_in_text_and_math():
    prose = ["a CV of about 0.61, $\\bar r = 0.025$, chi(200) 0.23, the Fano factor 0.36 "
             "and $\\chi$ = 0.14; a peak 1.4x chance, 28 x the Poisson level, a 16-fold change; "
             "the CV at 38 Hz and r in 10 ms bins are not statistics; CV 0.7-1.2; "
             "pairs correlated by about 0.024"]
    keys = [k for k, _, _ in _stats(prose)]
    assert keys == ["CV 0.61", "r 0.025", "chi 0.23", "Fano 0.36", "chi 0.14", "CV 0.7-1.2",
                    "r 0.024", "1.4x", "28x", "16x"]
    assert _covered("0.61", "", [0.6149], []) and not _covered("0.61", "", [0.599], [])
