#!/usr/bin/env python3
"""CadrePlan's benchmark: end-to-end time against independent solvers on the very same models.

For each instance (the Lam Dong 2025 default, its full-rules variant, the four-round year, a
ladder of generated sizes, the national scenario, and any --scenario given) this script, in one
run on one machine and with each instance's own settings (see `settings_for`):

1. runs `cadreplan-bench` (read + validate -> build -> solve both stages -> write the roster),
   which times each phase and writes JSON;
2. exports both stages with `cadreplan export` (CPLEX LP and free MPS);
3. solves the exported programs with `glpsol` (LP), HiGHS (`highspy`, MPS) and CBC (LP:
   CBC 2.10 misreads GLPK's free MPS), each under GNU `time -v` for its peak memory;
4. checks that the objective values agree within the gap, and records the LP-relaxation bound
   (CadrePlan's, and `glpsol --nomip` on the exported stage 1);
5. writes bench/results.json and bench/results.md, and prints the tables.

Times are wall-clock seconds of one run; ratios are solver time / CadrePlan end-to-end time
(above 1: the solver alone is slower than all of CadrePlan). Nothing here asserts a time.

Standard library only. Missing tools are installed (apt-get: glpk-utils, time, coinor-cbc;
pip: highspy) unless --no-install; a solver that cannot be installed is reported as missing.
Usage (after `swift build -c release --product cadreplan` and `--product cadreplan-bench`):

    python3 bench/run.py --bin .build/release
    python3 bench/run.py --ladder 200,1000 --no-national --skip year --time-limit 60   # a quick run
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"
SOLVERS = ("glpsol", "highs", "cbc")
SOLVER_NAMES = {"glpsol": "glpsol", "highs": "HiGHS", "cbc": "CBC"}


@dataclass(frozen=True)
class Settings:
    """How one instance is run: the limit per stage for CadrePlan and every solver, the naive
    formulation's limit (None: not run), and which independent solvers get the exports."""
    time_limit: float
    naive_time_limit: float | None
    solvers: tuple[str, ...]


# The instances' own settings, so that one `make bench` runs the whole suite. The time-limited
# ones get the limits their targets name: the full-rules round 10 s against the solvers' 60 s on
# the naive form, the year 60 s. Ladder rungs above ALONE_ABOVE cadres are CadrePlan alone: their
# programs have millions of columns that no other solver gets through in an hour.
DEFAULT_TIME_LIMIT = 120.0
ALONE_ABOVE = 1000
ALONE_TIME_LIMIT = 3600.0


def settings_for(name: str, cadres: int | None, args) -> Settings:
    """Per-instance defaults; --time-limit, --naive-time-limit and --solvers, when given, apply to
    every instance instead."""
    limit, naive, solvers = DEFAULT_TIME_LIMIT, None, SOLVERS
    if name == "full-rules":
        limit, naive = 10.0, 60.0
    elif name == "year":
        limit = 60.0
    elif name.startswith("ladder-") and cadres is not None and cadres > args.alone_above:
        limit, solvers = ALONE_TIME_LIMIT, ()
    if args.time_limit is not None:
        limit = args.time_limit
    if args.naive_time_limit is not None:
        naive = args.naive_time_limit or None
    if args.solvers is not None:
        solvers = tuple(args.solvers)
    return Settings(limit, naive, solvers)


# MARK: Running commands


class Run:
    """One finished (or killed) command: wall seconds, peak memory, exit code, output."""

    def __init__(self, argv, returncode, seconds, peak_mib, stdout, stderr, timed_out):
        self.argv = argv
        self.returncode = returncode
        self.seconds = seconds
        self.peak_mib = peak_mib
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def run(argv, timeout: float | None = None, cwd: Path = ROOT, log: Path | None = None) -> Run:
    """Runs argv under GNU time -v (when present) in its own process group, so that a timeout
    kills the solver too, not just `time`."""
    argv = [str(a) for a in argv]
    with tempfile.NamedTemporaryFile(prefix="cadreplan-bench-time-", delete=False) as f:
        time_file = f.name
    full = [GNU_TIME, "-v", "-o", time_file] + argv if os.path.exists(GNU_TIME) else argv
    start = time.perf_counter()
    process = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    peak = None
    try:
        text = Path(time_file).read_text()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        peak = int(m.group(1)) / 1024 if m else None
        os.unlink(time_file)
    except OSError:
        pass
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"$ {' '.join(argv)}\n# exit {process.returncode}, {seconds:.3f} s"
                       f"{', killed at the timeout' if timed_out else ''}\n--- stdout\n{stdout}\n--- stderr\n{stderr}")
    return Run(argv, process.returncode, seconds, peak, stdout, stderr, timed_out)


def quiet(argv) -> str | None:
    """Output of a short command, or None when it cannot run."""
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


# MARK: Tools


