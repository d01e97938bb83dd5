import LinearAlgebra

/// The engine's one BLAS setting, for code that may not import `LinearAlgebra` (the executables,
/// `Recommend`): BLAS on one thread.
///
/// The engine makes many small BLAS calls, each from a thread of its own (the trainer's workers,
/// a service's requests); with OpenBLAS's worker threads as well, each call hands its work to them
/// and spins waiting, several times slower on two cores. Each executable calls
/// ``useOneThread()`` once at its start, before it starts threads of its own; `Trainer.fit` calls
/// it too, for a library user without such a start. The setting is made once per process
/// whoever calls first (``BLASRuntime/setThreadCount(_:)`` is its one implementation).
public enum EngineBLAS {
    /// Limits BLAS to one thread, the first time it is called in this process.
    public static func useOneThread() { _ = setOnce }

    private static let setOnce: Void = { BLASRuntime.setThreadCount(1) }()
}
