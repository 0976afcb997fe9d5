/// How a hold is settled when its generation ends (SPEC §9). A hold takes its price out of the buckets
/// when the generation is created — subscription first, then packages — so a cycle reset in between
/// can neither spend nor refill held tokens. At the end, the captured part is drawn from the
/// subscription part first; the rest goes back to the bucket it came from, except that subscription
/// tokens of a cycle that has since ended lapse, as they would have had they never been held.
public struct HoldSettlement: Sendable, Equatable {
    /// Held tokens that came from the subscription bucket.
    public var heldSubscription: Int64
    /// Held tokens that came from the package bucket.
    public var heldPackage: Int64
    /// Tokens charged.
    public var captured: Int64
    /// Tokens returned to the subscription bucket.
    public var returnedSubscription: Int64
    /// Tokens returned to the package bucket.
    public var returnedPackage: Int64
    /// Subscription tokens not returned because their cycle ended while they were held.
    public var lapsed: Int64

    /// The whole hold.
    public var held: Int64 { heldSubscription + heldPackage }

    /// Settles a hold of `heldSubscription + heldPackage` tokens charging `capture` of them (clamped to
    /// the hold); `sameCycle` says whether the subscription cycle is still the one the hold was taken in.
    public init(heldSubscription: Int64, heldPackage: Int64, capture: Int64, sameCycle: Bool) {
        self.heldSubscription = heldSubscription
        self.heldPackage = heldPackage
        let captured = min(max(capture, 0), heldSubscription + heldPackage)
        self.captured = captured
        let fromSubscription = min(captured, heldSubscription)
        let fromPackage = captured - fromSubscription
        let unusedSubscription = heldSubscription - fromSubscription
        returnedPackage = heldPackage - fromPackage
        returnedSubscription = sameCycle ? unusedSubscription : 0
        lapsed = sameCycle ? 0 : unusedSubscription
    }

    /// The reason written on the release of the hold's unused part: it names the tokens that lapsed.
    public var releaseReason: String {
        lapsed > 0 ? "release (\(lapsed) lapsed with the cycle)" : "release"
    }
}
