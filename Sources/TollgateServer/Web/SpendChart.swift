import Foundation
import TollgateCore
import TollgateServices

/// The dashboard's 30-day chart of tokens spent per day, drawn as SVG on the server: bars, a gridline at the
/// highest day, and the first, middle and last dates. Geometry is attributes only (the page's CSP allows no
/// inline style), and every text is a number or a date.
enum SpendChart {
    static let width = 720
    static let height = 180
    static let left = 44
    static let bottom = 24

    static func svg(_ days: [DaySpend], label: String) -> String {
        let peak = max(days.map(\.tokens).max() ?? 0, 1)
        let plotHeight = Double(height - bottom - 12)
        let slot = Double(width - left) / Double(max(days.count, 1))
        var parts: [String] = [
            #"<svg viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(HTMLEscape.escape(label))" xmlns="http://www.w3.org/2000/svg">"#,
            #"<line class="gridline" x1="\#(left)" x2="\#(width)" y1="12" y2="12"/>"#,
            #"<line class="axis" x1="\#(left)" x2="\#(width)" y1="\#(height - bottom)" y2="\#(height - bottom)"/>"#,
            #"<text class="axis" x="\#(left - 6)" y="16" text-anchor="end">\#(peak)</text>"#,
            #"<text class="axis" x="\#(left - 6)" y="\#(height - bottom)" text-anchor="end">0</text>"#,
        ]
        for (index, day) in days.enumerated() {
            let barHeight = Double(day.tokens) / Double(peak) * plotHeight
            let x = Double(left) + Double(index) * slot + slot * 0.15
            let y = Double(height - bottom) - barHeight
            parts.append(
                #"<rect class="bar" x="\#(format(x))" y="\#(format(y))" width="\#(format(slot * 0.7))" height="\#(format(barHeight))"><title>\#(date(day.day)): \#(day.tokens)</title></rect>"#
            )
        }
        for (index, anchor) in [(0, "start"), (days.count / 2, "middle"), (days.count - 1, "end")]
        where index >= 0 && index < days.count {
            let x =
                anchor == "start"
                ? Double(left) : anchor == "end" ? Double(width) : Double(left) + (Double(index) + 0.5) * slot
            parts.append(
                #"<text class="axis" x="\#(format(x))" y="\#(height - 6)" text-anchor="\#(anchor)">\#(date(days[index].day))</text>"#
            )
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// `12-07` for a day number since 1970.
    static func date(_ day: Int64) -> String {
        String(PageValues.time(day * 86_400_000).prefix(10).dropFirst(5))
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
