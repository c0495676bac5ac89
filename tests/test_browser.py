"""The course in a real browser: JupyterLab in headless Chromium, every notebook run, every widget moved.

For each course notebook: open it in JupyterLab, run all cells, wait until
the kernel is idle, check that no cell has an error output and that at
least one figure is shown, then move the first slider of the notebook's
widget with the keyboard and check that its figure changes within 2 s.
A screenshot of every notebook goes to the folder that the test prints.

JupyterLab runs from the project's environment on a free loopback port
with a random token, on a copy of ``notebooks/`` (so nothing is saved into
the repository), and is always shut down. Chromium is Debian's
(``/usr/bin/chromium``), driven by Playwright for Python without a browser
download; the test is skipped, with the reason, where either is missing.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
RUN_TIMEOUT_S = 600  # one notebook, all cells (generous: CI machines are shared)
WIDGET_TIMEOUT_S = 2.0  # the figure must change this soon after the slider moves
SCREENSHOTS = Path(os.environ.get("SNNCOURSE_SCREENSHOTS", ROOT / "build" / "browser-screenshots"))

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timing]

if CHROMIUM is None:
    pytest.skip("no Chromium: install Debian's 'chromium' to run the browser test", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="no Playwright: pip install playwright")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the notebooks: ``(base_url, token)``; always shut down."""
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", work / "notebooks",
                    ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    for sub in ("config", "data", "runtime", "settings", "workspaces"):
        (work / sub).mkdir()
    # no "get notified about Jupyter news?" pop-up over the notebook (and no fetch of the news)
    news = work / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work / 'notebooks'}",
           "--LabApp.expose_app_in_browser=True", "--ServerApp.port_retries=0",
           "--LabApp.news_url=", "--LabServerApp.extension_manager=readonly", "--allow-root"]
    log = open(work / "server.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (work / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


_NOTEBOOK_STATE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext || !w.sessionContext.session) return null;
  const kernel = w.sessionContext.session.kernel;
  const cells = w.content.model.cells;
  let errors = [], pending = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    if (c.executionCount === null && c.sharedModel.getSource().trim()) pending += 1;
    for (let j = 0; j < c.outputs.length; j++) {
      const o = c.outputs.get(j);
      if (o.type === 'error') errors.push(i + ': ' + o.toJSON().ename + ': ' + o.toJSON().evalue);
    }
  }
  return {status: kernel ? kernel.status : 'none', errors: errors, pending: pending};
}"""

_WIDGET_IMAGE = """() => {
  const imgs = document.querySelectorAll('.jp-Notebook .widget-output img, .jp-Notebook .jupyter-widgets-output-area img');
  return imgs.length ? imgs[imgs.length - 1].getAttribute('src') : null;
}"""


@pytest.mark.parametrize("ipynb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_its_widget_redraws_in_the_browser(lab, browser, ipynb):
    base, token = lab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        # a workspace of its own: JupyterLab would otherwise restore the previous notebook's tab
        page.goto(f"{base}/lab/workspaces/{ipynb.stem}/tree/{ipynb.name}?reset&token={token}",
                  wait_until="domcontentloaded")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               f"&& window.jupyterapp.shell.currentWidget.context.path === '{ipynb.name}' "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
                               timeout=120_000)
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session"
                               ".kernel.status === 'idle'", timeout=120_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        deadline = time.time() + RUN_TIMEOUT_S
        state = None
        while time.time() < deadline:
            time.sleep(2.0)
            state = page.evaluate(_NOTEBOOK_STATE)
            if state and state["status"] == "idle" and state["pending"] == 0:
                break
        else:
            pytest.fail(f"{ipynb.name} did not finish in {RUN_TIMEOUT_S} s: {state}")
        assert state["errors"] == [], f"{ipynb.name}: error outputs {state['errors']}"
        n_figures = page.locator(".jp-Notebook .jp-OutputArea-output img").count()
        assert n_figures >= 1, f"{ipynb.name}: no figure shown"

        page.wait_for_function(f"({_WIDGET_IMAGE})() !== null", timeout=60_000)
        sliders = page.locator(".jp-Notebook .noUi-handle")
        if sliders.count():  # the widget's first slider, one step by keyboard
            control, key = sliders.first, "ArrowRight"
        else:  # a widget of toggle buttons only: the second option, by keyboard
            control, key = page.locator(".jp-Notebook .widget-toggle-buttons button").nth(1), "Space"
        control.scroll_into_view_if_needed()
        before = page.evaluate(_WIDGET_IMAGE)
        control.focus()
        t0 = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(f"(before) => ({_WIDGET_IMAGE})() !== before", arg=before,
                               timeout=int(3 * WIDGET_TIMEOUT_S * 1000) + 10_000)
        elapsed = time.perf_counter() - t0
        page.screenshot(path=str(SCREENSHOTS / f"{ipynb.stem}.png"), full_page=False)
        print(f"\n{ipynb.stem}: {n_figures} figures, widget redrawn {elapsed:.2f} s after the key press; "
              f"screenshot {SCREENSHOTS / (ipynb.stem + '.png')}")
        assert elapsed <= WIDGET_TIMEOUT_S, f"{ipynb.name}: the widget's figure took {elapsed:.2f} s"
    finally:
        try:  # free the kernel for the next notebook
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:  # noqa: BLE001 - the page may be gone already
            pass
        page.close()


def test_screenshot_folder_is_named():
    print(f"\nbrowser screenshots: {SCREENSHOTS}")
