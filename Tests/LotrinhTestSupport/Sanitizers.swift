#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which sanitizer runtime this test process carries (`swift test --sanitize=…`), for the few
/// tests whose measurement the runtime itself distorts.
public enum Sanitizers {
    /// ThreadSanitizer maps shadow memory beside every allocation (peak memory grows with it)
    /// and its runtime dies on signals and limits the tests set for the child processes.
    public static var threadSanitizerIsActive: Bool { symbolExists("__tsan_init") }

    private static func symbolExists(_ name: String) -> Bool {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) != nil
    }
}
