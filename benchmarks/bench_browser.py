"""Slider → table in a real browser, as a founder feels it. Not a test; run by hand:

    python benchmarks/bench_browser.py                 # every page, 1 / 4 / 8 sessions (~5 min when quiet)
    python benchmarks/bench_browser.py --quick         # fewer presses, 1 and 4 sessions
    python benchmarks/bench_browser.py --pages ranking,tiers --sessions 1,4

Starts `streamlit run` for the dashboard and for `floor_app.py` (one slider,
one synthetic table of the Ranking table's size) on free 127.0.0.1 ports,
drives Debian's Chromium with Playwright and prints p50 / p95 of:

- table in DOM: key press → first change of the first rows' cells of the
  page's first table (glide-data-grid's accessible layer,
  `data-testid="glide-cell-<col>-<row>"`), or of the first chart's text on a
  page without a table (Map).  The press is stamped by a capture-phase
  `keydown` listener with `performance.now()`, the change by a
  MutationObserver: both clocks are the page's, so Playwright's own latency
  is not counted.
- drawn: key press → first `fillText` on the table's canvas that puts a
  different text where the first rows were (what is *on screen*; the
  accessible layer lags it).
- server: the rerun request's send → the `script_finished` message
  (protobuf fields read off the wrapped WebSocket), i.e. the server's rerun.
- key→send: what the browser takes before the server hears of the press.

The floor app is measured in the same run, with the same number of sessions,
so figures on this shared, noisy machine are read as ratios ("× floor").
Several sessions are several browser contexts in one Chromium, each moving
its own control in a closed loop (press, wait for the table, think 0.2-0.5 s).
Caches are warm: two unrecorded presses first, then the control alternates
between two values, as on a server that has seen these settings.  Every loop
is bounded (presses × timeout), and both servers are stopped by PID.

Controls (found by their accessible names, the labels the pages give them):
Ranking: a pillar slider (Home / End; session i moves pillar i mod 5);
Robustness: "How sure are you about your weights?" (uniform / 200);
Tiers & plan: "Number of groups (k)" (2 / 6); Compare: "Pick 2–5 countries"
(Backspace drops the last country, typing it + Enter puts it back);
Map: "Show" (Overall score / Pillar score: Growth; its table is the chart).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 1000}
PILLARS = ("Growth", "Competition", "Logistics", "Payments", "Regulation")
HEALTH_POLLS = 600  # × 0.05 s: a server not healthy in 30 s is a failure
OPEN_TIMEOUT_MS = 180_000  # 8 sessions opening the Ranking page at once on 2 cores take a while
THINK = (0.2, 0.5)  # seconds between a table change and the session's next press
SEED = 0

# Page-side instrumentation, installed before any page script runs.
INSTRUMENT = r"""
(() => {
  if (window.__bench) return;
  const ROWS = 5;                        // "the first rows" of a table
  const TOP_PX = (36 + ROWS * 35) * (window.devicePixelRatio || 1);  // header + ROWS rows, canvas px
  const B = {armed: false, kind: 'grid', armKey: null, base: '', baseScreen: new Map(),
             firstCell: null, firstDraw: null};
  window.__bench = B;
  const reset = () => Object.assign(B, {t0: null, tDom: null, tCanvas: null, tSend: null,
                                        tFirstRecv: null, tFinish: null, nRecv: 0, bytes: 0,
                                        tBig: null, bigBytes: 0});
  reset();
  const firstGrid = () => document.querySelector('[data-testid="stMain"] [data-testid="stDataFrame"]');
  const firstChart = () => document.querySelector('[data-testid="stMain"] [data-testid="stVegaLiteChart"]');
  function gridSig() {
    const g = firstGrid();
    if (!g) return '';
    const out = [];
    for (const c of g.querySelectorAll('[role="gridcell"]')) {
      const id = c.getAttribute('data-testid') || '';
      if (Number(id.split('-')[3]) < ROWS) out.push(id + '=' + c.textContent);
    }
    return out.join('|');
  }
  function chartSig() {
    const c = firstChart();
    const svg = c && c.querySelector('svg');
    return svg ? svg.textContent : '';
  }
  const sig = () => (B.kind === 'chart' ? chartSig() : gridSig());

  // Top-level protobuf fields of a Streamlit message: [[field number, varint value or null], ...]
  function topFields(buf) {
    const b = new Uint8Array(buf);
    let i = 0;
    const out = [];
    const varint = () => {
      let r = 0, s = 1, x;
      do { x = b[i++]; r += (x & 0x7f) * s; s *= 128; } while ((x & 0x80) && i < b.length);
      return r;
    };
    while (i < b.length) {
      const tag = varint(), f = Math.floor(tag / 8), w = tag & 7;
      if (w === 0) out.push([f, varint()]);
      else if (w === 2) { const n = varint(); i += n; out.push([f, null]); }
      else if (w === 1) { i += 8; out.push([f, null]); }
      else if (w === 5) { i += 4; out.push([f, null]); }
      else break;
    }
    return out;
  }
  const asBuffer = (d) => (d instanceof ArrayBuffer ? d
    : ArrayBuffer.isView(d) ? d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) : null);

  const NativeWS = window.WebSocket;
  class BenchWS extends NativeWS {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const now = performance.now();
        if (!B.armed || B.tSend === null) return;
        B.nRecv++;
        if (B.tFirstRecv === null) B.tFirstRecv = now;
        const buf = asBuffer(e.data);
        if (!buf) return;
        B.bytes += buf.byteLength;
        if (buf.byteLength > B.bigBytes) { B.bigBytes = buf.byteLength; B.tBig = now; }  // the table's data
        // ForwardMsg.script_finished = 6: 0 finished, 3 fragment finished (2 = stopped for a newer rerun)
        for (const [f, v] of topFields(buf)) if (f === 6 && (v === 0 || v === 3)) B.tFinish = now;
        wake();
      });
    }
    send(data) {
      if (B.armed && B.t0 !== null && B.tSend === null) {
        const buf = asBuffer(data);
        if (buf && topFields(buf).some(([f]) => f === 11)) B.tSend = performance.now();  // BackMsg.rerun_script
      }
      return super.send(data);
    }
  }
  window.WebSocket = BenchWS;

  window.addEventListener('keydown', (e) => {
    if (B.armed && B.t0 === null && e.key === B.armKey) B.t0 = performance.now();
  }, true);

  new MutationObserver(() => {
    if (B.firstCell === null && document.querySelector('[data-testid="stMain"] [role="gridcell"]')) {
      B.firstCell = performance.now();
    }
    if (B.armed && B.t0 !== null && B.tDom === null && sig() !== B.base) {
      B.tDom = performance.now();
      wake();
    }
  }).observe(document, {subtree: true, childList: true, characterData: true});

  // What the canvas shows: per canvas, position -> last text drawn there (first rows only).
  const screen = new WeakMap();
  const gridOf = (cv) => {
    if (cv.__benchGrid === undefined) {
      if (!cv.isConnected) return null;
      cv.__benchGrid = cv.closest('[data-testid="stDataFrame"]');
    }
    return cv.__benchGrid;
  };
  function note(ctx, text, x, y) {
    const cv = ctx.canvas;
    if (!cv || !cv.isConnected) return;
    const g = gridOf(cv);
    if (!g) return;
    const now = performance.now();
    const first = g === firstGrid();
    if (first && B.firstDraw === null) B.firstDraw = now;
    const m = ctx.getTransform();
    const ay = m.b * x + m.d * y + m.f;
    if (ay > TOP_PX) return;
    const key = Math.round(m.a * x + m.c * y + m.e) + ',' + Math.round(ay);
    let s = screen.get(cv);
    if (!s) screen.set(cv, (s = new Map()));
    s.set(key, text);
    if (first && B.armed && B.kind === 'grid' && B.t0 !== null && B.tCanvas === null) {
      const base = B.baseScreen.get(cv);
      if (!base || base.get(key) !== text) B.tCanvas = now;
    }
  }
  const proto = CanvasRenderingContext2D.prototype;
  const nativeFillText = proto.fillText;
  proto.fillText = function (text, x, y, ...rest) {
    try { note(this, String(text), x, y); } catch (_) { /* measuring must never break drawing */ }
    return nativeFillText.call(this, text, x, y, ...rest);
  };

  B.prepare = (kind, key) => {
    reset();
    B.kind = kind;
    B.armKey = key;
    B.base = sig();
    B.baseScreen = new Map();
    const g = firstGrid();
    if (g) for (const cv of g.querySelectorAll('canvas')) B.baseScreen.set(cv, new Map(screen.get(cv) || []));
    B.armed = true;
    return B.base.length;
  };
  B.done = () => B.t0 !== null && B.tDom !== null && B.tFinish !== null;
  // Resolves true once the press's table change and rerun end have both arrived, false after `ms`:
  // the page wakes Playwright, so 8 sessions waiting cost no polling CPU.
  let waiters = [];
  function wake() {
    if (!B.done()) return;
    const ws = waiters;
    waiters = [];
    for (const w of ws) w(true);
  }
  B.wait = (ms) => new Promise((resolve) => {
    if (B.done()) return resolve(true);
    waiters.push(resolve);
    setTimeout(() => resolve(false), ms);
  });
  B.sample = () => {
    B.armed = false;
    const rel = (t) => (t === null || B.t0 === null ? null : t - B.t0);
    // a draw before any reply arrived cannot show the new table: not counted
    const drawn = B.tCanvas !== null && B.tFirstRecv !== null && B.tCanvas >= B.tFirstRecv ? B.tCanvas : null;
    return {pressed: B.t0 !== null, dom: rel(B.tDom), canvas: rel(drawn), send: rel(B.tSend),
            server: B.tFinish === null || B.tSend === null ? null : B.tFinish - B.tSend,
            big: rel(B.tBig),
            messages: B.nRecv, bytes: B.bytes};
  };
})();
"""


# --------------------------------------------------------------------------- controls


class Slider:
    """A slider moved with the keyboard: `keys[0]` on the first press, then `keys[1]` on every other press.

    With ("Home", "ArrowRight") every recorded press sets a value this session
    has not had before (a founder dragging: scoring and serialising are not
    served from a cache); with ("Home", "End") the two values alternate
    (select sliders with few options, and the "revisited" row).
    """

    def __init__(self, label: str, keys: tuple[str, str] = ("Home", "ArrowRight"), alternate: bool = False) -> None:
        self.label, self.keys, self.alternate = label, keys, alternate

    def key(self, i: int) -> str:
        if self.alternate:
            return self.keys[i % 2]
        return self.keys[0] if i == 0 else self.keys[1]

    async def before(self, page, i: int) -> None:
        # its aria-label is the widget's label (the accessible name repeats it via aria-labelledby)
        await page.locator(f'input[type="range"][aria-label="{self.label}"]').focus()

    async def press(self, page, i: int) -> None:
        await page.keyboard.press(self.key(i))


class ExplainedSlider(Slider):
    """A pillar slider with a market picked in "Explain one country" first: every rerun then also breaks that
    market's score down (the explanation is built only once a founder asks for it)."""

    def __init__(self, label: str, keys: tuple[str, str], market: str = "Singapore") -> None:
        super().__init__(label, keys)
        self.market, self.picked = market, False

    async def before(self, page, i: int) -> None:
        if not self.picked:
            await page.get_by_role("combobox", name="Country", exact=True).focus()
            await page.keyboard.type(self.market)
            await page.get_by_role("option", name=f"{self.market} (", exact=False).first.wait_for(timeout=30_000)
            await page.keyboard.press("Enter")
            await page.get_by_text(f"{self.market} ranks ").first.wait_for(timeout=60_000)
            self.picked = True
        await super().before(page, i)


