import Testing
import TollgateCore

/// Products come from the plans data (SPEC §13): paid plans and every package, priced in RUB and Stars.
struct ProductTests {
    @Test func theBundledPlansMakeTwelveProducts() throws {
        let book = try PlanBook.bundled()
        #expect(
            book.products.map(\.id) == [
                "plan:basic", "plan:pro", "plan:vip", "plan:elite", "package:start", "package:light",
                "package:standard",
                "package:advanced", "package:propack", "package:business", "package:premium", "package:ultra",
            ])
        let vip = try #require(book.product("plan:vip"))
        #expect(vip.kind == .plan && vip.tokens == 1500 && vip.priceRub == 2990 && vip.priceStars == 2000)
        let ultra = try #require(book.product("package:ultra"))
        #expect(
            ultra.kind == .package && ultra.tokens == 10_000 && ultra.priceRub == 24_990 && ultra.priceStars == 16_660)
        #expect(book.product("plan:free") == nil && book.product("light") == nil)
    }
}
