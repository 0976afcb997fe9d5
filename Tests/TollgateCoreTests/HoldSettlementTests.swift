import Testing
import TollgateCore

/// The pure rules for settling a hold (SPEC §9).
@Suite struct HoldSettlementTests {
    @Test func captureDrawsFromTheSubscriptionPartFirst() {
        let settlement = HoldSettlement(heldSubscription: 4, heldPackage: 6, capture: 7, sameCycle: true)
        #expect(settlement.captured == 7)
        #expect(settlement.returnedSubscription == 0)
        #expect(settlement.returnedPackage == 3)
        #expect(settlement.lapsed == 0)
    }

    @Test func releaseReturnsEverythingInTheSameCycle() {
        let settlement = HoldSettlement(heldSubscription: 4, heldPackage: 6, capture: 0, sameCycle: true)
        #expect(settlement.returnedSubscription == 4 && settlement.returnedPackage == 6 && settlement.captured == 0)
    }

    @Test func subscriptionPartLapsesAfterACycleChange() {
        let settlement = HoldSettlement(heldSubscription: 4, heldPackage: 6, capture: 2, sameCycle: false)
        #expect(settlement.captured == 2)
        #expect(settlement.returnedSubscription == 0)
        #expect(settlement.lapsed == 2)
        #expect(settlement.returnedPackage == 6)
        #expect(
            settlement.captured + settlement.returnedSubscription + settlement.returnedPackage + settlement.lapsed
                == settlement.held)
    }

    @Test(arguments: [-5, 0, 3, 10, 50])
    func captureIsClampedAndConserved(_ capture: Int64) {
        let settlement = HoldSettlement(heldSubscription: 3, heldPackage: 7, capture: capture, sameCycle: Bool.random())
        #expect((0...10).contains(settlement.captured))
        #expect(
            settlement.captured + settlement.returnedSubscription + settlement.returnedPackage + settlement.lapsed == 10
        )
    }
}
