import GRDB

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
        return migrator
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
