import Foundation
import LuckaCore
import Testing

@testable import LuckaRelay

/// Clinics, members, notices and the store's own bookkeeping.
@Suite("Store contract: clinics, members, notices")
struct ClinicContractTests {
    typealias C = StoreContract

    @Test("Clinics: a slug is created once; unknown slugs read as nothing; a used or unknown enrolment token enrols nobody")
    func clinicsAndTokens() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            #expect(await C.storeError {
                try await store.createClinic(slug: clinic.slug, foundingTokenHash: Random.bytes(32), tokenExpires: C.today, today: C.today)
            } == .conflict)
            #expect(try await store.clinic(slug: "ingen") == nil)
            #expect(try await store.clinics().map(\.slug).contains(clinic.slug))
            #expect(try await store.clinic(slug: clinic.slug)?.isSetUp == true)
            #expect(try await store.enrolmentToken(hash: Random.bytes(32)) == nil)
            let hash = Random.bytes(32)
            try await store.addEnrolmentToken(hash: hash, clinic: clinic.slug, role: .counsellor, expires: C.today.adding(days: 7))
            #expect(try await store.enrolmentToken(hash: hash) == EnrolmentTokenRow(clinic: clinic.slug, role: .counsellor, founding: false, expires: C.today.adding(days: 7)))
            let member = StaffRow(
                id: Random.bytes(8).hex, clinic: clinic.slug, signingKey: Random.bytes(32), boxKey: Random.bytes(32), role: .counsellor,
                status: .pending, displayName: "Ny", created: C.today)
            #expect(await C.storeError { _ = try await store.enrol(tokenHash: Random.bytes(32), member: member, setup: nil, today: C.today) } == .notFound)
            let enrolled = try await store.enrol(tokenHash: hash, member: member, setup: nil, today: C.today)
            #expect(enrolled.status == .pending && enrolled.clinic == clinic.slug)
            #expect(try await store.staff(signingKey: member.signingKey)?.id == enrolled.id)
            #expect(try await store.staff(id: enrolled.id)?.displayName == "Ny")
            // The token is spent.
            var again = member
            again.id = Random.bytes(8).hex
            again.signingKey = Random.bytes(32)
            #expect(await C.storeError { _ = try await store.enrol(tokenHash: hash, member: again, setup: nil, today: C.today) } == .notFound)
        }
    }

    @Test("Approval: only of a pending member (notFound otherwise, whatever keys come with it), only with a key of the current epoch")
    func approval() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let pending = try await relay.addPending("Väntande", in: clinic)
            let stale = [WrappedKey(staffID: pending.id, kind: .inbox, epoch: clinic.epoch + 1, wrapped: Random.bytes(80))]
            let current = [WrappedKey(staffID: pending.id, kind: .inbox, epoch: clinic.epoch, wrapped: Random.bytes(80))]
            #expect(await C.storeError { try await store.approve(staffID: pending.id, clinic: clinic.slug, wrappedKeys: stale) } == .conflict)
            #expect(try await store.staff(id: pending.id)?.status == .pending)
            #expect(await C.storeError { try await store.approve(staffID: "ingen", clinic: clinic.slug, wrappedKeys: stale) } == .notFound)
            #expect(await C.storeError { try await store.approve(staffID: pending.id, clinic: "andra", wrappedKeys: current) } == .notFound)
            try await store.approve(staffID: pending.id, clinic: clinic.slug, wrappedKeys: current)
            #expect(try await store.staff(id: pending.id)?.status == .active)
            #expect(try await store.wrappedKeys(staffID: pending.id) == current)
            #expect(await C.storeError { try await store.approve(staffID: pending.id, clinic: clinic.slug, wrappedKeys: current) } == .notFound)
        }
    }

    @Test("Notices: settings per clinic; a new thread and a writer's message raise the flag, a reply does not; the flag is taken once")
    func notices() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let settings = NoticeSettings(targets: ["rådgivning@example.org"], intervalMinutes: 60)
            #expect(await C.storeError { try await store.setNoticeSettings(clinic: "ingen", settings) } == .notFound)
            #expect(try await store.noticeSettings(clinic: clinic.slug) == nil)
            try await store.setNoticeSettings(clinic: clinic.slug, settings)
            #expect(try await store.noticeSettings(clinic: clinic.slug) == settings)
            #expect(try await store.noticeClinics() == [NoticeClinic(clinic: clinic.slug, settings: settings, pending: false)])

            let row = try await C.create(store, C.thread(clinic))
            #expect(try await store.noticeClinics().first?.pending == true)
            #expect(try await store.takeNoticeFlag(clinic: clinic.slug) == true)
            #expect(try await store.takeNoticeFlag(clinic: clinic.slug) == false)
            try await C.append(store, C.message(row, .clinic, epoch: clinic.epoch))
            #expect(try await store.takeNoticeFlag(clinic: clinic.slug) == false)
            try await C.append(store, C.message(row, .writer, epoch: clinic.epoch))
            #expect(try await store.takeNoticeFlag(clinic: clinic.slug) == true)

            try await store.setNoticeSettings(clinic: clinic.slug, NoticeSettings(targets: [], intervalMinutes: 60))
            #expect(try await store.noticeSettings(clinic: clinic.slug) == nil)
            #expect(try await store.noticeClinics().isEmpty)
        }
    }

    @Test("Audit: rows by day, newest first, bounded; filtered by dates; the check counts what is there")
    func auditAndCheck() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let before = try await store.auditLog(clinic: clinic.slug, limit: 100).count
            for back in [3, 1, 2] {
                try await store.audit(staffID: clinic.admin.id, action: "day-\(back)", threadHandle: nil, today: C.today.adding(days: -back))
            }
            let all = try await store.auditLog(clinic: clinic.slug, limit: 100)
            #expect(all.count == before + 3)
            #expect(Array(all.map(\.action).filter { $0.hasPrefix("day-") }) == ["day-1", "day-2", "day-3"])
            let window = try await store.auditLog(clinic: clinic.slug, from: C.today.adding(days: -2), to: C.today.adding(days: -1), limit: 100)
            #expect(window.map(\.action) == ["day-1", "day-2"])
            #expect(try await store.auditLog(clinic: clinic.slug, from: nil, to: nil, limit: 1).count == 1)
            #expect(try await store.auditLog(clinic: "andra", limit: 100).isEmpty)

            _ = try await C.create(store, C.thread(clinic))
            let health = try await store.check()
            #expect(health.integrityOK && health.isUpToDate)
            #expect(health.clinics >= 1 && health.threads == 1 && health.messages == 1)
            #expect(try await store.statisticsSince() != nil)
        }
    }
}

