#!/usr/bin/env python3
"""Solve one exported model with HiGHS (highspy) and print one JSON line.

Run by bench/run.py in its own process, so that GNU time measures HiGHS's memory alone.
The time reported is HiGHS's own (read + solve), without Python's start-up and import.

    python3 bench/highs_solve.py MODEL.mps [--time-limit S] [--gap G]

GLPK's free MPS carries no objective sense: CadrePlan writes stage 2 (a maximisation) as
minimising -fit, so the objective printed here is the MPS one; run.py flips its sign.
"""
import argparse
import json
import math
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--gap", type=float, default=0.0)
    args = parser.parse_args()
    try:
        import highspy
    except ImportError as error:
        print(json.dumps({"error": f"highspy is not installed ({error}) - fix: pip install highspy"}))
        return 1

    start = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    status = h.readModel(args.model)
    if status == highspy.HighsStatus.kError:
        print(json.dumps({"error": f"HiGHS cannot read {args.model}"}))
        return 1
    read = time.perf_counter()
    if args.time_limit:
        h.setOptionValue("time_limit", float(args.time_limit))
    h.setOptionValue("mip_rel_gap", float(args.gap))
    h.run()
    end = time.perf_counter()

    info = h.getInfo()
    model_status = h.modelStatusToString(h.getModelStatus())

    def number(x):
        return x if isinstance(x, (int, float)) and math.isfinite(x) else None

    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    print(json.dumps({
        "status": model_status,
        "optimal": model_status == "Optimal",
        "objective": number(info.objective_function_value) if has_solution else None,
        "best_bound": number(info.mip_dual_bound),
        "relative_gap": number(info.mip_gap),
        "nodes": info.mip_node_count,
        "read_seconds": read - start,
        "seconds": end - start,
        "version": h.version() if hasattr(h, "version") else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
