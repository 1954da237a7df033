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
        return migrator
    }
}
