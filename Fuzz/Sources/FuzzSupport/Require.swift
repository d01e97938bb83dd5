#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The harness's assertion: prints `message` and aborts, which libFuzzer reports as a crash and
/// saves the input. (`precondition` drops its message in a release build, the build that fuzzes.)
public func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #fileID, line: UInt = #line) {
    guard !condition else { return }
    var text = "fuzz check failed at \(file):\(line): \(message())\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    abort()
}
