/// Who is writing: the person themselves, a relative, or a professional asking for advice.
public enum Channel: String, Codable, CaseIterable, Sendable {
    case `self`
    case relative
    case professional
}