def walking(label: str, session: int) -> Slider:
    """Sessions 0-4 walk up from 0, 5-9 down from the top: no two sessions set the same weights."""
    return Slider(label, ("Home", "ArrowRight") if (session // len(PILLARS)) % 2 == 0 else ("End", "ArrowLeft"))


class Multiselect:
    """Compare's country picker: Backspace drops the last country, typing it back + Enter restores it."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.dropped = ""

    def key(self, i: int) -> str:
        return "Backspace" if i % 2 == 0 else "Enter"

    async def before(self, page, i: int) -> None:
        box = page.get_by_role("combobox", name=self.label, exact=True)
        await box.focus()
        if i % 2 == 0:
            tags = page.locator('[data-testid="stMultiSelect"]').filter(has=box).locator("[data-tag]")
            self.dropped = str(await tags.last.get_attribute("aria-label"))
        else:
            await page.keyboard.type(self.dropped)
            await page.get_by_role("option", name=self.dropped, exact=True).wait_for(timeout=10_000)

    async def press(self, page, i: int) -> None:
        await page.keyboard.press(self.key(i))


class Selectbox:
    """Map's "Show" box: type an option's text, Enter picks it; alternates between two options."""

    def __init__(self, label: str, options: tuple[str, str]) -> None:
        self.label, self.options = label, options

    def key(self, i: int) -> str:
        return "Enter"

    async def before(self, page, i: int) -> None:
        await page.get_by_role("combobox", name=self.label, exact=True).focus()
        await page.keyboard.type(self.options[i % 2])
        await page.get_by_role("option", name=self.options[i % 2], exact=True).wait_for(timeout=10_000)

    async def press(self, page, i: int) -> None:
        await page.keyboard.press("Enter")


@dataclass(frozen=True)
class Target:
    """One measured page: which app, which URL path, what changes, and the control that changes it."""

    name: str
    app: str  # "app" | "floor"
    path: str
    kind: str  # "grid" | "chart"
    control: Any  # a fresh control per session (Multiselect remembers what it dropped)


def make_target(key: str, session: int) -> Target:
    if key == "floor":
        return Target("floor (1 slider, 1 table)", "floor", "", "grid", walking("Weight", session))
    if key == "ranking":
        return Target("Ranking (pillar slider)", "app", "Ranking", "grid", walking(PILLARS[session % 5], session))
    if key == "explained":
        return Target(
            "Ranking (pillar slider, a market explained)",
            "app",
            "Ranking",
            "grid",
            ExplainedSlider(PILLARS[session % 5], walking(PILLARS[session % 5], session).keys),
        )
    if key == "revisit":
        return Target(
            "Ranking (pillar slider, 2 values revisited)",
            "app",
            "Ranking",
            "grid",
            Slider("Growth", ("Home", "End"), True),
        )
    if key == "robustness":
        return Target(
            'Robustness ("how sure")',
            "app",
            "Robustness",
            "grid",
            Slider("How sure are you about your weights?", ("Home", "End"), True),
        )
    if key == "tiers":
        return Target(
            "Tiers & plan (k)", "app", "Tiers_and_plan", "grid", Slider("Number of groups (k)", ("Home", "End"), True)
        )
    if key == "compare":
        return Target("Compare (country picker)", "app", "Compare", "grid", Multiselect("Pick 2–5 countries"))
    if key == "map":
        return Target(
            'Map ("Show", chart)', "app", "Map", "chart", Selectbox("Show", ("Overall score", "Pillar score: Growth"))
        )
    raise ValueError(f"unknown page {key!r}; pick from {', '.join(PAGE_KEYS)}")


PAGE_KEYS = ("ranking", "explained", "revisit", "robustness", "tiers", "compare", "map")


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def python() -> str:
    """The repo's .venv interpreter when there is one (a fresh clone set up per the README), else ours."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@dataclass
class Server:
    script: Path
    log: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    started: float = 0.0
    healthy: float = 0.0  # wall-clock (time.time) when /_stcore/health first answered

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [
            python(),
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={self.port}",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ]
        with open(self.log, "wb") as out:
            self.started = time.time()
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)

    def wait_healthy(self) -> None:
        assert self.proc is not None
        for _ in range(HEALTH_POLLS):
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as resp:
                    if resp.status == 200:
                        self.healthy = time.time()
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"streamlit not healthy after {HEALTH_POLLS * 0.05:.0f} s; see {self.log}")

    def rss_mb(self) -> float | None:
        """The server's resident memory (Linux /proc), to see that it stays flat over many reruns."""
        if self.proc is None:
            return None
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # by PID: Popen signals exactly the process it started
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


# --------------------------------------------------------------------------- measuring


async def new_page(browser):
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(INSTRUMENT)
    page = await context.new_page()
    page.set_default_timeout(60_000)
    return context, page


async def open_target(page, base: str, target: Target) -> None:
    await page.goto(f"{base}/{target.path}")
    what = (
        '[data-testid="stMain"] [data-testid="stDataFrame"] [role="gridcell"]'
        if target.kind == "grid"
        else '[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg text'
    )
    await page.locator(what).first.wait_for(state="attached", timeout=OPEN_TIMEOUT_MS)
    await settle(page)


async def settle(page, quiet_s: float = 1.0, limit_s: float = 60.0) -> None:
    """Let the first run finish: no 'Running…' status for `quiet_s` (bounded by `limit_s`)."""
    deadline = time.monotonic() + limit_s
    calm = 0.0
    while time.monotonic() < deadline and calm < quiet_s:
        await asyncio.sleep(0.25)
        busy = await page.locator('[data-testid="stStatusWidget"]').count()
        calm = 0.0 if busy else calm + 0.25


async def one_press(page, target: Target, i: int, timeout_s: float) -> dict:
    control = target.control
    await control.before(page, i)
    if not await page.evaluate("([k, key]) => __bench.prepare(k, key)", [target.kind, control.key(i)]):
        raise RuntimeError(f"{target.name}: nothing to watch on the page (no table / chart found)")
    await control.press(page, i)
    arrived = await page.evaluate("(ms) => __bench.wait(ms)", timeout_s * 1000)
    return {**await page.evaluate("() => __bench.sample()"), "timeout": not arrived}


async def session(page, target: Target, presses: int, warmup: int, timeout_s: float, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(warmup + presses):
        sample = await one_press(page, target, i, timeout_s)
        if i >= warmup:
            out.append(sample)
        await asyncio.sleep(rng.uniform(*THINK))
    return out


async def measure(browser, base: str, key: str, sessions: int, presses: int, warmup: int, timeout_s: float):
    targets = [make_target(key, s) for s in range(sessions)]
    opened = [await new_page(browser) for _ in targets]
    try:
        await asyncio.gather(*(open_target(pg, base, t) for (_, pg), t in zip(opened, targets, strict=True)))
        runs = await asyncio.gather(
            *(
                session(pg, t, presses, warmup, timeout_s, SEED + s)
                for s, ((_, pg), t) in enumerate(zip(opened, targets, strict=True))
            )
        )
    finally:
        for context, _ in opened:
            await context.close()
    return targets[0].name, [s for run in runs for s in run]


async def first_visit(browser, server: Server, since: float | None = None) -> dict:
    """A visitor opening Home: the first table cell in the DOM / on the canvas, in s after `since`.

    `since` is a wall-clock time (the server's health for the cold start);
    None measures from the navigation's own start (a later visitor).
    """
    context, page = await new_page(browser)
    try:
        await page.goto(f"{server.url}/")
        await page.wait_for_function("() => __bench.firstCell !== null", polling=50, timeout=OPEN_TIMEOUT_MS)
        with contextlib.suppress(Exception):  # the canvas draws about when the cells appear; bounded wait
            await page.wait_for_function("() => __bench.firstDraw !== null", polling=50, timeout=10_000)
        cell, draw, nav = await page.evaluate(
            "() => [performance.timeOrigin + __bench.firstCell,"
            " __bench.firstDraw === null ? null : performance.timeOrigin + __bench.firstDraw, performance.timeOrigin]"
        )
    finally:
        await context.close()
    origin = nav if since is None else since * 1000
    return {"cell": (cell - origin) / 1000, "draw": None if draw is None else (draw - origin) / 1000}


# --------------------------------------------------------------------------- report


def pct(values: list[float], q: float) -> float | None:
    """Percentile by linear interpolation (q in 0..100); None for no data."""
    if not values:
        return None
    vs = sorted(values)
    pos = (len(vs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(vs) - 1)
    return vs[lo] + (vs[hi] - vs[lo]) * (pos - lo)


def ms(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f}"


def stats(samples: list[dict], what: str) -> tuple[float | None, float | None]:
    vals = [s[what] for s in samples if not s["timeout"] and s[what] is not None]
    return pct(vals, 50), pct(vals, 95)


def ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or not b else f"{a / b:.2f}×"


def report(rows: list[tuple[str, int, list[dict]]], floors: dict[int, list[dict]]) -> None:
    print()
    print("| what | sessions | presses | table in DOM p50 / p95 ms | × floor p50 / p95 | drawn p50 / p95 ms |", end="")
    print(" server rerun p50 / p95 ms | key→send p50 ms | key→largest message p50 ms | messages / press |", end="")
    print(" KiB / press | timeouts |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, n, samples in rows:
        d50, d95 = stats(samples, "dom")
        c50, c95 = stats(samples, "canvas")
        s50, s95 = stats(samples, "server")
        k50, _ = stats(samples, "send")
        b50, _ = stats(samples, "big")
        f50, f95 = stats(floors.get(n, floors.get(1, [])), "dom")
        kib = statistics.median([s["bytes"] / 1024 for s in samples]) if samples else 0.0
        msgs = statistics.median([s["messages"] for s in samples]) if samples else 0
        timeouts = sum(s["timeout"] for s in samples)
        print(
            f"| {name} | {n} | {len(samples)} | {ms(d50)} / {ms(d95)} | {ratio(d50, f50)} / {ratio(d95, f95)} "
            f"| {ms(c50)} / {ms(c95)} | {ms(s50)} / {ms(s95)} | {ms(k50)} | {ms(b50)} "
            f"| {msgs:.0f} | {kib:.0f} | {timeouts} |"
        )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="5 presses per session, sessions 1 and 4")
    ap.add_argument("--pages", default=",".join(PAGE_KEYS), help="comma list of " + ", ".join(PAGE_KEYS))
    ap.add_argument("--sessions", default=None, help="comma list of concurrent sessions on Ranking (default 1,4,8)")
    ap.add_argument("--presses", type=int, default=None, help="recorded presses per session with 1 session")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds one press may take before it counts as lost")
    args = ap.parse_args(argv)
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    for p in args.pages:
        make_target(p, 0)  # unknown names fail here, before any server starts
    default_sessions = "1,4" if args.quick else "1,4,8"
    args.sessions = sorted({int(s) for s in (args.sessions or default_sessions).split(",") if s.strip()})
    if any(n < 1 or n > 16 for n in args.sessions):
        ap.error("--sessions: between 1 and 16")
    if args.presses is None:
        args.presses = 5 if args.quick else 12
    return args


def presses_for(n: int, base: int) -> int:
    """Fewer presses per session as sessions grow: the sample stays ~2-4× base, the run stays bounded."""
    return max(3, base if n == 1 else round(base * 2 / n) + 2)


async def run(args: argparse.Namespace, app: Server, floor: Server) -> None:
    from playwright.async_api import async_playwright

    warmup = 2
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print(f"chromium {browser.version}; {load()}", file=sys.stderr)
            cold = {}
            for server in (app, floor):  # started after the browser, so its start-up is not counted
                server.start()
                server.wait_healthy()
                cold[server.script.name] = (
                    server.healthy - server.started,
                    await first_visit(browser, server, server.healthy),
                )
            second = await first_visit(browser, app)
            bases = {"app": app.url, "floor": floor.url}
            rows: list[tuple[str, int, list[dict]]] = []
            rss: list[tuple[str, int, float | None]] = [("after the first visits", 0, app.rss_mb())]
            floors: dict[int, list[dict]] = {}

            async def go(key: str, n: int) -> None:
                t = make_target(key, 0)
                count = presses_for(n, args.presses)
                print(f"  {t.name}, {n} session(s) × {count} presses …", file=sys.stderr, flush=True)
                name, samples = await measure(browser, bases[t.app], key, n, count, warmup, args.timeout)
                if t.app == "app":
                    rss.append((name, n, app.rss_mb()))
                if key == "floor":
                    floors.setdefault(n, []).extend(samples)
                rows.append((name, n, samples))

            for n in args.sessions:
                await go("floor", n)
                if "ranking" in args.pages:
                    await go("ranking", n)
                if n == 1:
                    for key in args.pages:
                        if key != "ranking":
                            await go(key, 1)
                    if len(args.pages) > 1:
                        await go("floor", 1)  # again after the pages: the floor brackets the 1-session block
        finally:
            await browser.close()

    print(f"\nend: {load()}", file=sys.stderr)
    print("\nCold start (server started after the browser; first visit to Home):")
    for script, (health, visit) in cold.items():
        draw = "—" if visit["draw"] is None else f"{visit['draw']:.2f} s"
        print(
            f"  {script}: healthy {health:.2f} s after spawn; first table cell in DOM {visit['cell']:.2f} s "
            f"after healthy (drawn {draw})"
        )
    print(
        f"  dashboard.py, a second visitor (warm server): first table cell in DOM {second['cell']:.2f} s "
        f"after navigation start (drawn {second['draw'] or float('nan'):.2f} s)"
    )
    report(_merge(rows), floors)
    print("\nDashboard server's resident memory (MB) after each step:")
    for name, n, mb in rss:
        print(f"  {name}{f', {n} session(s)' if n else ''}: {'—' if mb is None else f'{mb:.0f}'}")


def _merge(rows: list[tuple[str, int, list[dict]]]) -> list[tuple[str, int, list[dict]]]:
    """One row per (page, sessions): the floor measured twice at 1 session is pooled."""
    merged: dict[tuple[str, int], list[dict]] = {}
    for name, n, samples in rows:
        merged.setdefault((name, n), []).extend(samples)
    return [(name, n, s) for (name, n), s in merged.items()]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"error: {CHROMIUM} not found (apt-get install chromium)")
    logs = Path(tempfile.mkdtemp(prefix="xbm-bench-"))
    app = Server(ROOT / "dashboard.py", logs / "dashboard.log")
    floor = Server(HERE / "floor_app.py", logs / "floor.log")
    started = time.monotonic()
    print(f"start: {load()}; server logs in {logs}", file=sys.stderr)
    try:
        asyncio.run(run(args, app, floor))
    finally:
        app.stop()
        floor.stop()
    print(f"\nwhole run {time.monotonic() - started:.0f} s; {load()}")


if __name__ == "__main__":
    main()
