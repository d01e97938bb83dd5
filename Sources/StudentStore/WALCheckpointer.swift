import Dispatch
import Foundation
import GRDB
// SQLite's C interface: the WAL hook that reports the log's size after each commit.
import GRDBSQLite

/// WAL checkpoints, mostly off the commit path.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the log past its threshold:
/// that commit's batches waited while thousands of pages were copied into the database file and
/// the file was synced, 30–64 ms on about one commit in a hundred under ingest, which was the
/// whole tail of the ingest latency (BENCHMARKS.md, "Session 21"). Here the writer's automatic
/// checkpoint is off, and the writer connection reports the log's size after each commit
/// (`sqlite3_wal_hook`). Past ``thresholdPages``, a connection of the checkpointer's own copies
/// the log into the database file on its own thread (a passive checkpoint, which waits for no
/// writer or reader). Meanwhile the writer goes on appending, so that copy never reaches the
/// log's end, and SQLite starts the log again from its beginning only once everything in it is
/// in the file: so after each copy the writer's next commit past the threshold copies the
/// pages appended since, itself, between two transactions. The log then restarts and its size is
/// bounded.
///
/// That catch-up is the one copy a commit waits for, so the checkpointer leaves it little: it
/// copies in rounds, each round the pages appended during the one before. The rounds end when
/// one finds fewer than ``smallRoundPages`` new pages, or more than half the pages the round
/// before it found (the writer then appends about as fast as a round copies and syncs the file,
/// and more rounds would only add syncs: at saturation a fifth fewer batches a second), or after
/// ``maxRounds``. With a single round, the writer's catch-up copied the 1,000–2,900 pages
/// appended during it and synced the file: 13–41 ms, about three times a second under ingest,
/// the whole tail of the ingest latency (BENCHMARKS.md, "Session 23").
final class WALCheckpointer: @unchecked Sendable {
    /// Past this many pages in the log, a checkpoint is due. Large, so that a leaf page rewritten
    /// by many commits (a student's place in `answers_by_student`) is copied once, not once per commit.
    private let thresholdPages: Int
    /// A round that finds fewer new pages than this is the last before the writer's catch-up.
    static let smallRoundPages = 256
    /// Rounds per checkpoint at most (each syncs the database file).
    static let maxRounds = 4
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "StudentStore.checkpoints")
    // Guards the three below.
    private let lock = NSLock()
    private var phase = Phase.idle
    private var completed = 0
    /// Whether the writer's hook holds a reference to this checkpointer (``watch(_:)``).
    private var watching = false

    private enum Phase {
        /// No copy under way, none waiting for the writer's catch-up.
        case idle
        /// The checkpointer's connection is copying the log (or about to).
        case copying
        /// A copy ended since the writer last caught up: the writer copies the rest.
        case copied
    }

    init(path: String, thresholdPages: Int) throws {
        self.thresholdPages = thresholdPages
        var configuration = Configuration()
        configuration.label = "StudentStore.checkpoints"
        configuration.prepareDatabase { db in
            // The checkpoint syncs the database file before the log may be reused.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Checkpoints that have run to the end (their rounds copied what the log held when the last
    /// round began).
    var completedCount: Int { lock.withLock { completed } }

    /// Whether the writer's next commit past the threshold copies what the last round left.
    var catchUpIsDue: Bool { lock.withLock { phase == .copied } }

    /// Turns off `db`'s automatic checkpoint and reports its commits to this checkpointer. `db`
    /// must be the store's one writer connection; ``stopWatching(_:)`` undoes it.
    func watch(_ db: Database) throws {
        // Set before the hook: `wal_autocheckpoint` installs a WAL hook of its own.
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        sqlite3_wal_hook(db.sqliteConnection, { context, connection, _, pages in
            Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue().logHas(pages: Int(pages), writer: connection)
            return SQLITE_OK
        }, Unmanaged.passRetained(self).toOpaque())
        lock.withLock { watching = true }
    }

    /// Removes the hook of ``watch(_:)``, then waits for a checkpoint under way and closes the
    /// checkpointer's connection (the store's last connection to close folds the log back).
    /// A second call (a close tried again after the pool failed to close) does nothing more: the
    /// reference the hook held is released once.
    func stopWatching(_ db: Database) throws {
        sqlite3_wal_hook(db.sqliteConnection, nil, nil)
        if lock.withLock({ () -> Bool in defer { watching = false }; return watching }) {
            Unmanaged.passUnretained(self).release()
        }
        queue.sync {}
        try connection.close()
    }

    /// Called on the writer's thread after each commit, with the pages now in the log.
    private func logHas(pages: Int, writer: OpaquePointer?) {
        guard pages >= thresholdPages else {
            // Below the threshold after a checkpoint was due, the log has started again: its last
            // round reached the end while the writer was idle. Nothing is left to catch up, and a
            // stale `.copied` would make the writer copy a whole log itself the next time.
            lock.withLock { if phase == .copied { phase = .idle } }
            return
        }
        let before: Phase = lock.withLock {
            let current = phase
            phase = current == .copied ? .idle : .copying
            return current
        }
        switch before {
        case .copied:
            // Between two transactions of the only writer: nothing is appended during this copy,
            // so it reaches the log's end (unless a reader still needs older pages; then the next
            // round tries again). A failure leaves the pages in the log, as durable there.
            _ = sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        case .idle:
            queue.async { self.checkpoint() }
        case .copying:
            break
        }
    }

    private func checkpoint() {
        // A failure (the disk full, say) leaves the pages in the log, where they are as durable;
        // the next commit past the threshold tries again.
        var copied = true
        var copiedBefore = 0, foundBefore = Int.max
        for _ in 0..<Self.maxRounds {
            guard let round = try? connection.writeWithoutTransaction({ try $0.checkpoint(.passive) }) else {
                copied = false
                break
            }
            // The pages this round found beyond the last one's (negative when the log restarted
            // meanwhile); the rules that end the rounds are in the type's comment.
            let found = round.walFrameCount - copiedBefore
            copiedBefore = round.checkpointedFrameCount
            if found < Self.smallRoundPages || 2 * found > foundBefore { break }
            foundBefore = found
        }
        lock.withLock {
            phase = copied ? .copied : .idle
            if copied { completed += 1 }
        }
    }
}
