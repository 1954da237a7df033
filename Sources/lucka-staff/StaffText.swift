import Foundation
import LuckaCore
import LuckaText

extension Language {
    /// The language lucka-staff speaks, read before the arguments are parsed (help texts
    /// need it): the last `--lang`, then LUCKA_LANG, then the locale, then Swedish, as
    /// `Language.resolve` explains.
    static let current = resolve(flag: flag(in: Array(CommandLine.arguments.dropFirst())), environment: ProcessInfo.processInfo.environment)

    /// Takes `--lang X` and `--lang=X` out of the arguments (they were read by `current`).
    static func removingOption(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var rest = arguments[...]
        while let word = rest.popFirst() {
            if word == "--" {
                result.append(word)
                result += rest
                break
            }
            if word == "--lang" {
                _ = rest.popFirst()
                continue
            }
            if word.hasPrefix("--lang=") { continue }
            result.append(word)
        }
        return result
    }
}

/// The keys of every word lucka-staff shows a person; the words are in Texts/staff/*.po
/// (LuckaText's `Catalogue.staff`). `{1}`, `{2}`, ... are filled in by `T(_:_:)`; the
/// filled-in values are made terminal-safe by the caller where they come from the relay
/// or a writer. StaffTextTests checks that every key has its words in Swedish and English
/// with the same placeholders, and that every key used in the code exists.
enum Text: String, CaseIterable {
    // Channels and statuses.
    case channelSelf, channelRelative, channelProfessional
    case noticesAbstract, noticesDiscussion, noticesShowAbstract, noticesSetAbstract, noticesSetDiscussion, noticesTargetHelp, noticesIntervalHelp, noticesDailyHelp, noticesClearHelp, noticesTestAbstract, noticeNoTargets, noticeTargets, noticeInterval, noticeDaily, noticeContent, noticeSaved, noticeCleared, noticeDelivered, noticeFailed, noticeDeliveryLine, noticeTargetOrClear, noticeDailyAndInterval, noticeHookHTTPS, noticeHiddenHook, statsAbstract, statsDiscussion, statsFromHelp, statsToHelp, statsFormatHelp, statsOutputHelp, statsBadFormat, statsBadMonth, statsWrote, cannotWrite
    case statusNew, statusAnswered, statusClosed
    // inbox
    case inboxAbstract, inboxChannelHelp, inboxStatusHelp, inboxLimitHelp, inboxMineHelp, inboxUnassignedHelp, inboxOverdueHelp, jsonHelp
    case inboxHeader, inboxEmpty, inboxMore, inboxYou, inboxCannotOpen, inboxWaited, inboxOverdueLegend, inboxNobody, inboxMe
    case daysWorking, daysCalendar
    case noRow, mineAndUnassigned
    // take, give, release
    case takeAbstract, giveAbstract, releaseAbstract, rowOrHandleHelp, colleagueHelp
    case took, gave, released, noColleague, manyColleagues
    // watch
    case watchAbstract, watchIntervalHelp, watchOnceHelp, watchPollsHelp, watchIntervalRange
    case watchStarted, newMessages, watchUnreachable
    // audit
    case auditAbstract, auditFromHelp, auditToHelp, auditHeader, auditEmpty, auditBadDay
    case actionRead, actionReply, actionTake, actionGive, actionRelease, actionDelete, actionStatus
    // read
    case threadHeader, threadHandler, threadWarning, threadWriter, threadClinic, threadUnopenable
    // note
    case noteAbstract, noteDiscussion, noteTextHelp, textFileHelp, notePrompt, noteTooLong, noteSaved, emptyText, noteHeader, noteUnopenable
    // template
    case templateAbstract, templateAddAbstract, templateEditAbstract, templateListAbstract, templateRemoveAbstract, templateNameHelp
    case templateUnknown, templateExists, templateBadName, templatePrompt, templateTooLong, templateAdded, templateEdited, templateRemoved
    case templateNone, templateLine, templateUnopenable, replyTemplateHelp
    // reply
    case replyAbstract, replyDiscussion, replyFileHelp, replyEditHelp, replyYesHelp, replyPrompt, replyQuoteHint, replyDraftFound, replyDraftsMovedAside
    case replyPreview, replyConfirm, replyNotSent, replyFailed, replySent, editorFailed
    // shell
    case shellAbstract, shellIdleHelp, shellIdleRange, shellUnlocked, shellLockedIdle, shellHelp, shellNotHere, shellUnknownGuess, shellUnknown
    case shellLocked, shellWrongPassphrase, shellNoMoreTries, passphrasePrompt, unknownCommand, groupNeedsCommand, removeAbstract, removeDiscussion
    case yesNoHint, dotHint
    // options shared by every command
    case homeHelp, passphraseFileHelp, demoHelp, dataDirHelp, dataDirGoesWithDemo, demoSetsHome, noDemo, noKeystore, identityChanged
    // keygen, enroll, fingerprint, whoami; clinic new-identity, trust-identity
    case enrollDiscussion, newIdentityAbstract, newIdentityDiscussion, notEnrolled, onlyAdminIdentity, newIdentityQuestion, nothingChanged, newIdentityDone, trustIdentityAbstract, trustIdentityDiscussion, trustFingerprintHelp, trustsNoKey, trustedIdentity, keygenAbstract, keygenDiscussion, keystoreExists, choosePassphrase, typeAgain, passphrasesDiffer, keygenDone, enrollAbstract, relayHelp, nameHelp, tokenStdinHelp, foundHelp, profileFileHelp, pinHelp, foundNeedsProfile, profileGoesWithFound, relayScheme, alreadyEnrolled, tokenPrompt, enrolled, clinicFingerprint, mustBeApproved, publishFingerprint, cannotRead, badProfileFile, fingerprintAbstract, youFingerprint, clinicFingerprintLine, whoamiAbstract, whoami, whoamiRelay
    // staff, clinic (admins)
    case staffAbstract, inviteAbstract, roleHelp, invited, inviteNext, staffListAbstract, fingerprintLine, approveAbstract, approveDiscussion, colleagueIDHelp, approveFingerprintHelp, noColleagueID, notPending, fingerprintMismatch, hasFingerprint, doesItMatch, notApproved, approved, noColleagueToRemove, removeQuestion, nobodyRemoved, removed, removedAdmin, clinicAbstract, profileAbstract, profileNameHelp, profilePhoneHelp, profilePhoneHoursHelp, profileAnswerTimeHelp, profileChannelsHelp, profileAboutHelp, profileAnswerDaysHelp, profileAnswerDaysKindHelp, profileConfidentialityHelp, profileTranslationsHelp, badTranslationsFile, channelsAre, profilePublished, rotateAbstract, rotated
    // read, status, delete, export, junk, the root command
    case readAbstract, readDiscussion, readNotIntact, statusAbstract, statusArgumentHelp, statusSet, deleteAbstract, noConfirmHelp, deleteQuestion, nothingDeleted, deleted, exportAbstract, exportDiscussion, exportToHelp, exported, junkAbstract, junkDiscussion, junkYesHelp, junkDryRunHelp, junkNone, junkFound, junkQuestion, junkDeleted, junkSkipped, junkAdminOnly, junkAnsweredKept, rootAbstract, rootDiscussion, unreachable
}

extension Text {
    func text(in language: Language) -> String { Catalogue.staff.text(rawValue, language) }
}

/// The text for `key` in the current language, with `{1}`, `{2}`, ... filled in in one
/// pass, so a value that itself holds "{2}" stays as it is.
func T(_ key: Text, _ values: String...) -> String {
    let named = Dictionary(uniqueKeysWithValues: values.enumerated().map { (String($0.offset + 1), $0.element) })
    return Catalogue.staff.text(key.rawValue, Language.current, named)
}

extension Channel {
    var localized: String {
        switch self {
        case .self: T(.channelSelf)
        case .relative: T(.channelRelative)
        case .professional: T(.channelProfessional)
        }
    }
}

extension ThreadStatus {
    var localized: String {
        switch self {
        case .new: T(.statusNew)
        case .answered: T(.statusAnswered)
        case .closed: T(.statusClosed)
        }
    }
}
