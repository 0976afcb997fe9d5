import PostgresKit
import PostgresNIO
import SQLKit

/// A row of a prepared statement, read cell by cell with PostgresNIO's own decoding: the store's columns
/// are integers and text, and those skip the generic SQLKit decoder, which builds a coding path and casts
/// dynamically for every cell (two records of ~40 columns per billed request).
struct PostgresCellsRow: SQLRow {
    let cells: PostgresRandomAccessRow
    let row: PostgresRow

    init(_ row: PostgresRow) {
        self.row = row
        cells = row.makeRandomAccess()
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool { !cells.contains(column) || cells[column].bytes == nil }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard cells.contains(column) else { return try row.sql().decode(column: column, as: D.self) }
        let cell = cells[column]
        if D.self == Int64.self { return unsafeBitCast(try cell.decode(Int64.self), to: D.self) }
        if D.self == Int64?.self { return unsafeBitCast(try cell.decode(Int64?.self), to: D.self) }
        if D.self == Int.self { return unsafeBitCast(try cell.decode(Int.self), to: D.self) }
        if D.self == Int?.self { return unsafeBitCast(try cell.decode(Int?.self), to: D.self) }
        if D.self == String.self { return unsafeBitCast(try cell.decode(String.self), to: D.self) }
        if D.self == String?.self { return unsafeBitCast(try cell.decode(String?.self), to: D.self) }
        return try row.sql().decode(column: column, as: D.self)
    }
}