def have_highspy() -> bool:
    return subprocess.run([sys.executable, "-c", "import highspy"], capture_output=True).returncode == 0


def ensure_tools(install: bool) -> dict:
    """Installs what is missing (the bench runs on fresh machines) and says what is there."""
    notes = {}
    missing_apt = []
    if not shutil.which("glpsol"):
        missing_apt.append("glpk-utils")
    if not os.path.exists(GNU_TIME):
        missing_apt.append("time")
    if not shutil.which("cbc"):
        missing_apt.append("coinor-cbc")
    if missing_apt and install:
        sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
        if sudo is None:
            notes["apt"] = f"not root and no sudo: cannot install {', '.join(missing_apt)}"
        else:
            print(f"Installing with apt-get: {' '.join(missing_apt)}", file=sys.stderr)
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env)
            done = subprocess.run(sudo + ["apt-get", "install", "-y", "-qq"] + missing_apt, env=env)
            notes["apt"] = f"installed {' '.join(missing_apt)}" if done.returncode == 0 \
                else f"apt-get install {' '.join(missing_apt)} failed (exit {done.returncode})"
    if not have_highspy() and install:
        print("Installing with pip: highspy", file=sys.stderr)
        done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "highspy"])
        notes["pip"] = "installed highspy" if done.returncode == 0 else f"pip install highspy failed (exit {done.returncode})"
    available = {
        "glpsol": shutil.which("glpsol") is not None,
        "highs": have_highspy(),
        "cbc": shutil.which("cbc") is not None,
        "gnu_time": os.path.exists(GNU_TIME),
    }
    return {"available": available, "install": notes}


def versions() -> dict:
    def first(text, pattern=None):
        if not text:
            return None
        if pattern:
            m = re.search(pattern, text)
            return m.group(1) if m else None
        return text.splitlines()[0]
    highs = quiet([sys.executable, "-c", "import highspy; print(highspy.Highs().version())"])
    return {
        "swift": first(quiet(["swift", "--version"])),
        "glpsol": first(quiet(["glpsol", "--version"])),
        "cbc": first(quiet(["cbc", "-quit"]), r"Version: (\S+)"),
        "highspy": highs.splitlines()[-1] if highs else None,
        "python": platform.python_version(),
    }


def machine() -> dict:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        m = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory = round(int(m.group(1)) / 1024 / 1024, 1) if m else None
    except OSError:
        pass
    return {
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# MARK: Parsing solver output


def glpsol_result(run_: Run, solution: Path) -> dict:
    """Status and objective from glpsol's solution file (-o), bound and gap from its log."""
    out = {"seconds": run_.seconds, "peak_rss_mib": run_.peak_mib, "timed_out": run_.timed_out}
    text = solution.read_text() if solution.exists() else ""
    m = re.search(r"^Status:\s+(.+)$", text, re.M)
    out["status"] = m.group(1).strip() if m else ("killed at the timeout" if run_.timed_out else f"exit {run_.returncode}")
    m = re.search(r"^Objective:\s+\S+ = (\S+)", text, re.M)
    out["objective"] = float(m.group(1)) if m and "UNDEFINED" not in out["status"] else None
    out["optimal"] = out["status"] in ("INTEGER OPTIMAL", "OPTIMAL")
    # The last progress line "+ N: mip = X >= Y  gap% (nodes; …)" carries the bound.
    lines = re.findall(r"^\+\s*\d+: mip =\s+(\S+)\s+[<>]=\s+(\S+)", run_.stdout, re.M)
    if lines:
        try:
            out["best_bound"] = float(lines[-1][1])
        except ValueError:
            out["best_bound"] = None
    out["nodes"] = None
    m = re.findall(r"\((\d+); (\d+)\)", run_.stdout)
    if m:
        out["nodes"] = int(m[-1][0]) + int(m[-1][1])
    return out


def highs_result(run_: Run) -> dict:
    out = {"seconds": None, "wall_seconds": run_.seconds, "peak_rss_mib": run_.peak_mib, "timed_out": run_.timed_out}
    record = None
    for line in reversed(run_.stdout.splitlines()):
        try:
            record = json.loads(line)
            break
        except ValueError:
            continue
    if not record or "error" in record:
        out["status"] = (record or {}).get("error") or ("killed at the timeout" if run_.timed_out else f"exit {run_.returncode}")
        out["objective"] = None
        out["optimal"] = False
        out["seconds"] = run_.seconds
        return out
    out.update(record)
    return out


def cbc_result(run_: Run) -> dict:
    out = {"seconds": run_.seconds, "peak_rss_mib": run_.peak_mib, "timed_out": run_.timed_out}
    text = run_.stdout
    m = re.search(r"^Result - (.+)$", text, re.M)
    out["status"] = m.group(1).strip() if m else ("killed at the timeout" if run_.timed_out else f"exit {run_.returncode}")
    out["optimal"] = out["status"].startswith("Optimal solution found")
    m = re.search(r"^Objective value:\s+(\S+)", text, re.M)
    out["objective"] = float(m.group(1)) if m else None
    m = re.search(r"^Lower bound:\s+(\S+)", text, re.M)
    out["best_bound"] = float(m.group(1)) if m else (out["objective"] if out["optimal"] else None)
    m = re.search(r"^Enumerated nodes:\s+(\d+)", text, re.M)
    out["nodes"] = int(m.group(1)) if m else None
    return out


def agree(a, b, gaps) -> bool | None:
    """Whether two objective values agree within the larger of the gaps (and a hair of rounding)."""
    if a is None or b is None:
        return None
    tolerance = max([g for g in gaps if g is not None and math.isfinite(g)] + [1e-6])
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b)) + 1e-6


