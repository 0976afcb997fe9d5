import ArgumentParser
import TollgateServices

/// `tollgate payments …`: operator commands on payments.
struct Payments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Settle, refund and inspect payments.", subcommands: [Reconcile.self, Refund.self, List.self])

    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every pending payment back from its provider now and settle it (credited once).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let settled = try await common.withServices { services in try await services.billing.reconcile(due: .max) }
            print("\(settled) payment(s) settled")
        }
    }

    struct Refund: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refund a payment through its provider and take back its unspent tokens.")

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: "The payment's id.")
        var id: Int64

        func run() async throws {
            let payment = try await common.withServices { services in try await services.billing.refund(paymentID: id) }
            print(
                "payment \(payment.id) refunded: \(payment.refundedTokens) tokens taken back, "
                    + "\(payment.unrecoveredTokens) already spent")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the latest payments.")

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: "How many (default 50).")
        var limit = 50

        func run() async throws {
            let payments = try await common.withServices { services in
                try await services.billing.allPayments(limit: limit)
            }
            for payment in payments {
                print(
                    "\(payment.id)\t\(payment.accountID)\t\(payment.provider)\t\(payment.product)\t\(payment.amount) \(payment.currency)\t\(payment.status.rawValue)"
                )
            }
        }
    }
}
