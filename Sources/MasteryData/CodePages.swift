/// The Windows single-byte code pages Lotrinh converts, from the mappings Microsoft published
/// through the Unicode Consortium (MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT and CP1258.TXT).
/// Bytes below 0x80 are ASCII in both.
enum CodePage {
    /// Unicode scalar of each byte 0x80–0xFF; 0 where the code page defines no character.
    static func table(_ encoding: TextEncoding) -> [UInt32] {
        switch encoding {
        case .windows1258: windows1258
        case .windows1252: windows1252
        case .utf8, .utf16: []
        }
    }

    /// 0x80–0x9F, where both pages put typographic punctuation instead of C1 controls.
    private static let punctuation1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Windows-1252: the punctuation row, then Latin-1 (0xA0–0xFF map to U+00A0–U+00FF).
    static let windows1252: [UInt32] = punctuation1252 + (0xA0...0xFF).map { UInt32($0) }

    /// Windows-1258 differs from 1252 in the punctuation row (no Š, Ž) and in 18 bytes of the
    /// upper half that hold the Vietnamese letters (Ă Đ Ơ Ư, ₫) and the five tone marks, which are
    /// combining characters placed after the vowel.
    static let windows1258: [UInt32] = {
        var table = windows1252
        for byte in [0x8A, 0x8E, 0x9A, 0x9E] { table[byte - 0x80] = 0 }
        let vietnamese: [Int: UInt32] = [
            0xC3: 0x0102, 0xCC: 0x0300, 0xD0: 0x0110, 0xD2: 0x0309, 0xD5: 0x01A0, 0xDD: 0x01AF, 0xDE: 0x0303,
            0xE3: 0x0103, 0xEC: 0x0301, 0xF0: 0x0111, 0xF2: 0x0323, 0xF5: 0x01A1, 0xFD: 0x01B0, 0xFE: 0x20AB,
        ]
        for (byte, scalar) in vietnamese { table[byte - 0x80] = scalar }
        return table
    }()

    /// `bytes` read in `encoding`, with bytes it does not define shown as `\xNN`; for hints.
    static func decode(_ bytes: some Sequence<UInt8>, as encoding: TextEncoding) -> String {
        let table = table(encoding)
        var text = ""
        for byte in bytes {
            if byte < 0x80 {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else if let scalar = Unicode.Scalar(table[Int(byte) - 0x80]), table[Int(byte) - 0x80] != 0 {
                text.unicodeScalars.append(scalar)
            } else {
                text += UTF8Validation.escaped(byte)
            }
        }
        return text
    }
}

/// UTF-8 checks for the CSV reader: where the first invalid byte is, and what it may have meant.
enum UTF8Validation {
    /// Offset and length of the first invalid sequence in `bytes` (overlong forms, surrogates and
    /// code points past U+10FFFF are invalid, as in RFC 3629), or nil when all of it is UTF-8.
    static func firstInvalid(_ bytes: UnsafeRawBufferPointer) -> (offset: Int, length: Int)? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return (index, 1)
            }
            for offset in 1..<length {
                guard index + offset < count else { return (index, offset) }
                let byte = bytes[index + offset]
                let (lower, upper) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= lower, byte <= upper else { return (index, offset) }
            }
            index += length
        }
        return nil
    }

    /// `\xE1`: how a message shows a byte that is not text.
    static func escaped(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    /// The field with every invalid byte written `\xNN`, so the message shows exactly what is there.
    static func shown(_ bytes: UnsafeRawBufferPointer) -> String {
        var text = ""
        var start = 0
        while start < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
            guard let (offset, length) = firstInvalid(rest) else {
                text += String(decoding: rest, as: UTF8.self)
                break
            }
            text += String(decoding: rest[..<offset], as: UTF8.self)
            for byte in rest[offset..<(offset + length)] { text += escaped(byte) }
            start += offset + length
        }
        return text
    }

    /// Which legacy export `bytes` most likely is, as advice for the error message: a field whose
    /// Windows-1258 reading has letters only Vietnamese uses (ă â đ ê ô ơ ư or a tone mark) is a
    /// Vietnamese export; anything else is suggested as Windows-1252.
    static func legacyHint(_ bytes: UnsafeRawBufferPointer) -> String {
        let vietnamese = CodePage.decode(bytes, as: .windows1258).precomposedNFC
        let vietnameseOnly: Set<Unicode.Scalar> = ["ă", "â", "đ", "ê", "ô", "ơ", "ư", "Ă", "Â", "Đ", "Ê", "Ô", "Ơ", "Ư"]
        let isVietnamese = vietnamese.unicodeScalars.contains {
            vietnameseOnly.contains($0) || (0x1EA0...0x1EF9).contains($0.value) || [0x0300, 0x0301, 0x0303, 0x0309, 0x0323].contains($0.value)
        }
        if isVietnamese {
            return "as Windows-1258 (Vietnamese) it reads \"\(vietnamese)\": convert it with --encoding windows-1258"
        }
        return "as Windows-1252 it reads \"\(CodePage.decode(bytes, as: .windows1252))\": convert it with --encoding windows-1252 (or windows-1258 for Vietnamese)"
    }
}
