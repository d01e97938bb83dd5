import Foundation
import GRDB

extension StudentStore {
    /// Brings the file at `path` to the current schema, on a connection of its own: the writer's
    /// in-memory statement journal (`temp_store`) would hold a copy of every page an upgrade's
    /// copy reuses (1.1 GB of memory for 10 million answers, v2 to v3).
    static func upgradeSchema(at path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        let upgrading = try queue.inDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            return try !migrator.hasCompletedMigrations(db)
        }
        guard upgrading else { return }
        try migrator.migrate(queue)
        // The copy went through the log (1.7 GB for 10 million answers, v2 to v3). Folded into the
        // file and emptied here, not left to the close: a log file that is not deleted keeps its
        // size for good, reused from its start (a v3 build that migrated on the pool left 1.7 GB).
        try queue.inDatabase { _ = try $0.checkpoint(.truncate) }
    }

    /// The schema changes that opening the store at `path` will make, oldest first; none for a
    /// file that does not exist yet or has no tables. On a large file an open with changes to
    /// make takes long (v3 copies every answer: 35–65 s for 10 million on a 2-core VM), so a server
    /// says so first.
    public static func pendingUpgrades(at path: String) throws(StoreError) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                return applied.isEmpty ? [] : migrator.migrations.filter { !applied.contains($0) }
            }
        } catch {
            throw .database("\(path): \(error)")
        }
    }

    /// Schema v3: each answer names its student by the number of the student's row instead of by
    /// school id and stored id.
    ///
    /// A stored id is a pseudonym of 17 characters (or the id as given), and v2 wrote it, with the
    /// school id, into every answer row and into every entry of `answers_by_student`. Each answer
    /// goes to its student's place in that index, so the writer's B-tree searches compared those
    /// keys over and over (15 % of its CPU under ingest). Now the pseudonym is stored once per
    /// student, and an answer carries an integer: a third more answers per second, and 30 % fewer
    /// pages (an upgraded file keeps the old tables' pages free for new answers until `VACUUM`).
    /// The indexes are built after the copy, from sorted keys; one on a class's id, school and
    /// student serves a class's lookups by id alone and by school, in student order.
    ///
    /// The rows are copied into new tables (SQLite cannot change a column's meaning in place),
    /// keeping every answer's `seq`, so arrival order is unchanged. An answer without a student
    /// row cannot be written by any version of the store; if a file has one anyway, the migration
    /// fails and the file is left as it was rather than lose the answer.
    static func migrateToStudentNumbers(_ db: Database) throws {
        // v2's indexes go first, so that the new tables' indexes can take their names.
        try db.execute(sql: """
            DROP INDEX students_by_student;
            DROP INDEX students_by_class_id;
            DROP INDEX students_by_class;
            DROP INDEX answers_by_student;
            CREATE TABLE students_v3 (
                no INTEGER PRIMARY KEY,
                school_id TEXT NOT NULL,
                student TEXT NOT NULL,
                class_id TEXT,
                answers INTEGER NOT NULL
            );
            INSERT INTO students_v3 (school_id, student, class_id, answers)
            SELECT school_id, student, class_id, answers FROM students ORDER BY school_id, student;
            CREATE UNIQUE INDEX students_by_student ON students_v3 (student, school_id);
            CREATE TABLE answers_v3 (
                seq INTEGER PRIMARY KEY,
                school_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                student_no INTEGER NOT NULL,
                class_id TEXT,
                skill_id TEXT NOT NULL,
                item_id TEXT,
                outcome REAL NOT NULL,
                answered_at REAL NOT NULL
            );
            """)
        if let orphan = try Row.fetchOne(db, sql: """
            SELECT a.school_id, a.event_id, count(*) OVER () AS orphans FROM answers a
            WHERE NOT EXISTS (SELECT 1 FROM students_v3 s WHERE s.student = a.student AND s.school_id = a.school_id) LIMIT 1
            """) {
            throw StoreError.database("""
                schema v3: \(orphan["orphans"] as Int) stored answers have no student row (the first: school \
                '\(orphan["school_id"] as String)', event '\(orphan["event_id"] as String)'); the file was left unchanged
                """)
        }
        try db.execute(sql: """
            INSERT INTO answers_v3 (seq, school_id, event_id, student_no, class_id, skill_id, item_id, outcome, answered_at)
            SELECT a.seq, a.school_id, a.event_id, s.no, a.class_id, a.skill_id, a.item_id, a.outcome, a.answered_at
            FROM answers a JOIN students_v3 s ON s.student = a.student AND s.school_id = a.school_id ORDER BY a.seq;
            DROP TABLE answers;
            DROP TABLE students;
            ALTER TABLE students_v3 RENAME TO students;
            ALTER TABLE answers_v3 RENAME TO answers;
            CREATE UNIQUE INDEX answers_by_event ON answers (school_id, event_id);
            CREATE INDEX answers_by_student ON answers (student_no, answered_at, seq);
            CREATE INDEX students_by_class_id ON students (class_id, school_id, student);
            """)
    }
}
