import LuckaCore

extension Array where Element == ClinicStatistics {
    /// Adds a month's row for `clinic`: to the last clinic's rows if it is the same one
    /// (both stores read the rows ordered by clinic), else as the next clinic.
    mutating func append(_ row: StatisticsRow, clinic: String) {
        if last?.clinic == clinic {
            self[count - 1].rows.append(row)
        } else {
            append(ClinicStatistics(clinic: clinic, name: nil, promiseDays: nil, rows: [row]))
        }
    }
}
