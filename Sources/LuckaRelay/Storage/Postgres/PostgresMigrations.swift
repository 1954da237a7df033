import PostgresNIO

/// The PostgreSQL schema, as named migrations, frozen once shipped like SQLite's (change
/// the schema by adding one). The first holds everything SQLite's five migrations built,
/// plus the two tables that let several relays share limits: the replay guard's nonces
/// and the write budgets.
///
/// Migrations run in one transaction under an advisory lock, so relays starting together
/// wait for one another instead of racing: the first migrates, the others find it done.
enum PostgresMigrations {

    static let all: [(id: String, statements: [String])] = [("2026-12-pg-v1-initial", initial)]
    static var identifiers: [String] { all.map(\.id) }

    static func migrate(_ connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_advisory_xact_lock(\(BackgroundJob.migration.lockKey)::int4, hashtext(current_schema()))")
        try await connection.execute("CREATE TABLE IF NOT EXISTS lucka_migration (id TEXT PRIMARY KEY NOT NULL)")
        let applied = Set(try await applied(connection))
        for migration in all where !applied.contains(migration.id) {
            for statement in migration.statements { try await connection.execute("\(raw: statement)") }
            try await connection.execute("INSERT INTO lucka_migration (id) VALUES (\(migration.id))")
        }
    }

    static func applied(_ connection: PostgresConnection) async throws -> [String] {
        let exists = try await connection.value("SELECT to_regclass('lucka_migration') IS NOT NULL", as: Bool.self) ?? false
        guard exists else { return [] }
        return try await connection.select("SELECT id FROM lucka_migration ORDER BY id").map { try $0.get("id") }
    }

    private static let answerColumns = (0..<9).map { "answer_\($0) BIGINT NOT NULL DEFAULT 0" }.joined(separator: ", ")