# MARK: One instance


def bench_instance(name: str, folder: Path, source: str, cfg: Settings, args, tools: dict) -> dict:
    work = args.out / "runs" / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    limit = cfg.time_limit
    record = {"instance": name, "scenario": os.path.relpath(folder, ROOT), "source": source,
              "settings": {"time_limit_s": cfg.time_limit, "naive_time_limit_s": cfg.naive_time_limit,
                           "solvers": list(cfg.solvers)}}
    print(f"\n== {name}", file=sys.stderr)

    def cadreplan_argv(roster: str, json_name: str, *extra) -> list:
        """cadreplan-bench on this instance, its roster and timings written under `work`."""
        gap = ["--gap", args.gap] if args.gap is not None else []
        return [args.bin / "cadreplan-bench", folder, "--out", work / roster, "--json", work / json_name,
                "--label", name, "--time-limit", limit, *gap, *extra]

    # 1. CadrePlan end to end.
    r = run(cadreplan_argv("roster", "cadreplan.json"), timeout=2 * limit * 1.5 + args.slack, log=work / "cadreplan.log")
    if not r.ok:
        record["error"] = f"cadreplan-bench failed ({'timeout' if r.timed_out else f'exit {r.returncode}'}): " \
            + (r.stderr.strip().splitlines() or ["see the log"])[-1]
        print("  " + record["error"], file=sys.stderr)
        return record
    cp = json.loads((work / "cadreplan.json").read_text())
    print("  " + r.stdout.strip().replace("\n", "\n  "), file=sys.stderr)
    record["size"] = cp["size"]
    record["cadreplan"] = {
        "wall_seconds": r.seconds,
        "peak_rss_mib": r.peak_mib if r.peak_mib is not None else cp["peak_rss_mib"],
        "phases": cp["phases"],
        "status": cp["status"],
        "parts": cp["parts"],
        "stages": cp["stages"],
        "assignments": cp["assignments"],
    }
    # Warm: a second process plans again --repeat times after its own first plan (the timed run
    # above stays a plain `cadreplan solve`). Plans over a minute are time-limited searches, where
    # the build is a negligible share; they are not repeated.
    if args.repeat > 0 and cp["phases"]["plan"] < 60:
        w = run(cadreplan_argv("roster-warm", "warm.json", "--repeat", args.repeat), timeout=(1 + args.repeat) * 2 * limit * 1.5 + args.slack, log=work / "cadreplan-warm.log")
        if w.ok:
            record["cadreplan"]["warm"] = json.loads((work / "warm.json").read_text()).get("warm")
            for line in w.stdout.splitlines():
                if line.strip().startswith("warm"):
                    print("  " + line.strip(), file=sys.stderr)
    # Fresh: a plan of milliseconds is timed in more fresh processes, since one process's
    # first build (page faults, the runtime's first type lookups) and solve vary by a fifth
    # from one to the next; build / solve is then the median over them all, with its range.
    if args.fresh > 0 and cp["phases"]["plan"] < 1 and cp["phases"]["solve"] > 0:
        ratios = [cp["phases"]["build"] / cp["phases"]["solve"]]
        for k in range(args.fresh):
            fresh_json = f"fresh-{k + 1}.json"
            f = run(cadreplan_argv("roster-fresh", fresh_json), timeout=2 * limit * 1.5 + args.slack,
                    log=work / "cadreplan-fresh.log")
            if f.ok:
                phases = json.loads((work / fresh_json).read_text())["phases"]
                if phases["solve"] > 0:
                    ratios.append(phases["build"] / phases["solve"])
        record["cadreplan"]["fresh"] = {"runs": len(ratios), "median": statistics.median(ratios),
                                        "min": min(ratios), "max": max(ratios)}
        print(f"  build / solve over {len(ratios)} fresh processes: median {statistics.median(ratios):.1%}, "
              f"{min(ratios):.1%}–{max(ratios):.1%}", file=sys.stderr)
    stages = {s["stage"]: s for s in cp["stages"]}
    gap = args.gap or 0.0

    # 2. The exported programs, for the solvers asked for (`--solvers ""`: CadrePlan alone, and
    # no export of millions of columns that nothing reads).
    exports = {}
    to_export = ((1, 2) if args.stage2 else (1,)) if cfg.solvers else ()
    for stage in to_export:
        if stage not in stages:
            continue
        # Stage 2's export solves stage 1 first; it is preparation, not a measurement, so it gets
        # three times the limit rather than fail where CadrePlan's own run just made it.
        export_limit = limit if stage == 1 else 3 * limit
        for fmt in ("lp", "mps"):
            path = work / f"stage{stage}.{fmt}"
            argv = [args.bin / "cadreplan", "export", folder, "--format", fmt, "--stage", stage, "--out", path,
                    "--time-limit", export_limit]
            e = run(argv, timeout=export_limit * 1.5 + args.slack, log=work / f"export-stage{stage}-{fmt}.log")
            exports[f"stage{stage}.{fmt}"] = {"ok": e.ok, "seconds": e.seconds}
            if not e.ok:
                print(f"  export stage {stage} {fmt} failed: {e.stderr.strip()[-300:]}", file=sys.stderr)
    record["exports"] = exports

    # glpsol runs the very simplex CadrePlan's GLPK ran: where that found no plan within the
    # limit, glpsol would only spend the limit again, so it is skipped (and reported so).
    hopeless = {k for k, st in stages.items()
                if args.skip_hopeless and st.get("objective") is None and st.get("termination") != "optimal solution found"}
    record["glpsol_skipped_stages"] = sorted(hopeless)

    # 3. LP bound of the exported stage 1 by glpsol alone (when glpsol is one of the solvers).
    record["lp_bound"] = {"cadreplan": stages.get(1, {}).get("lp_relaxation")}
    if "glpsol" in cfg.solvers and tools["glpsol"] and (work / "stage1.lp").exists() and 1 not in hopeless:
        solution = work / "glpsol-stage1-lp.txt"
        r = run(["glpsol", "--lp", work / "stage1.lp", "--nomip", "--tmlim", int(limit), "-o", solution],
                timeout=limit * 1.5 + args.slack, log=work / "glpsol-stage1-lp.log")
        lp = glpsol_result(r, solution)
        record["lp_bound"]["glpsol_nomip"] = lp.get("objective")
        record["lp_bound"]["glpsol_nomip_seconds"] = r.seconds

    # 4. Independent solvers, both stages.
    solvers = {}
    for solver in cfg.solvers:
        if not tools.get(solver):
            solvers[solver] = {"available": False}
            continue
        results = []
        for stage in sorted(stages):
            lp, mps = work / f"stage{stage}.lp", work / f"stage{stage}.mps"
            if not (lp.exists() and mps.exists()):
                continue
            if solver == "glpsol" and stage in hopeless:
                print(f"  glpsol stage {stage}: skipped, CadrePlan's GLPK found no plan within {limit:g} s", file=sys.stderr)
                continue
            timeout = limit * 1.5 + args.slack
            if solver == "glpsol":
                solution = work / f"glpsol-stage{stage}.txt"
                argv = ["glpsol", "--lp", lp, "--tmlim", int(limit), "-o", solution]
                if gap > 0:
                    argv += ["--mipgap", gap]
                res = glpsol_result(run(argv, timeout=timeout, log=work / f"glpsol-stage{stage}.log"), solution)
                res["sign"] = 1
            elif solver == "highs":
                argv = [sys.executable, ROOT / "bench" / "highs_solve.py", mps, "--time-limit", limit, "--gap", gap]
                res = highs_result(run(argv, timeout=timeout, log=work / f"highs-stage{stage}.log"))
                # MPS has no objective sense: stage 2 (maximise) is written as minimise -objective.
                res["sign"] = -1 if stage == 2 else 1
            else:
                argv = ["cbc", lp, "sec", limit, "ratio", gap, "solve", "quit"]
                res = cbc_result(run(argv, timeout=timeout, log=work / f"cbc-stage{stage}.log"))
                res["sign"] = 1
            res["stage"] = stage
            mine = stages[stage].get("program_objective")
            theirs = res["objective"] * res["sign"] if res.get("objective") is not None else None
            res["program_objective"] = theirs
            res["agrees"] = agree(mine, theirs, [stages[stage].get("relative_gap"), res.get("relative_gap"), gap])
            # Two plans stopped by the time limit may differ without contradicting each other:
            # only a difference between proven results is a disagreement.
            if res["agrees"] is False and not (stages[stage].get("proven_optimal") and res.get("optimal")):
                res["agrees"] = None
            results.append(res)
            print(f"  {SOLVER_NAMES[solver]} stage {stage}: {res['status']}, objective {theirs}, "
                  f"{res['seconds']:.2f} s, peak {res.get('peak_rss_mib') or 0:.0f} MiB, agrees {res['agrees']}",
                  file=sys.stderr)
        total = sum(r_["seconds"] for r_ in results) if results else None
        solvers[solver] = {
            "available": True,
            "stages": results,
            "seconds": total,
            "ratio": total / record["cadreplan"]["wall_seconds"] if total else None,
            "peak_rss_mib": max((r_.get("peak_rss_mib") or 0 for r_ in results), default=None),
            "all_optimal": all(r_.get("optimal") for r_ in results) if results else None,
            "agrees": (False if any(r_.get("agrees") is False for r_ in results)
                       else True if results and all(r_.get("agrees") for r_ in results) else None),
        }
    record["solvers"] = solvers
    return record


