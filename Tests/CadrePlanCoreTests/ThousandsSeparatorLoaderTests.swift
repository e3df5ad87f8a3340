import CadrePlanCore
import Foundation
import Testing

/// Whole numbers written as a Vietnamese spreadsheet shows them, with a dot between thousands.
/// `24.310` reads as the decimal 24.31, so without a rule of its own the fix would suggest 24.
@Suite struct ThousandsSeparatorLoaderTests {
    typealias F = ScenarioFolders

    @Test(arguments: [
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2,24.310,1.5", "needs.csv",
         "needs.csv:2: error: need 24697/land: backlog '24.310' looks like a number written with a dot as thousands separator — fix: write 24310 without separators"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2,1.250.000,1.5", "needs.csv",
         "needs.csv:2: error: need 24697/land: backlog '1.250.000' looks like a number written with a dot as thousands separator — fix: write 1250000 without separators"),
        ("police,2500,4", "police,2.500,4", "departments.csv",
         "departments.csv:4: error: department ca_tinh: headcount '2.500' looks like a number written with a dot as thousands separator — fix: write 2500 without separators"),
    ])
    func aDotBetweenThousandsIsNamedAsSuch(old: String, new: String, file: String, expected: String) throws {
        let folder = try F.replacing(old, with: new, in: file)
        #expect(F.report(folder) == [expected])
    }

    /// Dots that cannot separate thousands keep the messages they had.
    @Test(arguments: ["0.500", "2.5", "24.31", "1.2345", ".500", "24.310.5"])
    func otherDotsAreNotTakenForThousands(_ value: String) throws {
        let folder = try F.replacing("24697,land,1,2,2,140,1.5", with: "24697,land,1,2,2,\(value),1.5", in: "needs.csv")
        let report = F.report(folder)
        #expect(report.count == 1 && report.allSatisfy { $0.contains("backlog '\(value)'") }, "\(report)")
        #expect(!report.contains { $0.contains("thousands separator") }, "\(report)")
    }

    /// In a decimal column a dot is the decimal point: `24.310` is 24.31 and valid there.
    @Test func aDecimalColumnKeepsItsDecimalPoint() throws {
        let folder = try F.replacing("24697,land,1,2,2,140,1.5", with: "24697,land,1,2,2,140,24.310", in: "needs.csv")
        let loaded = try ScenarioLoader.load(folder.path)
        #expect(loaded.scenario.needs.first?.priority == 24.31)
    }
}
