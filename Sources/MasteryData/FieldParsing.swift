#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsers for single CSV fields, working on raw bytes so no `String` is made per row.
enum FieldParsing {
    /// Parses an optionally signed decimal integer.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count, bytes.count - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// Parses a decimal number (`12`, `-0.5`, `1e-3`, `nan`, `inf`), as `strtod` reads it, rejecting
    /// anything with trailing characters or surrounding spaces. With `decimalComma`, `0,5` is read
    /// as 0.5 (a point is still accepted, but not both in one number: `1.000,5` is refused rather
    /// than guessed at).
    static func double(_ bytes: UnsafeRawBufferPointer, decimalComma: Bool = false) -> Double? {
        if let whole = integer(bytes) { return Double(whole) }
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        if decimalComma, bytes.contains(UInt8(ascii: ",")) {
            guard !bytes.contains(UInt8(ascii: ".")) else { return nil }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text in
            for (index, byte) in bytes.enumerated() {
                // strtod reads the C locale's point; the comma would otherwise end the number.
                text[index] = CChar(bitPattern: decimalComma && byte == UInt8(ascii: ",") ? UInt8(ascii: ".") : byte)
            }
            text[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &end)
            guard let end, end == text.baseAddress! + bytes.count, isspace(Int32(text[0])) == 0 else { return nil }
            return value
        }
    }

    /// Parses a timestamp as Unix seconds: a number in `unit` (`1445678901`, `1445678901.25`) or
    /// ISO 8601 (`2015-10-24`, `2015-10-24T09:28:21Z`, `2015-10-24 09:28:21.5+07:00`). Without an
    /// offset the time is taken as UTC.
    static func timestamp(_ bytes: UnsafeRawBufferPointer, unit: TimestampUnit = .seconds, decimalComma: Bool = false) -> Double? {
        if isISO8601(bytes) { return iso8601(bytes) }
        guard let value = double(bytes, decimalComma: decimalComma), value.isFinite else { return nil }
        return value * unit.seconds
    }

    /// True when the field is written as a date (`2015-10-24…`) rather than a number.
    static func isISO8601(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
    }

    /// Unix seconds beyond this (the year 5138) only make sense as milliseconds: 1.7e12 ms is 2023,
    /// as seconds it is the year 55,000. Times that far off would make a half-life in days 1000
    /// times too long without any error.
    static let latestPlausibleSeconds = 1e11

    private static func iso8601(_ bytes: UnsafeRawBufferPointer) -> Double? {
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            var value = 0
            for index in start..<(start + length) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var seconds = Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        var index = 10
        if index == bytes.count { return seconds }
        guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " "),
              let hour = number(11, 2), bytes.count > 13, bytes[13] == UInt8(ascii: ":"),
              let minute = number(14, 2), hour < 24, minute < 60 else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        index = 16
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let second = number(17, 2), second <= 60 else { return nil }
            seconds += Double(second)
            index = 19
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                var scale = 0.1
                let fractionStart = index
                while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    seconds += Double(bytes[index] &- UInt8(ascii: "0")) * scale
                    scale /= 10
                    index += 1
                }
                guard index > fractionStart else { return nil }
            }
        }
        if index == bytes.count { return seconds }
        switch bytes[index] {
        case UInt8(ascii: "Z"):
            return index + 1 == bytes.count ? seconds : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Double = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            guard let offsetHours = number(index + 1, 2) else { return nil }
            var offsetMinutes = 0
            var end = index + 3
            if end < bytes.count {
                if bytes[end] == UInt8(ascii: ":") { end += 1 }
                guard let minutes = number(end, 2) else { return nil }
                offsetMinutes = minutes
                end += 2
            }
            guard end == bytes.count, offsetHours < 24, offsetMinutes < 60 else { return nil }
            return seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)
        default:
            return nil
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
