import Foundation

/// Checks a JSON value against the subset of JSON Schema (2020-12) that
/// docs/lotrinh-path.schema.json uses: type, const, enum, properties, required,
/// additionalProperties: false, items, $ref to #/$defs, oneOf, minimum, maximum,
/// exclusiveMinimum, exclusiveMaximum. Any other keyword is reported, so the schema cannot
/// silently outgrow the validator.
struct JSONSchemaValidator {
    let root: [String: Any]

    init(contentsOf url: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// Every violation, as "path: problem"; empty when the value conforms.
    func violations(of value: Any) -> [String] {
        var problems: [String] = []
        check(value, against: root, at: "$", problems: &problems)
        return problems
    }

    private static let known: Set<String> = ["$schema", "$id", "$defs", "title", "description", "type", "const", "enum", "properties",
                                             "required", "additionalProperties", "items", "$ref", "oneOf", "minimum", "maximum",
                                             "exclusiveMinimum", "exclusiveMaximum"]

    private func check(_ value: Any, against schema: [String: Any], at path: String, problems: inout [String]) {
        for keyword in schema.keys where !Self.known.contains(keyword) { problems.append("\(path): schema keyword '\(keyword)' is not supported") }
        if let reference = schema["$ref"] as? String {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            guard let target = (root["$defs"] as? [String: Any])?[name] as? [String: Any] else {
                problems.append("\(path): unresolved $ref \(reference)")
                return
            }
            check(value, against: target, at: path, problems: &problems)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = options.filter { option in
                var local: [String] = []
                check(value, against: option, at: path, problems: &local)
                return local.isEmpty
            }
            if matching.count != 1 { problems.append("\(path): matches \(matching.count) of the oneOf schemas, expected exactly 1") }
        }
        if let type = schema["type"] as? String, !Self.value(value, hasType: type) {
            problems.append("\(path): expected \(type), got \(Swift.type(of: value)) \(value)")
            return
        }
        if let constant = schema["const"], !Self.equal(value, constant) { problems.append("\(path): expected \(constant), got \(value)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal(value, $0) }) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if let number = Self.number(value) {
            if let minimum = schema["minimum"] as? Double, number < minimum { problems.append("\(path): \(number) < minimum \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number > maximum { problems.append("\(path): \(number) > maximum \(maximum)") }
            if let minimum = schema["exclusiveMinimum"] as? Double, number <= minimum { problems.append("\(path): \(number) <= \(minimum)") }
            if let maximum = schema["exclusiveMaximum"] as? Double, number >= maximum { problems.append("\(path): \(number) >= \(maximum)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing '\(key)'") }
            for (key, member) in object {
                if let property = properties[key] {
                    check(member, against: property, at: "\(path).\(key)", problems: &problems)
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path): unexpected '\(key)'")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { check(element, against: items, at: "\(path)[\(index)]", problems: &problems) }
        }
    }

    /// JSONSerialization gives NSNumber for numbers and booleans alike; booleans alone have the
    /// Objective-C type "c" (JSON numbers come back as integers or doubles).
    private static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    private static func number(_ value: Any) -> Double? {
        guard !isBoolean(value), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    private static func value(_ value: Any, hasType type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": isBoolean(value)
        case "number": number(value) != nil
        case "integer": number(value).map { $0 == $0.rounded() } ?? false
        default: false
        }
    }

    private static func equal(_ lhs: Any, _ rhs: Any) -> Bool {
        if let left = lhs as? String, let right = rhs as? String { return left == right }
        if let left = number(lhs), let right = number(rhs) { return left == right }
        return false
    }
}