def stage1_gap(objective_, bound) -> float | None:
    if objective_ is None or bound is None:
        return None
    return abs(objective_ - bound) / max(1e-10, abs(objective_))


def bench_naive(name: str, folder: Path, cfg: Settings, args, tools: dict, record: dict) -> None:
    """Stage 1 of the naive formulation (`cadreplan export --naive`) by each solver, within the
    instance's naive limit: how far the textbook rules get an independent solver, against
    CadrePlan's gap on its own formulation within the instance's limit."""
    work = args.out / "runs" / name
    limit = cfg.naive_time_limit
    paths = {}
    for fmt_ in ("lp", "mps"):
        path = work / f"naive-stage1.{fmt_}"
        e = run([args.bin / "cadreplan", "export", folder, "--naive", "--format", fmt_, "--out", path],
                timeout=limit + args.slack, log=work / f"export-naive-{fmt_}.log")
        if not e.ok:
            print(f"  export --naive {fmt_} failed: {e.stderr.strip()[-300:]}", file=sys.stderr)
            return
        paths[fmt_] = path
    results = {}
    timeout = limit * 1.5 + args.slack
    for solver in cfg.solvers:
        if not tools.get(solver):
            continue
        if solver == "glpsol":
            solution = work / "glpsol-naive.txt"
            res = glpsol_result(run(["glpsol", "--lp", paths["lp"], "--tmlim", int(limit), "-o", solution],
                                    timeout=timeout, log=work / "glpsol-naive.log"), solution)
        elif solver == "highs":
            res = highs_result(run([sys.executable, ROOT / "bench" / "highs_solve.py", paths["mps"], "--time-limit", limit,
                                    "--gap", 0.0], timeout=timeout, log=work / "highs-naive.log"))
        else:
            res = cbc_result(run(["cbc", paths["lp"], "sec", limit, "ratio", 0.0, "solve", "quit"], timeout=timeout,
                                 log=work / "cbc-naive.log"))
        res["gap"] = stage1_gap(res.get("objective"), res.get("best_bound"))
        results[solver] = res
        print(f"  {SOLVER_NAMES[solver]} naive stage 1 ({limit:g} s): {res.get('status')}, objective {res.get('objective')}, "
              f"bound {res.get('best_bound')}, gap {res['gap']}", file=sys.stderr)
    record["naive"] = {"time_limit_s": limit, "solvers": results}


