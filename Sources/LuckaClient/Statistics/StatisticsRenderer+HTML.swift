import Foundation
import LuckaCore

/// One self-contained HTML page: inline CSS, tables and SVG charts, no scripts and no
/// external resources, laid out to print on A4 (a project lead prints it to PDF for the
/// funder's report).
extension StatisticsRenderer {
    static let channelColours: [Channel: String] = [.self: "#2b6cb0", .relative: "#c05621", .professional: "#2f855a"]
    /// The largest day count of each answer-time bucket.
    static let bucketUpperDays = [0, 1, 2, 3, 5, 7, 14, 30, Int.max]

    func html() -> String {
        var body =
            "<h1>\(escape(word("title")))</h1>\n<p class=\"period\">\(escape(word("period"))) \(escape(report.from)) – \(escape(report.to))</p>\n"
        for clinic in sections { body += section(clinic) }
        body += "<footer>\n"
        if let since = report.countedSince { body += "<p>\(escape(word("countedSince", ["month": since])))</p>\n" }
        body += "<p>\(escape(word("about")))</p>\n</footer>\n"
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)" dir="\(language.direction.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(word("title"))) \(escape(report.from)) – \(escape(report.to))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static let style = """

        @page { size: A4; margin: 14mm; }
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1a202c; margin: 2em auto; max-width: 60em; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 2px solid #2b6cb0; padding-bottom: 0.2em; margin-top: 2em; }
        h3 { font-size: 1em; margin: 1.2em 0 0.4em; }
        .period { color: #4a5568; margin-top: 0; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.85em; }
        th, td { border: 1px solid #cbd5e0; padding: 0.25em 0.5em; }
        th { background: #edf2f7; text-align: left; vertical-align: bottom; }
        td:first-child { white-space: nowrap; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: bold; background: #f7fafc; }
        figure { margin: 0.5em 0 1em; }
        figcaption { font-size: 0.85em; color: #4a5568; }
        svg { max-width: 100%; height: auto; }
        svg text { font-family: inherit; font-size: 11px; fill: #2d3748; }
        .legend span { display: inline-block; margin-right: 1.2em; font-size: 0.85em; }
        .legend i { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: -0.1em; }
        footer { margin-top: 2em; font-size: 0.85em; color: #4a5568; border-top: 1px solid #cbd5e0; }
        section + section { break-before: page; }
        figure, table { break-inside: avoid; }
        @media print { body { margin: 0; max-width: none; } }

        """

    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }) {
                    out.append(character)
                }
            }
        }
        return out
    }

    func section(_ clinic: ClinicStatistics) -> String {
        var out = "<section>\n<h2>\(escape(title(clinic)))</h2>\n"
        guard !clinic.rows.isEmpty else { return out + "<p>\(escape(word("nothing")))</p>\n</section>\n" }
        let months = chartMonths(clinic.rows)
        // Contacts per month and channel: chart, then the same figures as a table.
        out += "<h3>\(escape(word("contactsChart")))</h3>\n<figure>\n\(contactsChart(clinic.rows, months: months))\n"
        out +=
            "<figcaption class=\"legend\">"
            + Channel.allCases.map {
                "<span><i style=\"background:\(Self.channelColours[$0]!)\"></i>\(escape(word("channel.\($0.rawValue)")))</span>"
            }.joined() + "</figcaption>\n</figure>\n"
        out +=
            "<table>\n<tr><th>\(escape(word("month")))</th>"
            + Channel.allCases.map { "<th>\(escape(word("channel.\($0.rawValue)")))</th>" }.joined()
            + "<th>\(escape(word("total")))</th></tr>\n"
        for month in Set(clinic.rows.map(\.month)).sorted() {
            let counts = Channel.allCases.map { channel in
                clinic.rows.first { $0.month == month && $0.channel == channel }?.newConversations ?? 0
            }
            out +=
                "<tr><td>\(escape(month))</td>" + counts.map { "<td class=\"n\">\($0)</td>" }.joined()
                + "<td class=\"n\">\(counts.reduce(0, +))</td></tr>\n"
        }
        out += "</table>\n"

        // Every counter, per month and channel.
        out +=
            "<h3>\(escape(word("figures")))</h3>\n<table>\n<tr><th>\(escape(word("month")))</th><th>\(escape(word("channel")))</th>"
        out += Self.columns(clinic.rows[0]).map { "<th>\(escape(word($0.key)))</th>" }.joined() + "</tr>\n"
        for row in clinic.rows {
            out += "<tr><td>\(escape(row.month))</td><td>\(escape(word("channel.\(row.channel.rawValue)")))</td>"
            out += Self.columns(row).map { "<td class=\"n\">\($0.value)</td>" }.joined() + "</tr>\n"
        }
        let total = Self.sum(clinic.rows)
        out +=
            "<tr class=\"total\"><td>\(escape(word("total")))</td><td></td>"
            + Self.columns(total).map { "<td class=\"n\">\($0.value)</td>" }.joined() + "</tr>\n</table>\n"

        // Time to first answer against the promise.
        out += "<h3>\(escape(word("answerTime")))</h3>\n<figure>\n\(answerChart(total, promise: clinic.promiseDays))\n"
        if let days = clinic.promiseDays {
            out +=
                "<figcaption>\(escape(word("promise", ["days": String(days)]))). \(escape(word("withinShare", ["share": percent(total.answeredWithinPromise, of: total.answered)])))</figcaption>\n"
        } else if clinic.clinic != "(total)" {
            out += "<figcaption>\(escape(word("noPromise")))</figcaption>\n"
        }
        out +=
            "</figure>\n<table>\n<tr><th>\(escape(word("days")))</th><th>\(escape(word("count")))</th><th>\(escape(word("share")))</th></tr>\n"
        for (index, bucket) in report.buckets.enumerated() {
            let count = index < total.answerDays.count ? total.answerDays[index] : 0
            out +=
                "<tr><td>\(escape(bucket))</td><td class=\"n\">\(count)</td><td class=\"n\">\(escape(percent(count, of: total.answered)))</td></tr>\n"
        }
        out += "</table>\n</section>\n"
        return out
    }

    /// Every month of the range when it is at most three years, else those with counts.
    func chartMonths(_ rows: [StatisticsRow]) -> [String] {
        var months: [String] = []
        var (year, month) = (Int(report.from.prefix(4)) ?? 0, Int(report.from.suffix(2)) ?? 1)
        while months.count <= 36 {
            let text = String(format: "%04d-%02d", year, month)
            if text > report.to { return months }
            months.append(text)
            month += 1
            if month > 12 { (year, month) = (year + 1, 1) }
        }
        return Set(rows.map(\.month)).sorted()
    }

    /// A gridline step that gives a handful of lines up to `maximum`.
    static func step(for maximum: Int) -> Int {
        var base = 1
        while true {
            for multiple in [1, 2, 5] where maximum / (base * multiple) <= 5 { return base * multiple }
            base *= 10
        }
    }

    func contactsChart(_ rows: [StatisticsRow], months: [String]) -> String {
        let width = 680.0, height = 260.0, left = 44.0, bottom = 40.0, top = 12.0
        let totals = months.map { month in rows.filter { $0.month == month }.reduce(0) { $0 + $1.newConversations } }
        let step = Self.step(for: max(1, totals.max() ?? 1))
        let top_ = ((max(1, totals.max() ?? 1) + step - 1) / step) * step
        let plotHeight = height - bottom - top
        let slot = (width - left - 8) / Double(max(1, months.count))
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(word("contactsChart")))\">\n"
        for value in stride(from: 0, through: top_, by: step) {
            let y = top + plotHeight * (1 - Double(value) / Double(top_))
            svg += "<line x1=\"\(left)\" y1=\"\(f(y))\" x2=\"\(width - 8)\" y2=\"\(f(y))\" stroke=\"#e2e8f0\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(value)</text>\n"
        }
        for (index, month) in months.enumerated() {
            let x = left + slot * Double(index) + slot * 0.15
            var y = top + plotHeight
            for channel in Channel.allCases {
                let count = rows.first { $0.month == month && $0.channel == channel }?.newConversations ?? 0
                guard count > 0 else { continue }
                let h = plotHeight * Double(count) / Double(top_)
                y -= h
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(slot * 0.7))\" height=\"\(f(h))\" fill=\"\(Self.channelColours[channel]!)\"><title>\(escape(month)) \(escape(word("channel.\(channel.rawValue)"))): \(count)</title></rect>"
            }
            let label = month.suffix(2)
            svg += "<text x=\"\(f(x + slot * 0.35))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\">\(label)</text>"
            if index == 0 || label == "01" {
                svg +=
                    "<text x=\"\(f(x + slot * 0.35))\" y=\"\(f(height - bottom + 28))\" text-anchor=\"middle\">\(month.prefix(4))</text>"
            }
            svg += "\n"
        }
        svg +=
            "<line x1=\"\(left)\" y1=\"\(f(top + plotHeight))\" x2=\"\(width - 8)\" y2=\"\(f(top + plotHeight))\" stroke=\"#4a5568\"/>\n</svg>"
        return svg
    }

    func answerChart(_ total: StatisticsRow, promise: Int?) -> String {
        let width = 680.0, height = 240.0, left = 44.0, bottom = 40.0, top = 12.0
        let counts = report.buckets.indices.map { $0 < total.answerDays.count ? total.answerDays[$0] : 0 }
        let step = Self.step(for: max(1, counts.max() ?? 1))
        let top_ = ((max(1, counts.max() ?? 1) + step - 1) / step) * step
        let plotHeight = height - bottom - top
        let slot = (width - left - 8) / Double(counts.count)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(word("answerChart")))\">\n"
        for value in stride(from: 0, through: top_, by: step) {
            let y = top + plotHeight * (1 - Double(value) / Double(top_))
            svg += "<line x1=\"\(left)\" y1=\"\(f(y))\" x2=\"\(width - 8)\" y2=\"\(f(y))\" stroke=\"#e2e8f0\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(value)</text>\n"
        }
        for (index, count) in counts.enumerated() {
            let x = left + slot * Double(index) + slot * 0.15
            let h = plotHeight * Double(count) / Double(top_)
            let within = promise.map { Self.bucketUpperDays[index] <= $0 } ?? true
            let colour = promise == nil ? "#4a5568" : (within ? "#2f855a" : "#dd6b20")
            svg +=
                "<rect x=\"\(f(x))\" y=\"\(f(top + plotHeight - h))\" width=\"\(f(slot * 0.7))\" height=\"\(f(h))\" fill=\"\(colour)\"><title>\(escape(report.buckets[index])): \(count)</title></rect>"
            svg +=
                "<text x=\"\(f(x + slot * 0.35))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\">\(escape(report.buckets[index]))</text>\n"
        }
        if let promise, let last = Self.bucketUpperDays.firstIndex(where: { $0 >= promise }) {
            // The promise as a dashed line after the last bucket it covers in full.
            let covered = Self.bucketUpperDays[last] == promise ? last + 1 : last
            let x = left + slot * Double(covered)
            svg +=
                "<line x1=\"\(f(x))\" y1=\"\(top)\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight))\" stroke=\"#1a202c\" stroke-dasharray=\"5 3\"/>"
            svg += "<text x=\"\(f(x + 4))\" y=\"\(f(top + 10))\">\(escape(word("promise", ["days": String(promise)])))</text>\n"
        }
        svg +=
            "<text x=\"\(f(left + (width - left) / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(escape(word("days")))</text>\n"
        svg +=
            "<line x1=\"\(left)\" y1=\"\(f(top + plotHeight))\" x2=\"\(width - 8)\" y2=\"\(f(top + plotHeight))\" stroke=\"#4a5568\"/>\n</svg>"
        return svg
    }

    func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
