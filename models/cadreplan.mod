/* CadrePlan — reference formulation of one secondment round (GNU MathProg).

   Run it on data exported by the CLI:
     cadreplan export scenarios/lam-dong-2025 --format gmpl-data --out out/stage1.dat
     glpsol -m models/cadreplan.mod -d out/stage1.dat
   The Swift planner builds exactly this program through GLPK's C API.

   Stage 1 minimises weighted unmet need. Stage 2 (param stage = 2, exported with --stage 2)
   keeps unmet need at most unmet_bound (the stage-1 optimum plus tolerance) and maximises fit;
   MathProg has one objective direction per model, so stage 2 minimises
   -(fit - unmet_penalty * unmet need). With unmet need held at its optimum the penalty cannot
   change which plan is optimal; it keeps the LP relaxation a network flow, solved at the root.
   The "stage N objective" line printed after the solve is the stage's own measure (weighted
   unmet need, or total fit), as in roster.json. */

set CADRES;                         # cadres with at least one eligible need
set NEEDS;                          # (commune, field) needs, one symbol each
set COMMUNES;
set DEPTS;
set PAIRS within CADRES cross NEEDS;  # eligible pairs: the only assignments that exist

param stage integer in {1, 2};
param dept {CADRES} symbolic in DEPTS;
param capacity {CADRES} integer >= 1;          # assignments a cadre can carry
param release_cap {DEPTS} integer >= 0;        # cadres a department can release
param commune {NEEDS} symbolic in COMMUNES;
param hosting {COMMUNES} integer >= 0;         # cadres a commune can host
param min_work {NEEDS} >= 0;                   # the need in its unit: cadres, FTE or files/month
param des_work {n in NEEDS} >= min_work[n];
param weight {NEEDS} > 0;                      # field priority x need priority
param unit_weight {NEEDS} > 0 default 1;       # 1, or 1/throughput for needs counted in files
param w_min >= 0;                              # penalty per cadre missing below the minimum
param w_des >= 0;                              # penalty per cadre missing below the desired number
param fit {PAIRS};                             # skill, experience, language, pair score, minus travel
param pinned {PAIRS} binary default 0;         # planner's pins (pairs.csv)
param unmet_bound default 1e30;                # stage 2: stage-1 optimum (+ tolerance)
param unmet_penalty >= 0 default 0;            # stage 2: LP-tightening penalty on unmet need

set WORK within NEEDS default {};              # needs measured in work (fte, files), not cadres
param contrib {PAIRS} > 0 default 1;           # what an assignment covers of its need, in its unit
param over_cap {WORK};                         # desired work + the largest contribution - epsilon
set TIMED within CADRES default {};            # cadres with workloads other than share/capacity
param time_share {CADRES} > 0 default 1;       # share of full time the cadre gives
param workload {PAIRS} > 0 default 1;          # share of the cadre's time an assignment takes

var x {(c, n) in PAIRS} binary, >= pinned[c, n];   # c serves need n
var y {CADRES} binary;                             # c is released by its department
var smin {n in NEEDS} >= 0, <= min_work[n];        # missing below the minimum
var sdes {n in NEEDS} >= 0, <= des_work[n];        # missing below the desired amount

minimize objective:
    (if stage = 1 then sum {n in NEEDS} weight[n] * unit_weight[n] * (w_min * smin[n] + w_des * sdes[n]) else 0)
  - (if stage = 2 then sum {(c, n) in PAIRS} fit[c, n] * x[c, n]
       - unmet_penalty * sum {n in NEEDS} weight[n] * unit_weight[n] * (w_min * smin[n] + w_des * sdes[n]) else 0);

/* A cadre carries at most `capacity` assignments, and only if released. */
s.t. cap {c in CADRES}: sum {n in NEEDS: (c, n) in PAIRS} x[c, n] <= capacity[c] * y[c];

/* Time: workloads fit in the cadre's time share (implied by cap for the other cadres). */
s.t. time {c in TIMED}: sum {n in NEEDS: (c, n) in PAIRS} workload[c, n] * x[c, n] <= time_share[c] * y[c];

/* Needs counted in cadres: never more than asked for; what is missing is counted in sdes. */
s.t. staff {n in NEEDS diff WORK}: sum {c in CADRES: (c, n) in PAIRS} x[c, n] + sdes[n] = des_work[n];

/* Needs measured in work: covered by the assignments' contributions, with no cadre too many. */
s.t. cover {n in WORK}: sum {c in CADRES: (c, n) in PAIRS} contrib[c, n] * x[c, n] + sdes[n] >= des_work[n];
s.t. over {n in WORK: card({c in CADRES: (c, n) in PAIRS}) > 0}:
    sum {c in CADRES: (c, n) in PAIRS} contrib[c, n] * x[c, n] <= over_cap[n];

/* What is missing below the minimum is counted (and weighted) again in smin. */
s.t. min_staff {n in NEEDS: min_work[n] > 0}:
    sum {c in CADRES: (c, n) in PAIRS} contrib[c, n] * x[c, n] + smin[n] >= min_work[n];

/* Hosting capacity of each commune. */
s.t. host {m in COMMUNES}:
    sum {n in NEEDS: commune[n] = m} sum {c in CADRES: (c, n) in PAIRS} x[c, n] <= hosting[m];

/* Release cap of each department. */
s.t. release {d in DEPTS}: sum {c in CADRES: dept[c] = d} y[c] <= release_cap[d];

/* Stage 2 only: unmet need stays at its stage-1 optimum. */
s.t. unmet_need_at_optimum {i in 1..1: stage = 2}:
    sum {n in NEEDS} weight[n] * unit_weight[n] * (w_min * smin[n] + w_des * sdes[n]) <= unmet_bound;

solve;

printf "stage %d objective %.6f\n", stage,
    if stage = 1 then sum {n in NEEDS} weight[n] * unit_weight[n] * (w_min * smin[n] + w_des * sdes[n])
    else sum {(c, n) in PAIRS} fit[c, n] * x[c, n];
printf {(c, n) in PAIRS: x[c, n] > 0.5} "assign %s %s\n", c, n;

end;