# MARK: Instances


def prepare_instances(args) -> list[tuple[str, Path, str, Settings]]:
    """(name, folder, how it was made, settings): the default scenario, its full-rules variant,
    the year, generated ones, extra folders."""
    out = []
    if "lam-dong-2025" not in args.skip:
        out.append(("lam-dong-2025", ROOT / "scenarios" / "lam-dong-2025", "scenarios/lam-dong-2025 (committed)",
                    settings_for("lam-dong-2025", None, args)))
    if "full-rules" not in args.skip:
        out.append(("full-rules", ROOT / "scenarios" / "lam-dong-2025-full-rules",
                    "scenarios/lam-dong-2025-full-rules (committed: the default's tables, every programme rule on)",
                    settings_for("full-rules", None, args)))
    if "year" not in args.skip:
        out.append(("year", ROOT / "scenarios" / "lam-dong-2025-year",
                    "scenarios/lam-dong-2025-year (committed: four rounds, continuity rules; rounds 2–4 synthesised)",
                    settings_for("year", None, args)))
    generated = [(f"ladder-{n}", ["ladder", "--cadres", str(n)], n) for n in args.ladder]
    if args.national:
        generated.append(("national", ["national"], None))
    for name, preset, cadres in generated:
        if name in args.skip:
            continue
        folder = args.out / "instances" / name
        argv = [args.bin / "cadreplan", "generate", *preset, "--seed", args.seed, "--out", folder, "--force"]
        r = run(argv, timeout=3600, log=args.out / "instances" / f"{name}.log")
        how = f"cadreplan generate {' '.join(preset)} --seed {args.seed}"
        if not r.ok:
            print(f"{name}: generation failed: {r.stderr.strip()[-400:]}", file=sys.stderr)
            continue
        out.append((name, folder, how, settings_for(name, cadres, args)))
    for spec in args.scenario:
        name, _, path = spec.partition("=")
        if not path:
            sys.exit(f"--scenario {spec}: error: expected NAME=FOLDER — fix: e.g. --scenario mine=scenarios/my-round")
        out.append((name, Path(path).resolve(), path, settings_for(name, None, args)))
    return out


