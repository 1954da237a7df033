import GRDB
import LuckaCore

/// The schema, as named migrations. A migration is frozen once shipped: change the
/// schema by adding a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-v1-initial") { db in
            try db.execute(sql: """
                CREATE TABLE clinic (
                    slug TEXT PRIMARY KEY NOT NULL,
                    signing_key BLOB CHECK (signing_key IS NULL OR length(signing_key) = 32),
                    profile_document BLOB,
                    profile_signature BLOB,
                    created TEXT NOT NULL
                );
                CREATE TABLE inbox_key (
                    clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                    epoch INTEGER NOT NULL CHECK (epoch > 0),
                    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
                    signature BLOB NOT NULL CHECK (length(signature) = 64),
                    created TEXT NOT NULL,
                    PRIMARY KEY (clinic, epoch)
                );
                CREATE TABLE staff (
                    id TEXT PRIMARY KEY NOT NULL,
                    clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                    signing_key BLOB NOT NULL UNIQUE CHECK (length(signing_key) = 32),
                    box_key BLOB NOT NULL CHECK (length(box_key) = 32),
                    role TEXT NOT NULL CHECK (role IN ('admin', 'counsellor')),
                    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'removed')),
                    display_name TEXT NOT NULL,
                    created TEXT NOT NULL
                );
                CREATE INDEX staff_by_clinic ON staff(clinic);
                CREATE TABLE wrapped_key (
                    staff TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('inbox', 'signing')),
                    epoch INTEGER NOT NULL,
                    wrapped BLOB NOT NULL,
                    PRIMARY KEY (staff, kind, epoch)
                );
                CREATE TABLE enrolment_token (
                    hash BLOB PRIMARY KEY NOT NULL,
                    clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'counsellor')),
                    founding INTEGER NOT NULL CHECK (founding IN (0, 1)),
                    expires TEXT NOT NULL
                );
                CREATE TABLE thread (
                    id INTEGER PRIMARY KEY,
                    lookup_hash BLOB NOT NULL UNIQUE CHECK (length(lookup_hash) = 32),
                    handle TEXT NOT NULL UNIQUE,
                    clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                    channel TEXT NOT NULL CHECK (channel IN ('self', 'relative', 'professional')),
                    status TEXT NOT NULL CHECK (status IN ('new', 'answered', 'closed')),
                    writer_key BLOB NOT NULL CHECK (length(writer_key) = 32),
                    created TEXT NOT NULL,
                    last_activity TEXT NOT NULL,
                    expires TEXT NOT NULL,
                    message_count INTEGER NOT NULL DEFAULT 0,
                    unread INTEGER NOT NULL DEFAULT 0,
                    -- Messages posted on count_day by each side, for the daily limits.
                    count_day TEXT NOT NULL,
                    writer_today INTEGER NOT NULL DEFAULT 0,
                    clinic_today INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX thread_inbox ON thread(clinic, last_activity DESC, id DESC);
                CREATE INDEX thread_expiry ON thread(expires);
                -- A rowid table: the rows carry kilobytes of ciphertext, which WITHOUT ROWID
                -- tables handle poorly.
                CREATE TABLE message (
                    id INTEGER PRIMARY KEY,
                    thread INTEGER NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    author TEXT NOT NULL CHECK (author IN ('writer', 'clinic')),
                    epoch INTEGER NOT NULL,
                    ciphertext BLOB NOT NULL,
                    date TEXT NOT NULL,
                    UNIQUE (thread, seq)
                );
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    staff TEXT NOT NULL,
                    action TEXT NOT NULL,
                    thread TEXT,
                    date TEXT NOT NULL
                );
                CREATE INDEX audit_by_staff ON audit(staff);
                """)
        }
        migrator.registerMigration("2026-12-v2-random-ids") { db in
            try randomIdentifiers(db)
        }
        migrator.registerMigration("2026-12-v3-identity-succession") { db in
            // A clinic's signing-key changes, in order (position 1, 2, ... per clinic; a
            // counter, not a clock), each signed by the old and the new key.
            try db.execute(sql: """
                CREATE TABLE identity_succession (
                    clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position > 0),
                    previous_key BLOB NOT NULL CHECK (length(previous_key) = 32),
                    next_key BLOB NOT NULL CHECK (length(next_key) = 32),
                    day TEXT NOT NULL CHECK (length(day) = 10),
                    previous_signature BLOB NOT NULL CHECK (length(previous_signature) = 64),
                    next_signature BLOB NOT NULL CHECK (length(next_signature) = 64),
                    PRIMARY KEY (clinic, position)
                );
                """)
        }
        migrator.registerMigration("2026-12-v4-desk") { db in
            try desk(db)
        }
        migrator.registerMigration("2026-12-v5-notices-statistics") { db in
            try noticesAndStatistics(db)
        }
        return migrator
    }

    /// Issue 14. Notice settings per clinic with a "writers have written" flag (no count,
    /// no time); statistics counters per clinic, month and channel, filled from the threads
    /// that still exist (threads deleted before cannot be counted: `statistics_since`
    /// names the month counting began, and `lucka-relay check` says so).
    static func noticesAndStatistics(_ db: Database) throws {
        let answerColumns = (0..<9).map { "answer_\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ",\n    ")
        try db.execute(sql: """
            CREATE TABLE notice (
                clinic TEXT PRIMARY KEY NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                -- A JSON array of e-mail addresses and hook URLs: the clinic's own contact data.
                targets TEXT NOT NULL,
                interval_minutes INTEGER NOT NULL CHECK (interval_minutes BETWEEN 15 AND 1440),
                daily_hour INTEGER CHECK (daily_hour IS NULL OR daily_hour BETWEEN 0 AND 23),
                -- Whether a writer has written since the last notice: a flag, not a count or a time.
                pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1))
            );
            CREATE TABLE statistics (
                clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                month TEXT NOT NULL CHECK (length(month) = 7),
                channel TEXT NOT NULL CHECK (channel IN ('self', 'relative', 'professional')),
                new_threads INTEGER NOT NULL DEFAULT 0,
                writer_messages INTEGER NOT NULL DEFAULT 0,
                clinic_messages INTEGER NOT NULL DEFAULT 0,
                answered INTEGER NOT NULL DEFAULT 0,
                \(answerColumns),
                within_promise INTEGER NOT NULL DEFAULT 0,
                deleted_writer INTEGER NOT NULL DEFAULT 0,
                deleted_staff INTEGER NOT NULL DEFAULT 0,
                expired INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (clinic, month, channel)
            ) WITHOUT ROWID;
            CREATE TABLE statistics_since (month TEXT NOT NULL CHECK (length(month) = 7));
            """)
        try db.execute(sql: "INSERT INTO statistics_since (month) VALUES (?)", arguments: [Day.today().month])
        try db.execute(sql: """
            INSERT INTO statistics (clinic, month, channel, new_threads)
                SELECT clinic, substr(created, 1, 7), channel, count(*) FROM thread WHERE true GROUP BY 1, 2, 3;
            INSERT INTO statistics (clinic, month, channel, writer_messages, clinic_messages)
                SELECT t.clinic, substr(m.date, 1, 7), t.channel, sum(m.author = 'writer'), sum(m.author = 'clinic')
                FROM message m JOIN thread t ON t.id = m.thread WHERE true GROUP BY 1, 2, 3
                ON CONFLICT (clinic, month, channel) DO UPDATE SET
                    writer_messages = writer_messages + excluded.writer_messages, clinic_messages = clinic_messages + excluded.clinic_messages;
            """)
        let firstAnswers = try Row.fetchAll(db, sql: """
            SELECT t.clinic, t.channel, t.created, min(m.date) AS answered FROM thread t
            JOIN message m ON m.thread = t.id AND m.author = 'clinic' GROUP BY t.id
            """)
        var promises: [String: AnswerPromise?] = [:]
        for row in firstAnswers {
            let clinic: String = row["clinic"]
            guard let created = Day(row["created"] as String), let answered = Day(row["answered"] as String),
                  let channel = Channel(rawValue: row["channel"]) else { continue }
            if promises[clinic] == nil { promises[clinic] = try SQLiteRelayStore.promise(clinic: clinic, db) }
            try SQLiteRelayStore.count([StatisticsCount.firstAnswer(
                clinic: clinic, channel: channel, created: created, answered: answered, promise: promises[clinic] ?? nil)], db)
        }
    }

    /// The counsellors' desk (issue 13): the day a writer's unanswered run began, for the
    /// queue's order and the overdue mark (a day, like every other date); the staff member
    /// handling a thread; how many messages each staff member has opened per thread, for
    /// unread counts per counsellor; sealed notes and templates. Existing threads get their waiting day from their
    /// messages' days.
    static func desk(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE thread ADD COLUMN waiting_since TEXT CHECK (waiting_since IS NULL OR length(waiting_since) = 10);
            ALTER TABLE thread ADD COLUMN handler TEXT REFERENCES staff(id) ON DELETE SET NULL;
            UPDATE thread SET waiting_since = (
                SELECT min(m.date) FROM message m
                WHERE m.thread = thread.id AND m.author = 'writer'
                    AND m.seq > coalesce((SELECT max(c.seq) FROM message c WHERE c.thread = thread.id AND c.author = 'clinic'), 0));
            CREATE INDEX thread_queue ON thread(clinic, status, waiting_since);
            CREATE TABLE seen (
                thread INTEGER NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
                staff TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
                -- The thread's message count when this staff member last opened it.
                seen_count INTEGER NOT NULL CHECK (seen_count >= 0),
                PRIMARY KEY (thread, staff)
            ) WITHOUT ROWID;
            -- Internal notes and answer templates, sealed by the staff tool (PROTOCOL.md
            -- section 18): the relay cannot open them. A note's seq counts per thread, and
            -- after_seq places it after that message; dates are days.
            CREATE TABLE note (
                id INTEGER PRIMARY KEY,
                thread INTEGER NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL CHECK (seq > 0),
                after_seq INTEGER NOT NULL CHECK (after_seq >= 0),
                epoch INTEGER NOT NULL,
                sealed BLOB NOT NULL,
                date TEXT NOT NULL,
                UNIQUE (thread, seq)
            );
            CREATE TABLE template (
                id TEXT PRIMARY KEY NOT NULL,
                clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                epoch INTEGER NOT NULL,
                sealed BLOB NOT NULL,
                date TEXT NOT NULL
            );
            CREATE INDEX template_by_clinic ON template(clinic);
            """)
    }

    /// Threads, messages and audit rows get random 63-bit ids instead of increasing ones,
    /// which placed each row in time (issue 12, finding 4); threads learn whether the
    /// clinic ever answered them, for the short expiry of unanswered ones. The tables are
    /// rebuilt with rows in the order of their new ids, so neither ids nor the new pages
    /// keep the old order; secure_delete zeroes the old pages as they are freed.
    static func randomIdentifiers(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE thread_id (old INTEGER PRIMARY KEY, new INTEGER NOT NULL UNIQUE);
            CREATE TEMP TABLE message_id (old INTEGER PRIMARY KEY, new INTEGER NOT NULL UNIQUE);
            CREATE TEMP TABLE audit_id (old INTEGER PRIMARY KEY, new INTEGER NOT NULL UNIQUE);
            """)
        for table in ["thread", "message", "audit"] {
            let old = try Int64.fetchAll(db, sql: "SELECT id FROM \(table)")
            var taken = Set<Int64>()
            let insert = try db.makeStatement(sql: "INSERT INTO temp.\(table)_id (old, new) VALUES (?, ?)")
            for id in old {
                var new = Identifier.rowID()
                while !taken.insert(new).inserted { new = Identifier.rowID() }
                try insert.execute(arguments: [id, new])
            }
        }
        try db.execute(sql: """
            CREATE TABLE thread_new (
                id INTEGER PRIMARY KEY,
                lookup_hash BLOB NOT NULL UNIQUE CHECK (length(lookup_hash) = 32),
                handle TEXT NOT NULL UNIQUE,
                clinic TEXT NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
                channel TEXT NOT NULL CHECK (channel IN ('self', 'relative', 'professional')),
                status TEXT NOT NULL CHECK (status IN ('new', 'answered', 'closed')),
                writer_key BLOB NOT NULL CHECK (length(writer_key) = 32),
                created TEXT NOT NULL,
                last_activity TEXT NOT NULL,
                expires TEXT NOT NULL,
                message_count INTEGER NOT NULL DEFAULT 0,
                unread INTEGER NOT NULL DEFAULT 0,
                count_day TEXT NOT NULL,
                writer_today INTEGER NOT NULL DEFAULT 0,
                clinic_today INTEGER NOT NULL DEFAULT 0,
                -- Whether a clinic reply was ever stored: unanswered threads expire sooner.
                clinic_replied INTEGER NOT NULL DEFAULT 0 CHECK (clinic_replied IN (0, 1))
            );
            INSERT INTO thread_new
                SELECT m.new, t.lookup_hash, t.handle, t.clinic, t.channel, t.status, t.writer_key, t.created, t.last_activity,
                    t.expires, t.message_count, t.unread, t.count_day, t.writer_today, t.clinic_today,
                    EXISTS (SELECT 1 FROM message WHERE message.thread = t.id AND message.author = 'clinic')
                FROM thread t JOIN temp.thread_id m ON m.old = t.id ORDER BY m.new;
            CREATE TABLE message_new (
                id INTEGER PRIMARY KEY,
                thread INTEGER NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                author TEXT NOT NULL CHECK (author IN ('writer', 'clinic')),
                epoch INTEGER NOT NULL,
                ciphertext BLOB NOT NULL,
                date TEXT NOT NULL,
                UNIQUE (thread, seq)
            );
            INSERT INTO message_new
                SELECT mm.new, tm.new, x.seq, x.author, x.epoch, x.ciphertext, x.date
                FROM message x JOIN temp.message_id mm ON mm.old = x.id JOIN temp.thread_id tm ON tm.old = x.thread ORDER BY mm.new;
            CREATE TABLE audit_new (
                id INTEGER PRIMARY KEY,
                staff TEXT NOT NULL,
                action TEXT NOT NULL,
                thread TEXT,
                date TEXT NOT NULL
            );
            INSERT INTO audit_new
                SELECT am.new, a.staff, a.action, a.thread, a.date FROM audit a JOIN temp.audit_id am ON am.old = a.id ORDER BY am.new;
            DROP TABLE message;
            DROP TABLE thread;
            DROP TABLE audit;
            ALTER TABLE thread_new RENAME TO thread;
            ALTER TABLE message_new RENAME TO message;
            ALTER TABLE audit_new RENAME TO audit;
            CREATE INDEX thread_inbox ON thread(clinic, last_activity DESC, id DESC);
            CREATE INDEX thread_expiry ON thread(expires);
            CREATE INDEX audit_by_staff ON audit(staff);
            CREATE INDEX audit_by_thread ON audit(thread);
            CREATE INDEX audit_by_date ON audit(date);
            DROP TABLE temp.thread_id;
            DROP TABLE temp.message_id;
            DROP TABLE temp.audit_id;
            """)
    }
}
