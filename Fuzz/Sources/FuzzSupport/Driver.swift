import CLibFuzzer

/// Hands the process to libFuzzer with `testOneInput` as the target; returns its exit status.
///
/// SwiftPM links every executable with its module's own entry point as `main`, so libFuzzer's
/// `main` is never linked in; each target's main.swift calls this instead, which is what that
/// `main` would do.
public func runFuzzer(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    return LLVMFuzzerRunDriver(&argc, &argv, testOneInput)
}