    /// Days are `YYYY-MM-DD` text, as in SQLite: nothing finer than a day is stored. Text
    /// compares byte by byte (`COLLATE "C"`), as in SQLite, whatever the database's locale.
    static let initial: [String] = [
        """
        CREATE TABLE clinic (
            slug TEXT COLLATE "C" PRIMARY KEY NOT NULL,
            signing_key BYTEA CHECK (signing_key IS NULL OR length(signing_key) = 32),
            profile_document BYTEA,
            profile_signature BYTEA,
            created TEXT COLLATE "C" NOT NULL
        )
        """,
        """
        CREATE TABLE inbox_key (
            clinic TEXT COLLATE "C" NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            epoch BIGINT NOT NULL CHECK (epoch > 0),
            public_key BYTEA NOT NULL CHECK (length(public_key) = 32),
            signature BYTEA NOT NULL CHECK (length(signature) = 64),
            created TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (clinic, epoch)
        )
        """,
        """
        CREATE TABLE staff (
            id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
            clinic TEXT COLLATE "C" NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            signing_key BYTEA NOT NULL UNIQUE CHECK (length(signing_key) = 32),
            box_key BYTEA NOT NULL CHECK (length(box_key) = 32),
            role TEXT COLLATE "C" NOT NULL CHECK (role IN ('admin', 'counsellor')),
            status TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending', 'active', 'removed')),
            display_name TEXT COLLATE "C" NOT NULL,
            created TEXT COLLATE "C" NOT NULL
        )
        """,
        "CREATE INDEX staff_by_clinic ON staff(clinic)",
        """
        CREATE TABLE wrapped_key (
            staff TEXT COLLATE "C" NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
            kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('inbox', 'signing')),
            epoch BIGINT NOT NULL,
            wrapped BYTEA NOT NULL,
            PRIMARY KEY (staff, kind, epoch)
        )
        """,
        """
        CREATE TABLE enrolment_token (
            hash BYTEA PRIMARY KEY NOT NULL,
            clinic TEXT COLLATE "C" NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            role TEXT COLLATE "C" NOT NULL CHECK (role IN ('admin', 'counsellor')),
            founding BOOLEAN NOT NULL,
            expires TEXT COLLATE "C" NOT NULL
        )
        """,
        // Random 63-bit ids (Identifier.rowID), as in SQLite since issue 12.
        """
        CREATE TABLE thread (
            id BIGINT PRIMARY KEY NOT NULL,
            lookup_hash BYTEA NOT NULL UNIQUE CHECK (length(lookup_hash) = 32),
            handle TEXT COLLATE "C" NOT NULL UNIQUE,
            clinic TEXT COLLATE "C" NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            channel TEXT COLLATE "C" NOT NULL CHECK (channel IN ('self', 'relative', 'professional')),
            status TEXT COLLATE "C" NOT NULL CHECK (status IN ('new', 'answered', 'closed')),
            writer_key BYTEA NOT NULL CHECK (length(writer_key) = 32),
            created TEXT COLLATE "C" NOT NULL,
            last_activity TEXT COLLATE "C" NOT NULL,
            expires TEXT COLLATE "C" NOT NULL,
            message_count BIGINT NOT NULL DEFAULT 0,
            unread BIGINT NOT NULL DEFAULT 0,
            count_day TEXT COLLATE "C" NOT NULL,
            writer_today BIGINT NOT NULL DEFAULT 0,
            clinic_today BIGINT NOT NULL DEFAULT 0,
            clinic_replied BOOLEAN NOT NULL DEFAULT false,
            waiting_since TEXT COLLATE "C" CHECK (waiting_since IS NULL OR length(waiting_since) = 10),
            handler TEXT COLLATE "C" REFERENCES staff(id) ON DELETE SET NULL
        )
        """,
        "CREATE INDEX thread_inbox ON thread(clinic, last_activity DESC, id DESC)",
        "CREATE INDEX thread_expiry ON thread(expires)",
        "CREATE INDEX thread_queue ON thread(clinic, status, waiting_since)",
        """
        CREATE TABLE message (
            id BIGINT PRIMARY KEY NOT NULL,
            thread BIGINT NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
            seq BIGINT NOT NULL,
            author TEXT COLLATE "C" NOT NULL CHECK (author IN ('writer', 'clinic')),
            epoch BIGINT NOT NULL,
            ciphertext BYTEA NOT NULL,
            date TEXT COLLATE "C" NOT NULL,
            UNIQUE (thread, seq)
        )
        """,
        // Ciphertext does not compress: store it out of line without trying.
        "ALTER TABLE message ALTER COLUMN ciphertext SET STORAGE EXTERNAL",
        """
        CREATE TABLE audit (
            id BIGINT PRIMARY KEY NOT NULL,
            staff TEXT COLLATE "C" NOT NULL,
            action TEXT COLLATE "C" NOT NULL,
            thread TEXT COLLATE "C",
            date TEXT COLLATE "C" NOT NULL
        )
        """,
        "CREATE INDEX audit_by_staff ON audit(staff)",
        "CREATE INDEX audit_by_thread ON audit(thread)",
        "CREATE INDEX audit_by_date ON audit(date)",
        """
        CREATE TABLE identity_succession (
            clinic TEXT COLLATE "C" NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            position BIGINT NOT NULL CHECK (position > 0),
            previous_key BYTEA NOT NULL CHECK (length(previous_key) = 32),
            next_key BYTEA NOT NULL CHECK (length(next_key) = 32),
            day TEXT COLLATE "C" NOT NULL CHECK (length(day) = 10),
            previous_signature BYTEA NOT NULL CHECK (length(previous_signature) = 64),
            next_signature BYTEA NOT NULL CHECK (length(next_signature) = 64),
            PRIMARY KEY (clinic, position)
        )
        """,
        """
        CREATE TABLE seen (
            thread BIGINT NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
            staff TEXT COLLATE "C" NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
            seen_count BIGINT NOT NULL CHECK (seen_count >= 0),
            PRIMARY KEY (thread, staff)
        )
        """,
        """
        CREATE TABLE note (
            id BIGINT PRIMARY KEY NOT NULL,
            thread BIGINT NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
            seq BIGINT NOT NULL CHECK (seq > 0),
            after_seq BIGINT NOT NULL CHECK (after_seq >= 0),
            epoch BIGINT NOT NULL,
            sealed BYTEA NOT NULL,
            date TEXT COLLATE "C" NOT NULL,
            UNIQUE (thread, seq)
        )
        """,
        """
        CREATE TABLE template (
            id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
            clinic TEXT COLLATE "C" NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            epoch BIGINT NOT NULL,
            sealed BYTEA NOT NULL,
            date TEXT COLLATE "C" NOT NULL
        )
        """,
        "CREATE INDEX template_by_clinic ON template(clinic)",
        """
        CREATE TABLE notice (
            clinic TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            targets TEXT COLLATE "C" NOT NULL,
            interval_minutes BIGINT NOT NULL CHECK (interval_minutes BETWEEN 15 AND 1440),
            daily_hour BIGINT CHECK (daily_hour IS NULL OR daily_hour BETWEEN 0 AND 23),
            pending BOOLEAN NOT NULL DEFAULT false
        )
        """,
        """
        CREATE TABLE statistics (
            clinic TEXT COLLATE "C" NOT NULL REFERENCES clinic(slug) ON DELETE CASCADE,
            month TEXT COLLATE "C" NOT NULL CHECK (length(month) = 7),
            channel TEXT COLLATE "C" NOT NULL CHECK (channel IN ('self', 'relative', 'professional')),
            new_threads BIGINT NOT NULL DEFAULT 0,
            writer_messages BIGINT NOT NULL DEFAULT 0,
            clinic_messages BIGINT NOT NULL DEFAULT 0,
            answered BIGINT NOT NULL DEFAULT 0,
            \(answerColumns),
            within_promise BIGINT NOT NULL DEFAULT 0,
            deleted_writer BIGINT NOT NULL DEFAULT 0,
            deleted_staff BIGINT NOT NULL DEFAULT 0,
            expired BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (clinic, month, channel)
        )
        """,
        #"CREATE TABLE statistics_since (month TEXT COLLATE "C" NOT NULL CHECK (length(month) = 7))"#,
        "INSERT INTO statistics_since (month) VALUES (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'))",
        // Signed staff requests seen, so one cannot be replayed to another relay. `slot` is
        // a ten-minute window counted modulo 4, not a time: rows go two windows later.
        """
        CREATE TABLE nonce (
            staff_key BYTEA NOT NULL CHECK (length(staff_key) = 32),
            nonce TEXT COLLATE "C" NOT NULL,
            slot SMALLINT NOT NULL CHECK (slot BETWEEN 0 AND 3),
            PRIMARY KEY (staff_key, nonce)
        )
        """,
        "CREATE INDEX nonce_by_slot ON nonce(slot)",
        // What anonymous sources and clinics have spent of their write budgets in the
        // current window. The key is a keyed hash of the source (or clinic), the budget and
        // the window, under a key the database never sees: a row names no address and no
        // hour. `day` lets old rows be deleted.
        """
        CREATE TABLE budget (
            key BYTEA PRIMARY KEY NOT NULL CHECK (length(key) = 16),
            day TEXT COLLATE "C" NOT NULL CHECK (length(day) = 10),
            used BIGINT NOT NULL CHECK (used >= 0)
        )
        """,
        "CREATE INDEX budget_by_day ON budget(day)",
    ]
}
