extension String {
    /// The text with control characters (C0 but line feed and tab, DEL, C1) shown as `\u{XX}`:
    /// a skill name from a file anyone could edit must not move a terminal's cursor, recolour it
    /// or retitle its window when a command prints it.
    public var escapingControlCharacters: String {
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            let value = scalar.value
            if (value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(value) {
                result += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text safe in HTML (and XML) element content and in a quoted attribute value: `&`, `<`,
    /// `>`, `"` and `'` as references XML knows without a DTD, everything else (Vietnamese letters
    /// included, precomposed or not) as it is. The one rule every HTML report writes text with.
    ///
    /// Scalar by scalar, not character by character: `<` followed by a combining mark is one
    /// `Character` that is not `"<"`, yet an HTML parser still reads its `<` as markup.
    public var escapingHTML: String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
