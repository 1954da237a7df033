import LuckaCore

/// What a junk scan found: the threads to delete, and how many it could not judge.
public struct JunkScan: Sendable {
    /// Unanswered threads whose first message none of this member's keys opens although
    /// it was sealed to an epoch the member holds.
    public let junk: [InboxEntry]
    /// Unopened threads sealed to an inbox epoch this member does not hold: possibly
    /// real conversations, never counted as junk.
    public let skipped: Int
}

extension StaffSession {
    /// Threads whose first message none of this member's keys can open, and whose writer
    /// never heard from the clinic: what an anonymous flood of made-up messages leaves.
    /// A thread with a message sealed to an epoch this member lacks is skipped, not
    /// judged: "I cannot open it" is not "nobody can". Looks through the whole inbox
    /// (every page); reads a thread only when its latest message does not open either.
    public func unreadableThreads(with clinicKeys: ClinicKeys) async throws -> JunkScan {
        var found: [InboxEntry] = []
        var skipped = 0
        var cursor: String?
        repeat {
            let page = try await inbox(cursor: cursor, limit: 200)
            for entry in page.threads where entry.status != .answered {
                if let latest = entry.latest,
                   Self.open([latest], writerKey: entry.writerKey.bytes, with: clinicKeys).messages.first?.envelope != nil {
                    continue
                }
                let (thread, opened) = try await self.thread(entry.handle, with: clinicKeys)
                let answered = thread.messages.contains { $0.author == .clinic }
                guard !answered, opened.messages.first?.envelope == nil else { continue }
                if thread.messages.contains(where: { clinicKeys.inbox[$0.epoch] == nil }) {
                    skipped += 1
                } else {
                    found.append(entry)
                }
            }
            cursor = page.next
        } while cursor != nil
        return JunkScan(junk: found, skipped: skipped)
    }

    /// Deletes the given threads in batches (admins only: the relay answers a counsellor
    /// with 403 `admin_only`). The relay leaves threads the clinic has answered; returns
    /// how many it deleted and how many it left for that reason.
    public func deleteJunk(_ handles: [String]) async throws -> JunkDeleteResult {
        var total = JunkDeleteResult(deleted: 0)
        var start = 0
        while start < handles.count {
            let batch = try Array(handles[start..<min(start + JunkDeleteRequest.maximumHandles, handles.count)]).map { try Self.checked($0) }
            let result = try await relay.staff(
                "POST", "/v1/staff/junk/delete", body: JunkDeleteRequest(handles: batch), key: keys.signing, as: JunkDeleteResult.self)
            total.deleted += result.deleted
            total.answered += result.answered
            start += JunkDeleteRequest.maximumHandles
        }
        return total
    }
}