# MARK: Report


def fmt(x, digits=2):
    if x is None:
        return "—"
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    if abs(x) >= 1e5:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def objective(x):
    return "—" if x is None else f"{x:.6g}"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# CadrePlan benchmark results",
        "",
        f"One run of `make bench` ({results['command']}), {results['date']}, commit `{results['commit']}`.",
        f"Machine: {m['cpu'] or '?'}, {m['cores']} cores, {m['memory_gib']} GiB, {m['system']}; "
        f"load average {m['load_average_at_start']} at the start, {m.get('load_average_at_end')} at the end "
        "(the machine is shared: times are indicative).",
        f"Solvers: {', '.join(f'{k} {v}' for k, v in results['versions'].items() if v)}.",
        "Time limit per stage: each instance's own (the *limit* column below), the same for CadrePlan and every "
        f"solver on it; relative gap {results['settings']['relative_gap']} (0: prove optimality); HiGHS with its "
        "default threads, the others single-threaded. Instances whose solvers column says *alone* run CadrePlan only.",
        "",
        "## CadrePlan end to end",
        "",
        "Seconds of `cadreplan-bench` (what `cadreplan solve` does). Wall: total, parse (read and "
        "validate the folder), plan (Planner.plan), report (roster files written atomically). Inside "
        "plan: build = formulation and the GLPK programs, solve = the solver per stage (GLPK, and for a "
        "network flow the choice of the arcs it starts from); the planner solves "
        "independent parts side by side, so with several parts these are thread seconds summed over "
        "parts and can exceed plan. Peak = maximum resident set size (GNU time). Build / solve is the "
        "timed run's, a fresh process's first plan (its build also loads code and touches fresh memory); "
        f"for a plan under a second, the median over it and {results['settings'].get('fresh', '—')} more fresh "
        "processes (`--fresh`), with the range and the number of runs; warm is the median build over the median solve of the plans that a second process repeats "
        f"after its own first one (`--repeat`, {results['settings'].get('repeat', '—')} runs; not for plans over a minute).",
        "",
        "| instance | cadres | units | pairs | columns × rows (stage 1) | parts | limit s | solvers | total s | parse | plan | build | solve 1 | solve 2 | report | build / solve | warm | peak MiB | status |",
        "|---|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results["instances"]:
        if "cadreplan" not in r:
            lines.append(f"| {r['instance']} |" + " |" * 17 + f" {r.get('error', 'failed')} |")
            continue
        c, s, p = r["cadreplan"], r["size"], r["cadreplan"]["phases"]
        st = {x["stage"]: x for x in c["stages"]}
        s1, s2 = st.get(1, {}), st.get(2, {})
        ratio = p["build"] / p["solve"] if p["solve"] else None
        fresh = c.get("fresh")
        cold = f"{fmt(ratio * 100 if ratio is not None else None, 0)} %"
        if fresh:
            cold = (f"{fmt(fresh['median'] * 100, 1)} % ({fmt(fresh['min'] * 100, 1)}–{fmt(fresh['max'] * 100, 1)}, "
                    f"{fresh['runs']} runs)")
        w = c.get("warm")
        warm = w["build"] / w["solve"] if w and w["solve"] else None
        cfg = r.get("settings", {})
        naive = f", naive {fmt(cfg['naive_time_limit_s'], 0)} s" if cfg.get("naive_time_limit_s") else ""
        who = ", ".join(SOLVER_NAMES[x] for x in cfg.get("solvers", [])) or "alone"
        lines.append(
            f"| {r['instance']} | {s['cadres']:,} | {s['communes']:,} | {s['eligible_pairs']:,} | "
            f"{s1.get('variables', 0):,} × {s1.get('constraints', 0):,} | {c.get('parts', 1)} | "
            f"{fmt(cfg.get('time_limit_s'), 0)} | {who}{naive} | {fmt(c['wall_seconds'])} | "
            f"{fmt(p['parse'])} | {fmt(p['plan'])} | {fmt(p['build'])} | {fmt(s1.get('seconds'))} | {fmt(s2.get('seconds'))} | {fmt(p['report'])} | "
            f"{cold} | "
            f"{fmt(warm * 100, 0) + ' %' if warm is not None else '—'} | {fmt(c['peak_rss_mib'], 0)} | {c['status']} |")
    lines += [
        "",
        "## Independent solvers on the exported programs",
        "",
        "Each solver gets `cadreplan export`'s stage-1 and stage-2 programs (glpsol and CBC the CPLEX LP "
        "file, HiGHS the free MPS) and its time is the sum of both, including reading the file. "
        "(×) = that time / CadrePlan's end-to-end time: above 1, the solver alone is slower than all "
        "of CadrePlan. ✓ = both stage objectives agree with CadrePlan's within the gap; ✗ = two proven results differ; ? = nothing to compare (a solver found no plan, or plans stopped by the time limit differ). LP bound = "
        "stage 1's LP relaxation (CadrePlan; `glpsol --nomip` on the export in brackets).",
        "",
        "| instance | stage 1 objective | LP bound | stage 2 objective | CadrePlan s | glpsol s (×) | HiGHS s (×) | CBC s (×) | peak MiB CadrePlan / glpsol / HiGHS / CBC |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results["instances"]:
        if "cadreplan" not in r:
            continue
        c = r["cadreplan"]
        st = {x["stage"]: x for x in c["stages"]}
        cells = []
        peaks = [fmt(c["peak_rss_mib"], 0)]
        for solver in SOLVERS:
            s = r["solvers"].get(solver)
            if not s or not s.get("available"):
                cells.append("not installed" if s else "not run")
                peaks.append("—")
                continue
            mark = "✓" if s["agrees"] else ("✗" if s["agrees"] is False else "?")
            status = "" if s["all_optimal"] else " (not proven)"
            cells.append(f"{fmt(s['seconds'])} ({fmt(s['ratio'])}) {mark}{status}")
            peaks.append(fmt(s["peak_rss_mib"], 0))
        lp = r.get("lp_bound", {})
        lines.append(
            f"| {r['instance']} | {objective(st.get(1, {}).get('objective'))} | {objective(lp.get('cadreplan'))} "
            f"({objective(lp.get('glpsol_nomip'))}) | {objective(st.get(2, {}).get('objective'))} | "
            f"{fmt(c['wall_seconds'])} | " + " | ".join(cells) + " | " + " / ".join(peaks) + " |")
    lines += [
        "",
        "## Per stage",
        "",
        "GLPK seconds inside CadrePlan against each solver's wall seconds on the same stage "
        "(stage 2's objective is the program's: fit − penalty × unmet need).",
        "",
        "| instance | stage | CadrePlan GLPK s | glpsol s | HiGHS s | CBC s | objective CadrePlan / glpsol / HiGHS / CBC |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results["instances"]:
        if "cadreplan" not in r:
            continue
        for st in r["cadreplan"]["stages"]:
            row = [r["instance"], str(st["stage"]), fmt(st["seconds"])]
            objs = [objective(st.get("program_objective"))]
            for solver in SOLVERS:
                s = r["solvers"].get(solver) or {}
                one = next((x for x in s.get("stages", []) if x["stage"] == st["stage"]), None)
                row.append(fmt(one["seconds"]) if one else "—")
                objs.append(objective(one.get("program_objective")) if one else "—")
            lines.append("| " + " | ".join(row) + " | " + " / ".join(objs) + " |")
    naive = [r for r in results["instances"] if r.get("naive")]
    if naive:
        lines += [
            "",
            "## Stage 1: CadrePlan's formulation against the naive one",
            "",
            "CadrePlan solves its own formulation within the instance's time limit (first table); each independent solver gets "
            "`cadreplan export --naive` (the programme rules in textbook form: one big-M team row per commune, "
            "no closed rows; the count row, which restricts nothing, stays) for the time in brackets. Cells: objective / proven bound (relative gap).",
            "",
            "| instance | CadrePlan | " + " | ".join(f"{SOLVER_NAMES[x]} naive" for x in SOLVERS) + " |",
            "|---|---|" + "---|" * len(SOLVERS),
        ]
        for r in naive:
            s1 = {x["stage"]: x for x in r["cadreplan"]["stages"]}.get(1, {})
            def cell(obj, bound, gap, seconds):
                g = f"{gap * 100:.2f} %" if gap is not None else "—"
                return f"{objective(obj)} / {objective(bound)} ({g}, {fmt(seconds, 0)} s)"
            row = [r["instance"], cell(s1.get("objective"), s1.get("best_bound"),
                                       stage1_gap(s1.get("objective"), s1.get("best_bound")), s1.get("seconds"))]
            for solver in SOLVERS:
                res = r["naive"]["solvers"].get(solver)
                row.append(cell(res.get("objective"), res.get("best_bound"), res.get("gap"), res.get("seconds"))
                           if res else "not installed")
            lines.append("| " + " | ".join(row) + " |")
    if results.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in results["notes"]]
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text)
    os.replace(temp, path)


