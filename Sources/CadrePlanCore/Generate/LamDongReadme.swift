extension LamDongGenerator {
    /// The command that regenerates the committed default scenario, from the repository root.
    public static func command(seed: UInt64) -> String {
        "swift run cadreplan generate lam-dong --facts scenarios/sources/lam-dong-communes.csv"
            + " --seed \(seed) --out scenarios/lam-dong-2025 --force"
    }

    /// README.md of a generated folder: what is real, what is synthesised, what it is calibrated
    /// to, and the figures as they came out. Built from the scenario, so it cannot drift from it.
    public static func readme(for s: Scenario, seed: UInt64) -> String {
        let civil = Set(s.fields.filter { $0.branch == .civil }.map(\.id))
        let branchOf = Dictionary(s.departments.map { ($0.id, $0.branch) }, uniquingKeysWith: { a, _ in a })
        func cadres(_ b: Branch) -> Int { s.cadres.filter { branchOf[$0.department] == b }.count }
        func units(_ kind: CommuneKind) -> Int { s.communes.filter { $0.kind == kind }.count }
        func units(_ province: String) -> Int { s.communes.filter { $0.formerProvince == province }.count }
        func ratings(_ r: Rating) -> Int { s.history.filter { $0.rating == r }.count }
        let population = s.communes.reduce(0) { $0 + $1.population }
        let civilPosts = s.departments.filter { $0.branch == .civil }.reduce(0) { $0 + $1.headcount }
        let itUnits = s.needs.filter { $0.field == "it" }.count
        let ex = examples(in: s)
        let byID = Dictionary(s.cadres.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func who(_ id: String?) -> String {
            guard let id, let c = byID[id] else { return "—" }
            let dept = s.departments.first { $0.id == c.department }?.name ?? c.department
            let home = s.communes.first { $0.id == c.homeCommune }.map { "\($0.name) (\($0.id))" } ?? c.homeCommune
            return "`\(id)` (\(c.category.rawValue), \(dept), lives in \(home))"
        }
        func fieldOf(_ id: String, at commune: String) -> String {
            s.history.first { $0.cadre == id && $0.commune == commune }?.field ?? "?"
        }

        var rows: [String] = []
        var totals = [0, 0, 0, 0, 0, 0]
        for f in s.fields {
            let needs = s.needs.filter { $0.field == f.id }
            let values = [
                needs.count, needs.reduce(0) { $0 + $1.minimum }, needs.reduce(0) { $0 + $1.desired },
                s.cadres.filter { $0.skills.first?.field == f.id }.count,
                s.cadres.filter { $0.skill(in: f.id) != nil }.count,
                s.history.filter { $0.field == f.id }.count,
            ]
            if civil.contains(f.id) { totals = zip(totals, values).map(+) }
            rows.append("| \(f.id) | \(f.branch.rawValue) | " + values.map(grouped).joined(separator: " | ") + " |")
            if f.id == s.fields.last(where: { civil.contains($0.id) })?.id {
                rows.append("| **civil total** | civil | " + totals.map { "**\(grouped($0))**" }.joined(separator: " | ") + " |")
            }
        }
        let sonMyLand = s.needs.first { $0.commune == "23266" && $0.field == "land" }
        let namDaLand = s.needs.first { $0.commune == "24697" && $0.field == "land" }

        return """
            # \(s.name)

            The default scenario of CadrePlan: the first round of Lâm Đồng's programme *Tôi là cán bộ xã*
            ("I am a commune cadre"). From 1 August 2025, a month after the two-level local government
            started, the merged province (former Lâm Đồng, Bình Thuận and Đắk Nông) seconded more than 730
            provincial cadres for about three months to its 124 commune-level units: 260 civil servants,
            public employees and workers in 14 fields, and 470 from the armed forces (370 police, 100
            military).

            **This folder is generated; do not edit it by hand.** From the repository root,

                \(command(seed: seed))

            rewrites every file here byte for byte, this README included (seed \(seed); `GeneratorTests`
            checks it). Another `--seed` gives another synthetic scenario with the same published figures.

            ## Real and synthesised

            Only what the province or the state published is real. Everything marked SYNTHESISED was drawn
            by the seeded generator (`Sources/CadrePlanCore/Generate/`) to be plausible, and describes no
            real person or file.

            | file | real public facts | SYNTHESISED |
            |---|---|---|
            | `communes.csv` | `id` (GSO code), `name`, `name_ascii`, `kind`, `former_province`, `lat`, `lon`, `area_km2`: Resolution 1671/NQ-UBTVQH15, GSO code list 1027/CTK-CSCL, unit boundaries (see `scenarios/sources/README.md`) | `population` (calibrated to the provincial total), `hosting_capacity`, `minority_share`, `languages` |
            | `fields.csv` | the 14 civil fields as the provincial press listed them (accounting joined with finance), plus public security and military | `priority` (a planning choice: land, finance, justice 3; IT 2.5; labour, public security 2; military 1.5; others 1) |
            | `departments.csv` | the 13 specialised agencies of 2 July 2025, the provincial police and the provincial military command | `headcount`, `release_cap`; which agency sent how many is not published |
            | `cadres.csv` | the counts: 260 civil, 370 police, 100 military | everything else: ids, names, categories, skills, levels, years, homes, languages, capacity |
            | `needs.csv` | the count of IT needs: exactly 93 units (which ones is synthesised); the three press examples below | which units need what; `min`, `desired`, `level`, `backlog`, `priority` |
            | `history.csv` | the rating counts 66 / 189 / 3 / 2; the three press examples | which cadre went where, and who got which rating |
            | `scenario.yaml` | the round, 1 August – 31 October 2025 (about three months) | policy, weights and solver settings are planning choices |

            ## Calibration

            | published figure | source | this scenario |
            |---|---|---|
            | 124 units: 103 communes, 20 wards, 1 special zone | Resolution 1671/NQ-UBTVQH15 | \(s.communes.count): \(units(.commune)) / \(units(.ward)) / \(units(.specialZone)) |
            | by former province: Lâm Đồng 51, Bình Thuận 45, Đắk Nông 28 | Resolution 1671/NQ-UBTVQH15 | \(units("Lam Dong")) / \(units("Binh Thuan")) / \(units("Dak Nong")) |
            | population 3,872,999 | Resolution 202/2025/QH15 | \(grouped(population)) |
            | 260 civil cadres in 14 fields | Báo Lâm Đồng; Lao Động | \(cadres(.civil)) in \(civil.count) fields |
            | 370 police, 100 military | Báo Lâm Đồng; Lao Động | \(cadres(.police)) / \(cadres(.military)) |
            | ratings 66 excellent, 189 good, 3 completed, 2 not evaluated (25.4 / 72.7 / 1.2 / 0.8 %) | Báo Lâm Đồng | \(ratings(.excellent)) / \(ratings(.good)) / \(ratings(.completed)) / \(ratings(.notEvaluated)) |
            | 93 communes and wards without a full-time IT civil servant | Báo Lâm Đồng; Lao Động | IT needs in \(itUnits) units |
            | 3,743 provincial civil-servant posts (2025) | `scenarios/sources/README.md` | civil headcounts sum to \(grouped(civilPosts)) |

            ## Demand and supply by field

            `needs`, `min`, `desired`: what the units ask. `main skill`: cadres whose first skill is the
            field; `any skill`: cadres with the field among their skills (a cadre counts in several).
            `sent`: placements in `history.csv`. Desired civil demand exceeds the 260 civil cadres, most of
            all in IT, so some needs must go unmet; police and military demand exceed supply slightly.

            | field | branch | needs | min | desired | main skill | any skill | sent |
            |---|---|---|---|---|---|---|---|
            \(rows.joined(separator: "\n"))

            ## The press examples

            - **Nam Đà (24697, former Đắk Nông)** received a land-registration officer from the Krông Nô
              branch of the land registration office for its public-administration service centre (land
              transfers, gifts, change registrations, fees, returning results). Here: a land need at level
              \(namDaLand.map { String($0.level) } ?? "?"), served in `history.csv` by \(who(ex.namDaLand)).
            - **Tân Hà Lâm Hà (24916)** received 3 cadres: land, labour and public security; the labour
              specialist came from the provincial employment service centre (Department of Home Affairs).
              Here: needs in land, labour and public security, and exactly these history rows:
            \(ex.tanHa.map { "  - \(fieldOf($0, at: "24916")): \(who($0))" }.joined(separator: "\n"))
            - **Sơn Mỹ (23266, former Bình Thuận)** has 2 seconded cadres, one for land: inventory,
              land-origin determination and site clearance for the Sơn Mỹ 1 and Sơn Mỹ 2 industrial parks.
              Here: a land need with desired \(sonMyLand.map { String($0.desired) } ?? "?"), level \(sonMyLand.map { String($0.level) } ?? "?"), backlog \(sonMyLand.map { grouped($0.backlog) } ?? "?") and priority \(sonMyLand.map { ScenarioWriter.number($0.priority) } ?? "?"), and exactly these history rows:
            \(ex.sonMy.map { "  - \(fieldOf($0, at: "23266")): \(who($0))" }.joined(separator: "\n"))

            ## How the synthetic parts are made

            - **Population**: each old unit merged into a new one counts by type (ward 2.2, township 1.6,
              commune 1, half for a split one), scaled by former province and a little by area, jittered,
              then apportioned so that the province totals 3,872,999.
            - **Hosting capacity**: 3 + population / 4,500, between 5 and 12; raised where the unit hosted
              more in 2025 or its needs' minima ask more.
            - **Minorities**: share and languages by region: K'Ho, Churu and Mạ on the former Lâm Đồng
              plateau; Cham and Raglai in northern former Bình Thuận (Bắc Bình, Tuy Phong area); M'Nông and
              Ê Đê in former Đắk Nông; Kinh-majority wards 0–5 %. Jittered; not census figures.
            - **Cadres**: civil cadres by agency and main field (e.g. Agriculture and Environment → land,
              agriculture; Home Affairs → home affairs, labour; Science and Technology → IT; the
              Inspectorate → justice, finance), level 1–3 with matching years, often a related second skill.
              Most live in the wards of the former capitals (Đà Lạt, Phan Thiết, Gia Nghĩa), the rest
              anywhere by population; cadres from minority areas may speak the local language.
              \(s.cadres.filter { $0.capacity > 1 }.count) IT specialists can carry two assignments. Police and military officers and soldiers have one
              skill each. Names are synthetic Kinh, K'Ho, Churu, Mạ, Cham, Raglai, M'Nông and Ê Đê names.
            - **Needs**: public security in every unit (2–6 by size), military in every commune and the
              special zone (two on the Cambodian border and on Phú Quý island), civil fields weighted by
              population, urbanity, rurality or minority share. Every need can be met in principle by some
              cadre of its branch with the skill at its level within `max_travel_km`.
            - **History**: a plausible but imperfect hand-made deployment: cadres in random order, each sent
              to an open need of their main field drawn by backlog, priority and nearness (sometimes below
              the need's level), within hosting capacity; the press examples first.
            - **Ratings**: the published counts, given by rank of a latent score (levels above the need,
              experience, language, minus travel) plus noise; the two not evaluated are drawn at random.
              An outcome model fitted on them finds signal, not truth.

            """
    }

    /// 3872999 → "3,872,999", without a locale.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
