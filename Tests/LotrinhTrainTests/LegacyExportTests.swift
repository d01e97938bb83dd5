import Foundation
import LotrinhTestSupport
import XCTest

/// The bundled vn-grade6 data exported the three ways a Vietnamese school's software writes it —
/// Windows-1258, Excel's "Unicode text" (UTF-16, tabs) and Excel's CSV under Vietnamese regional
/// settings (semicolons) — must validate, fit and report with the Vietnamese names intact.
final class LegacyExportTests: XCTestCase {
    private let directory = TemporaryDirectory("legacy-export")
    private let fileNames = ["responses.csv", "skills.csv", "prerequisites.csv", "resources.csv"]

    private func train(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    private func bundled(_ name: String) throws -> String {
        try String(contentsOf: RepositoryPaths.bundledDatasets.appendingPathComponent("vn-grade6/\(name)"), encoding: .utf8)
    }

    /// Writes every file of vn-grade6 through `encode` into a folder and returns it.
    private func export(_ label: String, _ encode: (String) -> [UInt8]) throws -> String {
        for name in fileNames { directory.write("\(label)/\(name)", bytes: encode(try bundled(name))) }
        return directory.path(label)
    }

    func testWindows1258UTF16AndSemicolonExportsValidateAndFitWithVietnameseNames() throws {
        let expectedNames = try skillNames(csv: try bundled("skills.csv"))
        XCTAssertEqual(expectedNames["T6.01"], "Tập hợp")
        let exports: [(String, [String], (String) -> [UInt8])] = [
            ("windows-1258", ["--encoding", "windows-1258"], { Self.windows1258(Self.crlf($0)) }),
            ("utf-16", [], { Self.utf16LittleEndianWithMark(Self.crlf(Self.separated($0, by: "\t"))) }),
            ("semicolon", [], { Array("\u{FEFF}".utf8) + Array(Self.crlf(Self.separated($0, by: ";")).utf8) }),
        ]
        for (label, options, encode) in exports {
            let folder = try export(label, encode)
            let validate = try train(["validate", "--data", folder] + options)
            XCTAssertEqual(validate.status, 0, "\(label): \(validate.standardError)")
            XCTAssertTrue(validate.standardOutput.contains("students      400"), "\(label): \(validate.standardOutput)")
            XCTAssertTrue(validate.standardOutput.contains("skills        45"), "\(label): \(validate.standardOutput)")
            XCTAssertTrue(validate.standardOutput.contains("resources     68"), "\(label): \(validate.standardOutput)")

            let model = directory.path("\(label).lotrinh")
            let fit = try train(["fit", "--data", folder, "--rank", "2", "--max-sweeps", "3", "--quiet", "--out", model] + options)
            XCTAssertEqual(fit.status, 0, "\(label): \(fit.standardError)")
            let csv = directory.path("\(label)-csv")
            let exported = try train(["export", model, "--csv", csv])
            XCTAssertEqual(exported.status, 0, "\(label): \(exported.standardError)")
            let names = try skillNames(csv: try String(contentsOfFile: csv + "/skills.csv", encoding: .utf8))
            XCTAssertEqual(names, expectedNames, label)

            // The teacher's tool reads the same export: Vietnamese names keep the report in Vietnamese.
            let path = try CommandRunner.run("lotrinh-path", ["student", "--model", model, "--answers", folder + "/responses.csv",
                                                              "--skills", folder + "/skills.csv", "--student", "17", "--max-steps", "3"] + options)
            XCTAssertEqual(path.status, 0, "\(label): \(path.standardError)")
            XCTAssertTrue(path.standardOutput.hasPrefix("Học sinh 17"), "\(label): \(path.standardOutput)")
            XCTAssertFalse(path.standardOutput.contains("\u{FFFD}"), "\(label): \(path.standardOutput)")
        }
    }

    // MARK: - Writing the exports (independent of the reader under test)

    private static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// Re-delimits a comma CSV without embedded newlines, quoting fields that contain the new separator.
    private static func separated(_ text: String, by separator: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            fields(String(line)).map { field in
                field.contains(separator) || field.contains("\"") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: separator)
        }.joined(separator: "\n")
    }

    private static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var previous: Character?
        for character in line {
            if character == "\"" {
                if quoted, previous == "\"" { field.append("\"") }
                quoted.toggle()
            } else if character == ",", !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
            previous = character
        }
        fields.append(field)
        return fields
    }

    private func skillNames(csv: String) throws -> [String: String] {
        let lines = csv.split(separator: "\n").map { Self.fields(String($0)) }
        let header = try XCTUnwrap(lines.first)
        let id = try XCTUnwrap(header.firstIndex(of: "skill_id")), name = try XCTUnwrap(header.firstIndex(of: "name"))
        return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[id], $0[name]) })
    }

    private static func utf16LittleEndianWithMark(_ text: String) -> [UInt8] {
        [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// Windows-1258 as Vietnamese Windows writes it, from CP1258.TXT: letters the code page has
    /// whole (à á â é ê í ó ô ú, ă đ ơ ư) as one byte; every other tone as the base letter followed
    /// by one of the five combining tone bytes.
    private static func windows1258(_ text: String) -> [UInt8] {
        let whole: [Character: UInt8] = [
            "À": 0xC0, "Á": 0xC1, "Â": 0xC2, "Ă": 0xC3, "È": 0xC8, "É": 0xC9, "Ê": 0xCA, "Í": 0xCD, "Đ": 0xD0, "Ó": 0xD3,
            "Ô": 0xD4, "Ơ": 0xD5, "Ù": 0xD9, "Ú": 0xDA, "Ư": 0xDD, "à": 0xE0, "á": 0xE1, "â": 0xE2, "ă": 0xE3, "è": 0xE8,
            "é": 0xE9, "ê": 0xEA, "í": 0xED, "đ": 0xF0, "ó": 0xF3, "ô": 0xF4, "ơ": 0xF5, "ù": 0xF9, "ú": 0xFA, "ư": 0xFD,
        ]
        let tones: [UInt32: UInt8] = [0x300: 0xCC, 0x301: 0xEC, 0x303: 0xDE, 0x309: 0xD2, 0x323: 0xF2]
        var bytes: [UInt8] = []
        for character in text {
            if character.isASCII {
                bytes += Array(String(character).utf8)
            } else if let byte = whole[character] {
                bytes.append(byte)
            } else {
                let scalars = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
                var base = String.UnicodeScalarView()
                var toneBytes: [UInt8] = []
                for scalar in scalars {
                    if let tone = tones[scalar.value] { toneBytes.append(tone) } else { base.append(scalar) }
                }
                let letter = Character(String(base).precomposedStringWithCanonicalMapping)
                bytes += letter.isASCII ? Array(String(letter).utf8) : [whole[letter]!]
                bytes += toneBytes
            }
        }
        return bytes
    }
}