def main() -> int:
    parser = argparse.ArgumentParser(description="CadrePlan against glpsol, HiGHS and CBC on the same models.")
    parser.add_argument("--bin", type=Path, default=ROOT / ".build" / "release",
                        help="folder holding cadreplan and cadreplan-bench (default .build/release)")
    parser.add_argument("--ladder", default="200,1000,5000,20000",
                        help="cadre counts of the generated ladder, comma-separated ('' for none)")
    parser.add_argument("--national", action=argparse.BooleanOptionalAction, default=True,
                        help="include the national scenario (34 provinces, 3,321 units, 20,000 cadres)")
    parser.add_argument("--scenario", action="append", default=[], metavar="NAME=FOLDER",
                        help="an extra scenario folder, e.g. the full-rules variant")
    parser.add_argument("--skip", default="", help="instances to leave out, comma-separated (e.g. lam-dong-2025)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated instances")
    parser.add_argument("--repeat", type=int, default=5,
                        help="CadrePlan plans each single-round instance this many more times in the same process; "
                             "the median build and solve of those is the warm build / solve")
    parser.add_argument("--fresh", type=int, default=14,
                        help="plans under a second are timed in this many more fresh processes; build / solve is "
                             "the median over all of them (default 14: 15 runs)")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per stage for CadrePlan and every solver, on every instance (default per "
                             f"instance: full-rules 10, year 60, ladder rungs run alone {ALONE_TIME_LIMIT:g}, "
                             f"others {DEFAULT_TIME_LIMIT:g})")
    parser.add_argument("--gap", type=float, default=None, help="relative gap for every solver (default 0)")
    parser.add_argument("--solvers", default=None,
                        help="independent solvers to run on every instance (glpsol also gives the LP bound); empty: "
                             f"CadrePlan alone, nothing exported (default: {','.join(SOLVERS)}, none on ladder rungs "
                             "above --alone-above)")
    parser.add_argument("--alone-above", type=int, default=ALONE_ABOVE, metavar="N",
                        help="ladder rungs with more than N cadres run CadrePlan alone, without exports or solvers")
    parser.add_argument("--stage2", action=argparse.BooleanOptionalAction, default=True,
                        help="also export and solve stage 2 with the independent solvers")
    parser.add_argument("--skip-hopeless", action=argparse.BooleanOptionalAction, default=True,
                        help="skip glpsol on a stage where CadrePlan's GLPK found no plan within the limit")
    parser.add_argument("--naive-time-limit", type=float, default=None, metavar="S",
                        help="solve stage 1 of `cadreplan export --naive` (the textbook rules) with each solver "
                             "for S seconds on every instance (default: 60 on full-rules only; 0: nowhere)")
    parser.add_argument("--slack", type=float, default=300,
                        help="seconds beyond the time limit before a process is killed")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="working folder (git-ignored)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench",
                        help="folder for results.json and results.md")
    parser.add_argument("--install", action=argparse.BooleanOptionalAction, default=True,
                        help="install missing tools with apt-get and pip")
    args = parser.parse_args()
    args.bin = args.bin.resolve()
    args.out = args.out.resolve()
    args.ladder = [int(x) for x in args.ladder.split(",") if x.strip()]
    args.skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    if args.solvers is not None:
        args.solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    for s in args.solvers or []:
        if s not in SOLVERS:
            parser.error(f"unknown solver {s}: choose from {', '.join(SOLVERS)}")
    for tool in ("cadreplan", "cadreplan-bench"):
        if not (args.bin / tool).exists():
            print(f"{args.bin / tool}: error: not built — fix: swift build -c release --product {tool} "
                  "(or run make bench)", file=sys.stderr)
            return 1

    tools = ensure_tools(args.install)
    started = datetime.datetime.now(datetime.timezone.utc)
    results = {
        "command": "python3 bench/run.py " + " ".join(sys.argv[1:]),
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": (quiet(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]) or "?")
        + (" + uncommitted changes" if quiet(["git", "-C", str(ROOT), "status", "--porcelain"]) else ""),
        "machine": machine(),
        "versions": versions(),
        "tools": tools,
        "settings": {"relative_gap": args.gap or 0.0, "seed": args.seed,
                     "ladder": args.ladder, "national": args.national, "repeat": args.repeat,
                     "fresh": args.fresh},
        "instances": [],
        "notes": [],
    }
    for name, folder, source, cfg in prepare_instances(args):
        record = bench_instance(name, folder, source, cfg, args, tools["available"])
        if cfg.naive_time_limit and cfg.solvers and "cadreplan" in record:
            bench_naive(name, folder, cfg, args, tools["available"], record)
        results["instances"].append(record)
        results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        # Written after every instance, so a long run that is stopped still leaves its numbers.
        write_atomically(args.results / "results.json", json.dumps(results, indent=2) + "\n")
        write_atomically(args.results / "results.md", markdown(results))
    results["seconds"] = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    for r in results["instances"]:
        for solver, s in r.get("solvers", {}).items():
            if s.get("agrees") is False:
                results["notes"].append(f"{r['instance']}: {SOLVER_NAMES[solver]}'s objective disagrees with CadrePlan's")
    write_atomically(args.results / "results.json", json.dumps(results, indent=2) + "\n")
    text = markdown(results)
    write_atomically(args.results / "results.md", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
