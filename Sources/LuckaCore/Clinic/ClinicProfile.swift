import Foundation

/// A clinic's public profile, as its admin signs it and writers see it.
public struct ClinicProfile: Codable, Hashable, Sendable {
    public static let currentVersion = 1

    public var version: Int
    /// URL-safe short name: lowercase letters, digits and dashes (e.g. `kast-jonkoping`).
    public var slug: String
    public var name: String
    /// County (län), e.g. "Jönköpings län".
    public var region: String
    public var municipalities: [String]
    public var phone: String
    /// Free text, e.g. "tisdagar och torsdagar 08:30–09:30".
    public var phoneHours: String
    /// How soon the clinic answers, as people say it: "inom tre arbetsdagar".
    public var answerTime: String
    public var channels: [Channel]
    /// BCP 47 language tags, e.g. ["sv", "en"].
    public var languages: [String]
    /// A few sentences about who the clinic is.
    public var about: String
    /// What the clinic says, before a person writes, about its duty of confidentiality
    /// and where it ends (e.g. a report of concern when a child is at risk). Optional:
    /// absent, the pages say it in general words.
    public var confidentiality: String?
    /// The profile's texts in other languages, by BCP 47 tag (e.g. "en"). A field that is
    /// absent there is shown in the base language (Swedish), marked as such. Older
    /// readers ignore both fields, so a profile with them is still version 1.
    public var translations: [String: Texts]?

    /// The free-text fields of a profile in one more language.
    public struct Texts: Codable, Hashable, Sendable {
        public var name: String?
        public var about: String?
        public var phoneHours: String?
        public var answerTime: String?
        public var confidentiality: String?

        public init(name: String? = nil, about: String? = nil, phoneHours: String? = nil, answerTime: String? = nil, confidentiality: String? = nil) {
            self.name = name
            self.about = about
            self.phoneHours = phoneHours
            self.answerTime = answerTime
            self.confidentiality = confidentiality
        }
    }

    /// The promise of `answerTime` as a number, for the staff queue's overdue mark:
    /// answered within this many days (1 to 60) of the kind `answerDaysKind`. Optional,
    /// and left out of the document when nil, so profiles without it keep their bytes and
    /// clients that do not know these keys (they ignore unknown keys) read them.
    public var answerDays: Int?
    public var answerDaysKind: AnswerDaysKind?

    /// How `answerDays` are counted: Monday to Friday only (`working`, no holidays), or
    /// every day (`calendar`, the default when left out).
    public enum AnswerDaysKind: String, Codable, Hashable, Sendable, CaseIterable {
        case working, calendar
    }

    /// The largest `answerDays` a profile may promise.
    public static let maximumAnswerDays = 60

    public init(
        slug: String, name: String, region: String, municipalities: [String], phone: String,
        phoneHours: String, answerTime: String, channels: [Channel], languages: [String], about: String,
        answerDays: Int? = nil
    ) {
        self.version = Self.currentVersion
        self.slug = slug
        self.name = name
        self.region = region
        self.municipalities = municipalities
        self.phone = phone
        self.phoneHours = phoneHours
        self.answerTime = answerTime
        self.channels = channels
        self.languages = languages
        self.about = about
        self.answerDays = answerDays
    }

    func checkAnswerDays() throws(LuckaError) {
        if let answerDays, !(1...Self.maximumAnswerDays).contains(answerDays) {
            throw LuckaError(.profileInvalid, "answerDays must be 1 to \(Self.maximumAnswerDays)")
        }
        if answerDaysKind != nil && answerDays == nil {
            throw LuckaError(.profileInvalid, "answerDaysKind goes with answerDays")
        }
    }

    /// Whether `slug` is a valid clinic slug: 2 to 48 of a-z, 0-9 and inner dashes.
    public static func isValidSlug(_ slug: String) -> Bool {
        let bytes = Array(slug.utf8)
        guard (2...48).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: "-")
        }
    }
}
