import Foundation

/// The input files of one dataset: responses, and optionally skills, prerequisites and resources.
public struct DatasetFiles: Sendable, Equatable {
    /// File names of a layout, relative to a dataset folder.
    public struct Names: Sendable, Equatable {
        public var responses: String
        public var skills: String?
        public var prerequisites: String?
        public var resources: String?
    }

    public var responses: String
    public var skills: String?
    public var prerequisites: String?
    public var resources: String?

    public init(responses: String, skills: String? = nil, prerequisites: String? = nil, resources: String? = nil) {
        self.responses = responses
        self.skills = skills
        self.prerequisites = prerequisites
        self.resources = resources
    }

    /// The files of a dataset folder laid out as `preset` publishes them; optional files that are
    /// absent are left out, a missing responses file is an error.
    public init(directory: String, preset: DatasetPreset) throws(InputError) {
        let names = preset.fileNames
        func existing(_ name: String?) -> String? {
            guard let name else { return nil }
            let path = (directory as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        guard let responses = existing(names.responses) else {
            throw InputError(file: (directory as NSString).appendingPathComponent(names.responses), reason: .unreadable,
                             expected: "a \(preset.rawValue)-layout dataset folder with \(names.responses)")
        }
        self.init(responses: responses, skills: existing(names.skills),
                  prerequisites: existing(names.prerequisites), resources: existing(names.resources))
    }
}
