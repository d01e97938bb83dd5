/// A problem with the files or ids a teacher gave (exit status 1), as opposed to a misuse of the
/// command line (ArgumentParser's `ValidationError`, exit status 64).
struct DataError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
