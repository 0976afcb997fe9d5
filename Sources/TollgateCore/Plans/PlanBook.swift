import Foundation

/// Plans and packages, loaded from data an operator can replace without a rebuild.
public struct PlanBook: Sendable, Codable {
    public var plans: [Plan]
    public var packages: [TokenPackage]
    /// Length of a subscription cycle.
    public var cycleDays: Int
    /// The plan an account falls back to when its cycle ends without renewal.
    public var fallbackPlan: String

    /// The plan with this code.
    public func plan(_ code: String) -> Plan? {
        plans.first { $0.code == code }
    }

    /// The package with this code.
    public func package(_ code: String) -> TokenPackage? {
        packages.first { $0.code == code }
    }

    /// The cheapest plan with API access, named in 403 answers.
    public var cheapestAPIPlan: Plan? {
        plans.filter(\.apiAccess).min { $0.priceRub < $1.priceRub }
    }

    /// The cycle length in milliseconds.
    public var cycleMilliseconds: Int64 { Int64(cycleDays) * 86_400_000 }

    /// Decodes and checks a plan book; the error names the bad entry.
    public static func load(from data: Data) throws -> PlanBook {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let book: PlanBook
        do {
            book = try decoder.decode(PlanBook.self, from: data)
        } catch {
            throw PlanBookError(message: "plans file is not valid: \(error)")
        }
        var seen = Set<String>()
        for plan in book.plans {
            guard seen.insert(plan.code).inserted else {
                throw PlanBookError(message: "plan \(plan.code): duplicate code")
            }
            guard plan.monthlyTokens >= 0, plan.signupTokens >= 0, plan.limitHour >= 0, plan.limitDay >= 0 else {
                throw PlanBookError(message: "plan \(plan.code): negative tokens or limits")
            }
        }
        guard book.plan(book.fallbackPlan) != nil else {
            throw PlanBookError(message: "fallback_plan \(book.fallbackPlan) is not a plan")
        }
        guard book.cycleDays > 0 else { throw PlanBookError(message: "cycle_days must be positive") }
        for package in book.packages where package.tokens <= 0 || package.priceRub <= 0 {
            throw PlanBookError(message: "package \(package.code): tokens and price must be positive")
        }
        return book
    }

    /// The plan book shipped with Tollgate.
    public static func bundled() throws -> PlanBook {
        guard let url = Bundle.module.url(forResource: "plans", withExtension: "json", subdirectory: "Resources") else {
            throw PlanBookError(message: "bundled plans.json is missing")
        }
        return try load(from: Data(contentsOf: url))
    }
}

/// A plan book that cannot be used, with the reason.
public struct PlanBookError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
