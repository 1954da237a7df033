import LuckaCore

extension StaffSession {
    /// Threads whose first message none of this member's keys can open, and whose writer
    /// never heard from the clinic: what an anonymous flood of made-up messages leaves.
    /// Looks through the whole inbox (every page); reads a thread only when its latest
    /// message does not open either.
    public func unreadableThreads(with clinicKeys: ClinicKeys) async throws -> [InboxEntry] {
        var found: [InboxEntry] = []
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
                if !answered, opened.messages.first?.envelope == nil { found.append(entry) }
            }
            cursor = page.next
        } while cursor != nil
        return found
    }

    /// Deletes the given threads in batches; returns how many the relay deleted.
    public func deleteJunk(_ handles: [String]) async throws -> Int {
        var deleted = 0
        var start = 0
        while start < handles.count {
            let batch = try Array(handles[start..<min(start + JunkDeleteRequest.maximumHandles, handles.count)]).map { try Self.checked($0) }
            let result = try await relay.staff(
                "POST", "/v1/staff/junk/delete", body: JunkDeleteRequest(handles: batch), key: keys.signing, as: JunkDeleteResult.self)
            deleted += result.deleted
            start += JunkDeleteRequest.maximumHandles
        }
        return deleted
    }
}
