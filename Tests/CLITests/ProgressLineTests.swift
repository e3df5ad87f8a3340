import CadrePlanCore
import Testing

@testable import cadreplan

/// The progress line's numbers are exact enough to read a bound off it.
struct ProgressLineTests {
    @Test func boundsKeepTheirQuarters() {
        let p = SolverProgress(incumbent: 2022, bestBound: 2021.25, gap: 0.75 / 2022, nodes: 1234, activeNodes: 56,
                               elapsed: 12.7)
        #expect(ProgressLine.text(.unmetNeed, p)
            == "stage 1 (unmet need): best plan 2,022, bound 2,021.25, gap 0.04%, 1,234 nodes (56 open), 12 s — Ctrl-C keeps the best plan")
    }

    @Test func aSearchWithoutAPlanSaysSo() {
        let p = SolverProgress(incumbent: nil, bestBound: -100_035.91, gap: nil, nodes: 3, activeNodes: 2, elapsed: 0.4)
        #expect(ProgressLine.text(.fit, p)
            == "stage 2 (fit): no plan yet, bound -100,035.91, gap —, 3 nodes (2 open), 0 s — Ctrl-C keeps the best plan")
    }
}