/// A staff action and its audit row are one transaction: both or neither.
@Suite("Store contract: audit rows with their actions")
struct AuditContractTests {
    typealias C = StoreContract

    @Test("An action that takes effect writes its row; one refused or failing writes none")
    func bothOrNeither() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            func actions() async throws -> [String] { try await store.auditLog(clinic: clinic.slug, limit: 500).map(\.action) }
            func audit(_ action: String) -> AuditRecord { AuditRecord(staffID: clinic.admin.id, action: action, today: C.today) }
            let row = try await C.create(store, C.thread(clinic))

            try await store.setStatus(thread: row.id, status: .closed, audit: audit("status-ok"))
            guard case .dailyLimit = try await store.append(C.message(row, .writer, epoch: clinic.epoch), dailyLimit: 1, audit: audit("append-limited")) else {
                Issue.record("the second message of the day was stored")
                return
            }
            guard case .staleEpoch = try await store.append(C.message(row, .clinic, epoch: clinic.epoch + 1), dailyLimit: 9, audit: audit("append-stale")) else {
                Issue.record("a reply under another epoch was stored")
                return
            }
            #expect(try await store.addNote(
                thread: row.id, epoch: clinic.epoch, sealed: Random.bytes(40), expected: (5, 5), today: C.today, limit: 9, audit: audit("note-moved")) == .moved)
            #expect(try await store.deleteTemplate(clinic: clinic.slug, id: "t-nothing", audit: audit("template-gone")) == false)
            try await store.deleteThread(row.id, cause: .staff, today: C.today, audit: audit("delete-ok"))
            #expect(await C.storeError { try await store.setStatus(thread: row.id, status: .new, audit: audit("status-gone")) } == .notFound)
            #expect(await C.storeError { try await store.approve(staffID: "ingen", clinic: clinic.slug, wrappedKeys: [], audit: audit("approve-none")) } == .notFound)

            let written = try await actions()
            #expect(written.contains("status-ok") && written.contains("delete-ok"))
            for refused in ["append-limited", "append-stale", "note-moved", "template-gone", "status-gone", "approve-none"] {
                #expect(!written.contains(refused), "\(refused) was audited")
            }
        }
    }
}
