import Testing
import TollgateCore

@testable import TollgateServices

/// Email addresses at sign-up and everywhere an address is taken: the ones schemathesis sent (a CR LF header
/// injection, control and non-ASCII bytes, a `*` in the domain) are refused with 422; real addresses pass.
@Suite struct EmailAddressTests {
    @Test(arguments: [
        "a@b.co\r\nBcc:x", "\u{de}\u{a2}@w\u{87}.\u{8}\u{b0}o\u{8d}", "`p@r.info*", "a b@example.com",
        "<a>@example.com",
        "a@example", "a@-example.com", "a@example-.com", "a@exa_mple.com", "a@example.c", "a..b@example.com",
        ".a@example.com", "a.@example.com", "@example.com", "a@", "a@@example.com", "a@example..com",
        "ivan@пример.рф", "a@" + String(repeating: "b", count: 64) + ".com", "a@example.xn--",
    ])
    func malformedAddressesAreRefused(_ address: String) {
        #expect(throws: APIError.self) { try AccountService.normalizedEmail(address) }
    }

    @Test(arguments: [
        ("You@Example.com", "you@example.com"),
        ("  first.last+tag@mail.example.co.uk ", "first.last+tag@mail.example.co.uk"),
        ("o'neil@example.org", "o'neil@example.org"), ("x@xn--e1afmkfd.xn--p1ai", "x@xn--e1afmkfd.xn--p1ai"),
        ("a-b_c@sub-domain.example.io", "a-b_c@sub-domain.example.io"),
    ])
    func realAddressesPassNormalised(_ address: String, _ normalised: String) throws {
        #expect(try AccountService.normalizedEmail(address) == normalised)
    }
}
